/**
 * Jedis (JedisSentinelPool, 7.x; 8.0 with HELLO 3) replayed on the wire: what it sends to a
 * sentinel and how it reads the answers (redis/jedis JedisSentinelPool: initSentinels,
 * toHostAndPort, MasterListener). The master address is a 2-element array of bulk strings with
 * the port through Integer.parseInt; the listener SUBSCRIBEs to +switch-master (the count is
 * cast to Long) and takes the new master from fields 3 and 4 of the space-split payload.
 */
import { RespClient } from '../../helpers/resp-client.js';
import { awaitFrame, bulk, ClientBreak, fail, field, integer, items, opened, parseJavaInt, stringMap, tolerated } from './wire.js';

export interface Address {
  readonly host: string;
  readonly port: number;
}

const CLIENT = 'Jedis';

/** Jedis' connection set-up: CLIENT SETINFO twice, replies read, errors ignored. */
async function handshake(c: RespClient, resp3: boolean): Promise<void> {
  if (resp3) {
    // Jedis 8 with protocol RESP3: HELLO 3 first; Connection reads `proto` as a Long.
    const hello = await c.call('HELLO', '3');
    const map = stringMap(CLIENT, hello.node, 'HELLO reply', false);
    if (integer(CLIENT, field(CLIENT, map, 'proto', 'HELLO reply'), 'HELLO proto') !== 3) fail(CLIENT, 'HELLO proto must be 3', hello);
  }
  await tolerated(CLIENT, c, [['CLIENT', 'SETINFO', 'LIB-NAME', 'jedis'], ['CLIENT', 'SETINFO', 'LIB-VER', '7.5.3']]);
}

/** sentinelGetMasterAddrByName + toHostAndPort. */
async function masterAddr(c: RespClient, name: string): Promise<Address> {
  const r = await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
  // BuilderFactory.STRING_LIST: an array of bulk strings; Jedis then wants exactly two.
  const parts = items(CLIENT, r.node, 'GET-MASTER-ADDR-BY-NAME reply');
  if (parts.length !== 2) fail(CLIENT, 'GET-MASTER-ADDR-BY-NAME must have 2 elements', r);
  const host = bulk(CLIENT, parts[0]!, 'master host');
  return { host, port: parseJavaInt(CLIENT, bulk(CLIENT, parts[1]!, 'master port'), 'master port') };
}

/** JedisSentinelPool.initSentinels: the first sentinel that answers names the master. */
export async function resolveMaster(sentinelPort: number, name: string, resp3 = false): Promise<Address> {
  const c = await RespClient.connect(sentinelPort);
  try {
    await handshake(c, resp3);
    return await masterAddr(c, name);
  } finally {
    c.close();
  }
}

export interface MasterListener {
  /** The address initPool got from the listener's own GET-MASTER-ADDR-BY-NAME. */
  readonly initial: Address;
  /** Resolves with the address Jedis switches its pool to on the next +switch-master for `name`. */
  nextSwitch(timeoutMs: number): Promise<Address>;
  close(): void;
}

/** One MasterListener thread: handshake, GET-MASTER-ADDR-BY-NAME, SUBSCRIBE +switch-master. */
export async function startListener(sentinelPort: number, name: string, resp3 = false): Promise<MasterListener> {
  const kinds = resp3 ? (['push'] as const) : (['array'] as const);
  const c = await RespClient.connect(sentinelPort);
  const initial = await opened(c, async () => {
    await handshake(c, resp3);
    const addr = await masterAddr(c, name);
    const confirm = await c.call('SUBSCRIBE', '+switch-master');
    // JedisPubSub.process: reply[0] "subscribe", reply[2] cast to Long (subscribedChannels).
    const parts = items(CLIENT, confirm.node, 'SUBSCRIBE confirmation', kinds);
    if (bulk(CLIENT, parts[0]!, 'confirmation kind') !== 'subscribe') fail(CLIENT, 'confirmation kind must be subscribe', confirm);
    if (bulk(CLIENT, parts[1]!, 'confirmation channel') !== '+switch-master') fail(CLIENT, 'confirmation must name +switch-master', confirm);
    if (integer(CLIENT, parts[2]!, 'subscribed channel count') !== 1) fail(CLIENT, 'first subscription count must be 1', confirm);
    return addr;
  });
  return {
    initial,
    nextSwitch: (timeoutMs) => awaitFrame(CLIENT, c, kinds, (frame) => {
      if (bulk(CLIENT, frame[0]!, 'frame kind') !== 'message') return undefined;
      const message = bulk(CLIENT, frame[2]!, 'message payload');
      const fields = message.split(' ');
      if (fields.length <= 3) throw new ClientBreak(`${CLIENT}: invalid +switch-master payload ${JSON.stringify(message)}`);
      if (fields[0] !== name) return undefined;
      return { host: fields[3]!, port: parseJavaInt(CLIENT, fields[4] ?? '', '+switch-master field 4') };
    }, timeoutMs),
    close: () => c.close(),
  };
}
