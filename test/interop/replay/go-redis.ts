/**
 * go-redis v9 (NewFailoverClient) replayed on the wire: `hello 3` (an error would mean RESP2,
 * anything but a map aborts), pipelined `client setinfo`, `sentinel get-master-addr-by-name`,
 * `sentinel sentinels` / `sentinel replicas` (maps or flat arrays, ReadMapLen), then
 * `subscribe +switch-master +replica-reconf-done` (counts asserted as int64), `ping` health
 * checks on the subscribed connection, and the switch taken from payload fields 3 and 4
 * (redis/go-redis sentinel.go, pubsub.go newMessage). Debian's v5.2.9 listener (RESP2, no
 * handshake) is replayed too.
 */
import { encodeCommand, RespClient, type RespNode } from '../../helpers/resp-client.js';
import type { Address } from './jedis.js';
import { awaitFrame, bulk, ClientBreak, fail, integer, items, opened, pipeline, stringMap } from './wire.js';

const CLIENT = 'go-redis';
const KINDS = ['push', 'array'] as const;

/** initConn: hello 3 (with setname) first, then the two setinfo calls pipelined, errors ignored. */
export async function connect(sentinelPort: number): Promise<RespClient> {
  return opened(await RespClient.connect(sentinelPort), async (c) => {
    const hello = await c.call('hello', '3', 'setname', 'go-replay');
    if (hello.node.type === 'error') fail(CLIENT, 'HELLO 3 must succeed on a sentinel that speaks RESP3', hello);
    stringMap(CLIENT, hello.node, 'HELLO reply', false);
    const replies = await pipeline(c, [['client', 'setinfo', 'LIB-NAME', 'go-redis(,go1.22.0)'], ['client', 'setinfo', 'LIB-VER', '9.22.0']]);
    for (const r of replies) if (r.node.type !== 'simple' && r.node.type !== 'error') fail(CLIENT, 'client setinfo must answer a status or an error', r);
    return c;
  });
}

/** GetMasterAddrByName (StringSliceCmd) joined as host:port. */
export async function masterAddr(c: RespClient, name: string): Promise<Address> {
  const r = await c.call('sentinel', 'get-master-addr-by-name', name);
  const parts = items(CLIENT, r.node, 'get-master-addr-by-name reply');
  if (parts.length < 2) fail(CLIENT, 'insufficient master address data', r);
  const port = bulk(CLIENT, parts[1]!, 'port');
  if (!/^\d+$/.test(port)) fail(CLIENT, 'port must be digits', r);
  return { host: bulk(CLIENT, parts[0]!, 'host'), port: Number(port) };
}

/** MapStringStringSliceCmd: a list of maps (or flat arrays) of string values. */
function instances(node: RespNode, what: string): Map<string, string>[] {
  return items(CLIENT, node, what).map((entry) => {
    const out = new Map<string, string>();
    for (const [k, v] of stringMap(CLIENT, entry, `${what} entry`, true)) out.set(k, bulk(CLIENT, v, `${what} ${k}`));
    return out;
  });
}

/** discoverSentinels: ip + port of every entry. */
export async function sentinels(c: RespClient, name: string): Promise<Address[]> {
  return instances((await c.call('sentinel', 'sentinels', name)).node, 'sentinel sentinels').map((m) => ({ host: m.get('ip') ?? '', port: Number(m.get('port') ?? '') }));
}

/** parseReplicaAddrs: drops entries whose flags contain the exact token s_down, o_down or disconnected. */
export async function replicas(c: RespClient, name: string): Promise<Address[]> {
  return instances((await c.call('sentinel', 'replicas', name)).node, 'sentinel replicas')
    .filter((m) => !(m.get('flags') ?? '').split(',').some((f) => f === 's_down' || f === 'o_down' || f === 'disconnected'))
    .filter((m) => (m.get('ip') ?? '') !== '' && (m.get('port') ?? '') !== '')
    .map((m) => ({ host: m.get('ip')!, port: Number(m.get('port')) }));
}

/** newMessage for a subscription confirmation: reply[2].(int64). */
function subscription(node: RespNode, channel: string, count: number): void {
  const parts = items(CLIENT, node, 'subscribe confirmation', KINDS);
  if (bulk(CLIENT, parts[0]!, 'kind') !== 'subscribe' || bulk(CLIENT, parts[1]!, 'channel') !== channel) fail(CLIENT, `expected the subscribe confirmation for ${channel}`, node);
  if (integer(CLIENT, parts[2]!, 'subscription count (int64 assertion)') !== count) fail(CLIENT, `count must be ${count}`, node);
}

export interface Listener {
  /** The subscribed connection's health check: `ping` must come back as a Pong. */
  ping(): Promise<void>;
  nextSwitch(timeoutMs: number): Promise<Address>;
  close(): void;
}

/**
 * setSentinel: subscribe to +switch-master and +replica-reconf-done on the chosen sentinel.
 * `v5` replays Debian's go-redis 5.2.9 instead: no handshake at all (RESP2), one channel.
 */
export async function listen(sentinelPort: number, name: string, v5 = false): Promise<Listener> {
  const c = v5
    ? await opened(await RespClient.connect(sentinelPort), async (conn) => {
      subscription((await conn.call('SUBSCRIBE', '+switch-master')).node, '+switch-master', 1);
      return conn;
    })
    : await opened(await connect(sentinelPort), async (conn) => {
      conn.writeRaw(encodeCommand(['subscribe', '+switch-master', '+replica-reconf-done']));
      subscription((await conn.next()).node, '+switch-master', 1);
      subscription((await conn.next()).node, '+replica-reconf-done', 2);
      return conn;
    });
  return {
    ping: async () => {
      const r = await c.call('ping');
      // newMessage: a plain string is a Pong; so is an array whose first element is "pong"
      // (the only form a RESP2 connection gets, and the only one v5 knows).
      if (!v5 && (r.node.type === 'simple' || r.node.type === 'bulk')) return;
      const parts = items(CLIENT, r.node, 'ping reply while subscribed', KINDS);
      if (bulk(CLIENT, parts[0]!, 'ping kind') !== 'pong') fail(CLIENT, 'ping reply must be a pong', r);
      bulk(CLIENT, parts[1]!, 'pong payload');
    },
    nextSwitch: (timeoutMs) => awaitFrame(CLIENT, c, KINDS, (frame) => {
      if (bulk(CLIENT, frame[0]!, 'kind') !== 'message' || bulk(CLIENT, frame[1]!, 'channel') !== '+switch-master') return undefined;
      const fields = bulk(CLIENT, frame[2]!, 'payload').split(' ');
      if (fields[0] !== name) return undefined;
      if (fields.length < 5) throw new ClientBreak(`${CLIENT}: +switch-master payload has ${fields.length} fields`);
      return { host: fields[3]!, port: Number(fields[4]) };
    }, timeoutMs),
    close: () => c.close(),
  };
}
