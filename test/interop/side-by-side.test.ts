/**
 * vigil against real redis-sentinel 7.0.15, same config, same commands, in RESP2 and RESP3.
 * Monitored addresses are closed ports, so both see the same (disconnected) world and even
 * link-derived values must agree; ages are compared by form only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { startRedisSentinel, startVigil, stopAll, type Proc } from '../helpers/processes.js';
import { encodeCommand, RespClient, plain, type RespNode } from '../helpers/resp-client.js';
import { AGE_FIELDS, compareReplies, instanceName, parseInfo, sortCommandInfoSubcommands, sortedBy, sortMapUnder } from '../helpers/side-by-side.js';

const MYID = '0123456789abcdef0123456789abcdef01234567';
const PEER_ID = 'fedcba9876543210fedcba9876543210fedcba98';

let vigil: Proc;
let real: Proc;
let deadPorts: number[];

function config(): string {
  const [m1, r1, s1, m2] = deadPorts as [number, number, number, number];
  return [
    `sentinel myid ${MYID}`,
    `sentinel monitor mymaster 127.0.0.1 ${m1} 2`,
    'sentinel down-after-milliseconds mymaster 600000',
    'sentinel failover-timeout mymaster 120000',
    `sentinel known-replica mymaster 127.0.0.1 ${r1}`,
    `sentinel known-sentinel mymaster 127.0.0.1 ${s1} ${PEER_ID}`,
    `sentinel monitor other 127.0.0.1 ${m2} 1`,
    'sentinel down-after-milliseconds other 600000',
    '',
  ].join('\n');
}

beforeAll(async () => {
  deadPorts = [await freePort(), await freePort(), await freePort(), await freePort()];
  [vigil, real] = await Promise.all([startVigil({ config: config() }), startRedisSentinel({ config: config() })]);
});
afterAll(stopAll);

async function both(proto: 2 | 3, ...args: string[]): Promise<[RespNode, RespNode]> {
  const [a, b] = await Promise.all([RespClient.connect(vigil.port), RespClient.connect(real.port)]);
  try {
    if (proto === 3) await Promise.all([a.call('HELLO', '3'), b.call('HELLO', '3')]);
    const [ra, rb] = await Promise.all([a.call(...args), b.call(...args)]);
    return [ra.node, rb.node];
  } finally {
    a.close();
    b.close();
  }
}

const PROTOS = [2, 3] as const;

/**
 * Redis walks its dictionaries in a per-process random hash order (masters, subcommands,
 * category members); vigil uses a fixed order. Such replies are compared order-free.
 */
function orderFree(args: readonly string[], node: RespNode): RespNode {
  const cmd = args.map((a) => a.toUpperCase()).join(' ');
  const byText = (n: RespNode): string => ('value' in n ? String(n.value) : '');
  if (cmd === 'SENTINEL MASTERS') return sortedBy(node, instanceName);
  if (cmd === 'ROLE' && node.type === 'array') return { ...node, value: [node.value[0]!, sortedBy(node.value[1]!, byText)] };
  if (cmd.startsWith('COMMAND INFO')) return sortCommandInfoSubcommands(node);
  if (cmd.startsWith('COMMAND DOCS')) return sortMapUnder(node, 'subcommands');
  if (cmd.startsWith('ACL CAT ')) return sortedBy(node, byText);
  return node;
}

/** Commands whose replies must match exactly (ages by form). Run before any mutation. */
const EXACT: string[][] = [
  ['PING'],
  ['ping', 'hello world'],
  ['ROLE'],
  ['SENTINEL', 'MASTERS'],
  ['SENTINEL', 'MASTER', 'mymaster'],
  ['SENTINEL', 'master', 'nosuch'],
  ['SENTINEL', 'REPLICAS', 'mymaster'],
  ['SENTINEL', 'SLAVES', 'mymaster'],
  ['SENTINEL', 'SENTINELS', 'mymaster'],
  ['SENTINEL', 'get-master-addr-by-name', 'mymaster'],
  ['SENTINEL', 'get-master-addr-by-name', 'nosuch'],
  ['SENTINEL', 'MYID'],
  ['SENTINEL', 'CKQUORUM', 'mymaster'],
  ['SENTINEL', 'CKQUORUM', 'other'],
  ['SENTINEL', 'CONFIG', 'GET', '*'],
  ['SENTINEL', 'CONFIG', 'GET', 'announce-*'],
  ['SENTINEL', 'CONFIG', 'GET', 'nomatch'],
  ['SENTINEL', 'CONFIG', 'GET'],
  ['SENTINEL', 'CONFIG', 'FOO', 'bar'],
  ['SENTINEL', 'DEBUG'],
  ['SENTINEL', 'DEBUG', 'ping-period'],
  ['SENTINEL', 'DEBUG', 'nope', '1'],
  ['SENTINEL', 'DEBUG', 'ping-period', 'x'],
  ['SENTINEL', 'INFO-CACHE', 'mymaster'],
  ['SENTINEL', 'INFO-CACHE', 'nosuch'],
  ['SENTINEL', 'PENDING-SCRIPTS'],
  ['SENTINEL', 'HELP'],
  ['SENTINEL', 'SIMULATE-FAILURE', 'help'],
  ['SENTINEL', 'SIMULATE-FAILURE', 'bogus'],
  ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '1', '0', '*'],
  ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'],
  ['SENTINEL', 'FAILOVER', 'mymaster'],
  ['SENTINEL', 'FAILOVER', 'nosuch'],
  ['SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6379', 'q'],
  ['SENTINEL', 'MONITOR', 'x', '127.0.0.1', 'p', '2'],
  ['SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6379', '0'],
  ['SENTINEL', 'MONITOR', 'x', 'not-an-ip', '6379', '2'],
  ['SENTINEL', 'MONITOR', 'mymaster', '127.0.0.1', '6379', '2'],
  ['SENTINEL', 'MONITOR', 'x', '127.0.0.1', '70000', '2'],
  ['SENTINEL', 'SET', 'nosuch', 'quorum', '2'],
  ['SENTINEL', 'SET', 'mymaster', 'quorum', 'x'],
  ['SENTINEL', 'SET', 'mymaster', 'bogus', '1'],
  ['SENTINEL', 'SET', 'mymaster', 'notification-script', '/bin/true'],
  ['SENTINEL', 'REMOVE', 'nosuch'],
  ['SENTINEL', 'FOO'],
  ['SENTINEL'],
  ['SENTINEL', 'MASTERS', 'extra'],
  ['SENTINEL', 'MASTER'],
  ['FOOBAR', 'a', 'b'],
  ['FOOBAR'],
  ['QUIT'],
  ['CONFIG', 'GET', 'port'],
  ['PUBLISH', 'chan', 'msg'],
  ['PUBLISH', '__sentinel__:hello', 'garbage'],
  ['AUTH', 'pw'],
  ['AUTH', 'nosuchuser', 'pw'],
  ['AUTH', 'default', 'anything'],
  ['HELLO', '4'],
  ['HELLO', 'x'],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'SETNAME', 'has space'],
  ['CLIENT', 'SETNAME', 'ok-name'],
  ['CLIENT', 'MAINT_NOTIFICATIONS', 'ON', 'moving-endpoint-type', 'internal-ip'],
  ['CLIENT', 'KILL', '127.0.0.1:1'],
  ['CLIENT', 'KILL', 'ID', '999999'],
  ['CLIENT', 'KILL', 'BOGUS', 'x'],
  ['CLIENT', 'NOPE'],
  ['CLIENT', 'HELP'],
  ['COMMAND', 'COUNT'],
  ['COMMAND', 'INFO', 'ping', 'sentinel', 'get'],
  ['COMMAND', 'DOCS', 'ping'],
  ['COMMAND', 'DOCS', 'sentinel'],
  ['COMMAND', 'GETKEYS', 'ping'],
  ['COMMAND', 'HELP'],
  ['COMMAND', 'NOPE'],
  ['ACL', 'WHOAMI'],
  ['ACL', 'USERS'],
  ['ACL', 'LIST'],
  ['ACL', 'CAT'],
  ['ACL', 'CAT', 'admin'],
  ['ACL', 'GETUSER', 'default'],
  ['ACL', 'GETUSER', 'nosuch'],
  ['ACL', 'LOG'],
  ['ACL', 'HELP'],
  ['ACL', 'DRYRUN', 'default', 'ping'],
  ['ACL', 'SAVE'],
  ['ACL', 'LOAD'],
  ['ACL', 'NOPE'],
  ['INFO', 'keyspace'],
  ['UNSUBSCRIBE'],
  ['PUNSUBSCRIBE'],
];

describe('replies match redis-sentinel 7.0.15', () => {
  for (const proto of PROTOS) {
    it.each(EXACT.map((args) => [args.join(' '), args] as const))(`RESP${proto}: %s`, async (_label, args) => {
      const [ours, theirs] = (await both(proto, ...args)).map((n) => orderFree(args, n)) as [RespNode, RespNode];
      expect(compareReplies(ours, theirs).join('\n')).toBe('');
    });
  }

  it.each(PROTOS)('HELLO %i answers the same six fields (ids differ)', async (proto) => {
    const [ours, theirs] = await both(2, 'HELLO', String(proto));
    expect(compareReplies(ours, theirs, new Set([...AGE_FIELDS, 'id']))).toEqual([]);
  });

  it('accepts CLIENT SETINFO as 7.2 does, where 7.0.15 answers unknown subcommand (deliberate)', async () => {
    // Every client that sends SETINFO ignores the 7.0 error, and 7.2's reply lets CLIENT LIST
    // show lib-name/lib-ver; the issue asks for it. Both replies are ordinary, the socket stays open.
    const [ours, theirs] = await both(2, 'CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis');
    expect(plain(ours)).toBe('OK');
    expect(plain(theirs)).toBe("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.");
    const [bad] = await both(2, 'CLIENT', 'SETINFO', 'BOGUS', 'x');
    expect(plain(bad)).toBe("ERR Unrecognized option 'BOGUS'");
  });

  it.each(PROTOS)('CLIENT ID is an integer (RESP%i)', async (proto) => {
    const [ours, theirs] = await both(proto, 'CLIENT', 'ID');
    expect(ours.type).toBe('int');
    expect(theirs.type).toBe('int');
  });

  it.each([['CLIENT', 'INFO'], ['CLIENT', 'LIST']])('%s %s has the same fields in the same order', async (...args) => {
    const [ours, theirs] = await both(2, ...args);
    const fields = (n: RespNode): string[] => ('value' in n ? String(n.value) : '').trim().split('\n')[0]!.split(' ').map((kv) => kv.split('=')[0]!);
    expect(ours.type).toBe(theirs.type);
    expect(fields(ours)).toEqual(fields(theirs));
  });

  it('COMMAND LIST names the same 15 commands', async () => {
    const [ours, theirs] = await both(2, 'COMMAND', 'LIST');
    const sorted = (n: RespNode): unknown => (plain(n) as string[]).slice().sort();
    expect(sorted(ours)).toEqual(sorted(theirs));
  });

  it.each(PROTOS)('INFO has the same sections and fields (RESP%i)', async (proto) => {
    const [ours, theirs] = await both(proto, 'INFO');
    expect(ours.type).toBe('bulk');
    expect(theirs.type).toBe('bulk');
    const a = parseInfo((ours as { value: string }).value);
    const b = parseInfo((theirs as { value: string }).value);
    expect(a.map(([s]) => s)).toEqual(b.map(([s]) => s));
    for (const [i, [section, fields]] of b.entries()) {
      const ourFields = a[i]![1].map(([k]) => k).filter((k) => k !== 'vigil_version');
      expect({ section, fields: ourFields }).toEqual({ section, fields: fields.map(([k]) => k) });
    }
    // masterN lines follow the masters' (hash) order: compare their values as a set.
    const sentinelOf = (s: [string, [string, string][]][]): unknown => {
      const fields = s.find(([n]) => n === 'Sentinel')![1];
      return [fields.filter(([k]) => !/^master\d+$/.test(k)), fields.filter(([k]) => /^master\d+$/.test(k)).map(([, v]) => v).sort()];
    };
    expect(sentinelOf(a)).toEqual(sentinelOf(b));
  });

  it('INFO server reports the sentinel mode and a 7.0.15 version', async () => {
    const [ours] = await both(2, 'INFO', 'server');
    const text = (ours as { value: string }).value;
    expect(text).toContain('redis_version:7.0.15\r\n');
    expect(text).toContain('redis_mode:sentinel\r\n');
  });
});

describe('pub/sub matches redis-sentinel', () => {
  it.each(PROTOS)('PSUBSCRIBE * delivers the same +set event frames (RESP%i)', async (proto) => {
    const subs = await Promise.all([RespClient.connect(vigil.port), RespClient.connect(real.port)]);
    try {
      if (proto === 3) await Promise.all(subs.map((s) => s.call('HELLO', '3')));
      const confirmations = await Promise.all(subs.map((s) => s.call('PSUBSCRIBE', '*')));
      expect(compareReplies(confirmations[0].node, confirmations[1].node)).toEqual([]);
      const [ours, theirs] = await both(2, 'SENTINEL', 'SET', 'other', 'quorum', '1');
      expect(compareReplies(ours, theirs).join('\n')).toBe('');
      const events = await Promise.all(subs.map((s) => s.next()));
      expect(compareReplies(events[0].node, events[1].node)).toEqual([]);
      expect(plain(events[0].node)).toEqual(['pmessage', '*', '+set', `master other 127.0.0.1 ${deadPorts[3]} quorum 1`]);
    } finally {
      subs.forEach((s) => s.close());
    }
  });

  it('answers PING and refuses other commands in a RESP2 subscribed context, like Redis', async () => {
    const subs = await Promise.all([RespClient.connect(vigil.port), RespClient.connect(real.port)]);
    try {
      for (const args of [['SUBSCRIBE', '+sdown', '+odown'], ['PING'], ['PING', 'x'], ['SENTINEL', 'MYID'], ['UNSUBSCRIBE']]) {
        const count = args[0] === 'SUBSCRIBE' || args[0] === 'UNSUBSCRIBE' ? 2 : 1;
        subs.forEach((s) => s.writeRaw(encodeCommand(args)));
        const replies = await Promise.all(subs.map(async (s) => {
          const got: RespNode[] = [];
          for (let i = 0; i < count; i++) got.push((await s.next()).node);
          return got;
        }));
        // UNSUBSCRIBE without arguments walks the subscriptions in hash order: compare channels as a set.
        const channelsOf = (r: RespNode[]): unknown => r.map((n) => (plain(n) as unknown[])[1]).sort();
        if (args[0] === 'UNSUBSCRIBE') expect(channelsOf(replies[0]!)).toEqual(channelsOf(replies[1]!));
        else replies[0]!.forEach((n, i) => expect(compareReplies(n, replies[1]![i]!).join('\n')).toBe(''));
      }
    } finally {
      subs.forEach((s) => s.close());
    }
  });
});

describe('state-changing commands match redis-sentinel', () => {
  it('votes in IS-MASTER-DOWN-BY-ADDR and reports the earlier vote for the same epoch', async () => {
    const port = String(deadPorts[3]);
    for (const runid of ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']) {
      const [ours, theirs] = await both(2, 'SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', port, '7', runid);
      expect(compareReplies(ours, theirs).join('\n')).toBe('');
      expect(plain(ours)).toEqual([0, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 7]);
    }
  });

  it('applies SENTINEL SET options, CONFIG SET, MONITOR, REMOVE and RESET identically', async () => {
    const steps: string[][] = [
      ['SENTINEL', 'SET', 'other', 'down-after-milliseconds', '5000', 'failover-timeout', '9000', 'parallel-syncs', '3'],
      ['SENTINEL', 'SET', 'other', 'auth-pass', 'secret', 'auth-user', 'bob', 'master-reboot-down-after-period', '100'],
      ['SENTINEL', 'SET', 'other', 'rename-command', 'CONFIG', 'MYCONFIG'],
      ['SENTINEL', 'SET', 'other', 'quorum', '2', 'parallel-syncs'],
      ['SENTINEL', 'MASTER', 'other'],
      ['SENTINEL', 'CONFIG', 'SET', 'announce-ip', '10.0.0.1'],
      ['SENTINEL', 'CONFIG', 'SET', 'announce-port', '99999'],
      ['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'maybe'],
      ['SENTINEL', 'CONFIG', 'SET', 'nope', 'x'],
      ['SENTINEL', 'CONFIG', 'GET', '*'],
      ['SENTINEL', 'MONITOR', 'third', '127.0.0.1', '1', '3'],
      ['SENTINEL', 'MASTER', 'third'],
      ['SENTINEL', 'REMOVE', 'third'],
      ['SENTINEL', 'RESET', 'nomatch*'],
      ['SENTINEL', 'RESET', 'my*'],
      ['SENTINEL', 'REPLICAS', 'mymaster'],
      ['SENTINEL', 'SENTINELS', 'mymaster'],
      ['SENTINEL', 'FLUSHCONFIG'],
    ];
    for (const args of steps) {
      const [ours, theirs] = await both(2, ...args);
      // A master monitored a moment ago is `disconnected` until its first connection attempt
      // (both implementations start it on their next timer tick, so either may not have yet).
      const justMonitored = args[1] === 'MASTER' && args[2] === 'third';
      const loose = justMonitored ? new Set([...AGE_FIELDS, 'flags']) : AGE_FIELDS;
      expect(`${args.join(' ')}\n${compareReplies(ours, theirs, loose).join('\n')}`).toBe(`${args.join(' ')}\n`);
      if (justMonitored) for (const r of [ours, theirs]) expect((plain(r) as string[])[(plain(r) as string[]).indexOf('flags') + 1]).toMatch(/^master(,disconnected)?$/);
    }
  });
});
