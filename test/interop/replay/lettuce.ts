/**
 * Lettuce 7.x replayed on the wire: the RESP3 handshake (RedisHandshake: HELLO 3 with SETNAME,
 * then fire-and-forget CLIENT SETINFO), the standalone lookup (SENTINEL get-master-addr-by-name,
 * port only from a bulk string: SocketAddressOutput has no integer path) and the MasterReplica
 * topology (SENTINEL master / SENTINEL replicas as RESP3 maps, flag filter, PSUBSCRIBE * with
 * the refresh predicates of SentinelTopologyRefresh).
 */
import { RespClient, type RespNode } from '../../helpers/resp-client.js';
import type { Address } from './jedis.js';
import { awaitFrame, bulk, fail, field, integer, items, opened, parseJavaInt, stringMap, tolerated } from './wire.js';

const CLIENT = 'Lettuce';

/** Lettuce reads these HELLO entries with casts: id to Long, the others to String. */
function checkHello(node: RespNode): Map<string, RespNode> {
  const map = stringMap(CLIENT, node, 'HELLO reply', false);
  integer(CLIENT, field(CLIENT, map, 'id', 'HELLO reply'), 'HELLO id');
  if (integer(CLIENT, field(CLIENT, map, 'proto', 'HELLO reply'), 'HELLO proto') !== 3) fail(CLIENT, 'HELLO proto must be 3', node);
  // A sentinel's HELLO has no `role` (real Sentinel leaves it out); a missing entry casts to null.
  for (const key of ['server', 'version', 'mode', 'role']) {
    const v = map.get(key);
    if (v === undefined && key === 'role') continue;
    if (v === undefined) field(CLIENT, map, key, 'HELLO reply');
    else if (v.type !== 'bulk' && v.type !== 'simple') fail(CLIENT, `HELLO ${key} must be a string (cast to String)`, v);
  }
  return map;
}

export async function connect(sentinelPort: number): Promise<RespClient> {
  return opened(await RespClient.connect(sentinelPort), async (c) => {
    checkHello((await c.call('HELLO', '3', 'SETNAME', 'lettuce-replay')).node);
    await tolerated(CLIENT, c, [['CLIENT', 'SETINFO', 'lib-name', 'Lettuce'], ['CLIENT', 'SETINFO', 'lib-ver', '7.8.0']]);
    return c;
  });
}

/** RedisClient.lookupRedis: SENTINEL get-master-addr-by-name, host then a bulk port. */
export async function lookupMaster(sentinelPort: number, name: string): Promise<Address> {
  const c = await connect(sentinelPort);
  try {
    const r = await c.call('SENTINEL', 'get-master-addr-by-name', name);
    const parts = items(CLIENT, r.node, 'get-master-addr-by-name reply');
    if (parts.length !== 2) fail(CLIENT, 'get-master-addr-by-name must have 2 elements', r);
    return { host: bulk(CLIENT, parts[0]!, 'host'), port: parseJavaInt(CLIENT, bulk(CLIENT, parts[1]!, 'port (SocketAddressOutput takes bulk only)'), 'port') };
  } finally {
    c.close();
  }
}

export interface Topology {
  readonly master: Address;
  /** Replicas SentinelTopologyProvider keeps (no s_down, o_down or disconnected flag). */
  readonly replicas: Address[];
}

/** One instance map: ip, port (bulk, Integer.parseInt) and flags, all Strings. */
function instance(node: RespNode, what: string): Address & { readonly flags: string } {
  const map = stringMap(CLIENT, node, what, false);
  const ip = bulk(CLIENT, field(CLIENT, map, 'ip', what), `${what} ip`);
  const port = parseJavaInt(CLIENT, bulk(CLIENT, field(CLIENT, map, 'port', what), `${what} port`), `${what} port`);
  return { host: ip, port, flags: bulk(CLIENT, field(CLIENT, map, 'flags', what), `${what} flags`) };
}

/** SentinelTopologyProvider.getNodesAsync: SENTINEL master + SENTINEL replicas. */
export async function topology(sentinelPort: number, name: string): Promise<Topology> {
  const c = await connect(sentinelPort);
  try {
    const m = instance((await c.call('SENTINEL', 'master', name)).node, 'SENTINEL master');
    const replicas = items(CLIENT, (await c.call('SENTINEL', 'replicas', name)).node, 'SENTINEL replicas')
      .map((r) => instance(r, 'a SENTINEL replicas entry'))
      .filter((r) => !/s_down|o_down|disconnected/.test(r.flags))
      .map(({ host, port }) => ({ host, port }));
    return { master: { host: m.host, port: m.port }, replicas };
  } finally {
    c.close();
  }
}

/** The SentinelTopologyRefresh predicate for a (channel, message) pair. */
export function triggersRefresh(channel: string, message: string, name: string): boolean {
  if (channel === '+switch-master') return message.startsWith(`${name} `);
  if (channel === '+elected-leader' || channel === '+reset-master') return message.startsWith(`master ${name} `);
  if (['+slave', '+sdown', '-sdown', 'fix-slave-config', '+convert-to-slave', '+role-change'].includes(channel)) return message.includes(`@ ${name} `);
  return channel === 'failover-end' || channel === 'failover-end-for-timeout';
}

export interface RefreshListener {
  /** Channels of the frames that triggered a refresh, in order. */
  readonly triggers: string[];
  /** Waits for a +switch-master that triggers a refresh, then re-reads the topology. */
  refreshOnSwitch(timeoutMs: number): Promise<Topology>;
  close(): void;
}

/** SentinelTopologyRefresh: PSUBSCRIBE * on a sentinel, refresh on matching events. */
export async function listen(sentinelPort: number, name: string): Promise<RefreshListener> {
  const c = await opened(await connect(sentinelPort), async (conn) => {
    const confirm = await conn.call('PSUBSCRIBE', '*');
    const parts = items(CLIENT, confirm.node, 'PSUBSCRIBE confirmation under RESP3', ['push']);
    if (bulk(CLIENT, parts[0]!, 'confirmation kind') !== 'psubscribe') fail(CLIENT, 'confirmation kind must be psubscribe', confirm);
    integer(CLIENT, parts[2]!, 'pattern count');
    return conn;
  });
  const triggers: string[] = [];
  return {
    triggers,
    refreshOnSwitch: async (timeoutMs) => {
      await awaitFrame(CLIENT, c, ['push'], (frame) => {
        if (bulk(CLIENT, frame[0]!, 'frame kind') !== 'pmessage') return undefined;
        const channel = bulk(CLIENT, frame[2]!, 'channel');
        const message = bulk(CLIENT, frame[3]!, 'message');
        if (!triggersRefresh(channel, message, name)) return undefined;
        triggers.push(channel);
        return channel === '+switch-master' ? true : undefined;
      }, timeoutMs);
      return topology(sentinelPort, name);
    },
    close: () => c.close(),
  };
}
