/**
 * StackExchange.Redis (ConnectionMultiplexer.SentinelConnect; 2.x RESP2, 3.x HELLO 3)
 * replayed on the wire. Its sentinel command map allows only auth, hello, ping, info, role,
 * sentinel and the (un)subscribe commands; it learns the server type from INFO
 * (`redis_mode:sentinel`) or HELLO `mode`, picks REPLICAS over SLAVES from the version, reads
 * ports leniently, never filters flags, and on +switch-master re-asks the sentinel and checks
 * ROLE on the data node (ConnectionMultiplexer.Sentinel.cs).
 */
import { RespClient, type RespNode } from '../../helpers/resp-client.js';
import type { Address } from './jedis.js';
import { awaitFrame, bulk, fail, field, integer, items, opened, stringMap } from './wire.js';

const CLIENT = 'StackExchange.Redis';

export interface ServerFacts {
  readonly mode: string;
  readonly version: string;
}

/** Auto-configure on a sentinel endpoint: HELLO 3 (3.x), INFO replication, INFO server, PING. */
export async function autoConfigure(c: RespClient, resp3: boolean): Promise<ServerFacts> {
  let fromHello: ServerFacts | undefined;
  if (resp3) {
    const hello = await c.call('HELLO', '3');
    const map = stringMap(CLIENT, hello.node, 'HELLO reply', false);
    fromHello = { mode: bulk(CLIENT, field(CLIENT, map, 'mode', 'HELLO'), 'HELLO mode'), version: bulk(CLIENT, field(CLIENT, map, 'version', 'HELLO'), 'HELLO version') };
  }
  const replication = await c.call('INFO', 'replication');
  if (replication.node.type !== 'bulk' && replication.node.type !== 'verbatim') fail(CLIENT, 'INFO replication must be a bulk string', replication);
  const server = await c.call('INFO', 'server');
  if (server.node.type !== 'bulk' && server.node.type !== 'verbatim') fail(CLIENT, 'INFO server must be a bulk string', server);
  const mode = /^redis_mode:(\S+)\r?$/m.exec(server.node.value)?.[1] ?? '';
  const version = /^redis_version:(\S+)\r?$/m.exec(server.node.value)?.[1] ?? '';
  const ping = await c.call('PING');
  if (ping.node.type !== 'simple' || ping.node.value !== 'PONG') fail(CLIENT, 'PING must answer +PONG', ping);
  return fromHello ?? { mode, version };
}

/** SentinelGetPrimaryAddressByNameProcessor: two elements, port from a bulk or an integer. */
export async function primaryAddress(c: RespClient, name: string): Promise<Address> {
  const r = await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
  const parts = items(CLIENT, r.node, 'GET-MASTER-ADDR-BY-NAME reply');
  if (parts.length !== 2) fail(CLIENT, 'GET-MASTER-ADDR-BY-NAME must have 2 elements', r);
  const p = parts[1]!;
  const port = p.type === 'int' ? p.value : Number(bulk(CLIENT, p, 'port'));
  if (!Number.isInteger(port)) fail(CLIENT, 'port must be an integer', r);
  return { host: bulk(CLIENT, parts[0]!, 'host'), port };
}

/** The address processors for REPLICAS / SENTINELS: ip and port of every entry, no flag filter. */
async function addresses(c: RespClient, args: string[]): Promise<Address[]> {
  return items(CLIENT, (await c.call(...args)).node, args.join(' ')).map((entry: RespNode) => {
    const map = stringMap(CLIENT, entry, `${args.join(' ')} entry`, true);
    return { host: bulk(CLIENT, field(CLIENT, map, 'ip', 'entry'), 'ip'), port: Number(bulk(CLIENT, field(CLIENT, map, 'port', 'entry'), 'port')) };
  });
}

export async function replicas(c: RespClient, name: string, version: string): Promise<Address[]> {
  // RedisFeatures: servers older than 5.0 only know SLAVES.
  const major = Number(version.split('.')[0]);
  return addresses(c, ['SENTINEL', major >= 5 ? 'REPLICAS' : 'SLAVES', name]);
}

export function sentinels(c: RespClient, name: string): Promise<Address[]> {
  return addresses(c, ['SENTINEL', 'SENTINELS', name]);
}

/** GetSentinelMasterConnection's check on the data node: ROLE must start with "master". */
export async function roleIsMaster(port: number): Promise<boolean> {
  const c = await RespClient.connect(port);
  try {
    const r = await c.call('ROLE');
    const parts = items(CLIENT, r.node, 'ROLE reply');
    return bulk(CLIENT, parts[0]!, 'role') === 'master';
  } finally {
    c.close();
  }
}

export interface Subscriber {
  /** Old address from fields 1 and 2 of the next +switch-master for `name`. */
  nextSwitch(timeoutMs: number): Promise<Address>;
  close(): void;
}

/** InitializeSentinel's three subscriptions, each confirmed with an integer count. */
export async function subscribe(sentinelPort: number, name: string, resp3: boolean): Promise<Subscriber> {
  const kinds = resp3 ? (['push'] as const) : (['array'] as const);
  const c = await opened(await RespClient.connect(sentinelPort), async (conn) => {
    if (resp3) await autoConfigure(conn, true);
    const channels = ['+switch-master', '+sentinel', '__Booksleeve_MasterChanged'];
    for (const [i, channel] of channels.entries()) {
      const r = await conn.call('SUBSCRIBE', channel);
      const parts = items(CLIENT, r.node, 'SUBSCRIBE confirmation', kinds);
      if (bulk(CLIENT, parts[1]!, 'channel') !== channel || integer(CLIENT, parts[2]!, 'subscription count') !== i + 1) fail(CLIENT, `confirmation for ${channel} with count ${i + 1}`, r);
    }
    return conn;
  });
  return {
    nextSwitch: (timeoutMs) => awaitFrame(CLIENT, c, kinds, (frame) => {
      if (bulk(CLIENT, frame[0]!, 'kind') !== 'message' || bulk(CLIENT, frame[1]!, 'channel') !== '+switch-master') return undefined;
      const fields = bulk(CLIENT, frame[2]!, 'payload').split(' ');
      if (fields[0] !== name) return undefined;
      return { host: fields[1]!, port: Number(fields[2]) };
    }, timeoutMs),
    close: () => c.close(),
  };
}
