/**
 * Read-only SENTINEL subcommands: instance maps (field order, counts, types, RESP2 vs RESP3),
 * GET-MASTER-ADDR-BY-NAME, CKQUORUM, INFO-CACHE, PENDING-SCRIPTS, MYID. Expected bytes follow
 * captures from redis-sentinel 7.0.15 (3 sentinels, 1 master, 2 replicas on loopback).
 */
import { describe, expect, it } from 'vitest';
import { at, Box, items, MYID, pairsOf, T0, text } from './sentinel-harness.js';

/** RESP bytes of a map of bulk strings, as RESP3 (`%`) or RESP2 (flat `*`). */
function mapBytes(pairs: readonly (readonly [string, string])[], proto: 2 | 3): string {
  const head = proto === 3 ? `%${pairs.length}\r\n` : `*${pairs.length * 2}\r\n`;
  return head + pairs.map(([k, v]) => `$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`).join('');
}

const HEALTHY_MASTER: readonly (readonly [string, string])[] = [
  ['name', 'mymaster'],
  ['ip', '127.0.0.1'],
  ['port', '42001'],
  ['runid', 'b4799bc693e704bf3fe059d583fa7bb66017bf9e'],
  ['flags', 'master'],
  ['link-pending-commands', '0'],
  ['link-refcount', '1'],
  ['last-ping-sent', '0'],
  ['last-ok-ping-reply', '25'],
  ['last-ping-reply', '25'],
  ['down-after-milliseconds', '30000'],
  ['info-refresh', '1000'],
  ['role-reported', 'master'],
  ['role-reported-time', '10000'],
  ['config-epoch', '0'],
  ['num-slaves', '2'],
  ['num-other-sentinels', '2'],
  ['quorum', '2'],
  ['failover-timeout', '180000'],
  ['parallel-syncs', '1'],
];

function group(): Box {
  const box = new Box();
  const m = box.master('mymaster', 42001);
  box.replica(m, 42002);
  box.replica(m, 42003);
  box.peer(m, '0a3194919222f623f7401923f5dc6e6785a997cb', 42013);
  box.peer(m, '1adde85936bebefa1c0ad2cda6c240ec90670794', 42012);
  return box;
}

describe('SENTINEL MASTER / MASTERS', () => {
  it.each([2, 3] as const)('describes a healthy master with 20 bulk pairs in RESP%i', (proto) => {
    const box = group().proto(proto);
    expect(box.sentinel('master', 'mymaster').bytes).toBe(mapBytes(HEALTHY_MASTER, proto));
    const all = box.sentinel('masters').bytes;
    expect(all).toBe(`*1\r\n${mapBytes(HEALTHY_MASTER, proto)}`);
  });

  it('answers an unknown (or differently cased) name with the No such master error', () => {
    const box = group();
    expect(box.sentinel('master', 'MYMASTER').bytes).toBe('-ERR No such master with that name\r\n');
  });

  it('adds failover-state after link-refcount while a failover runs (21 pairs)', () => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    m.failoverState = 'wait_start';
    m.forceFailover = true;
    const pairs = pairsOf(box.sentinel('master', 'mymaster').reply);
    expect(pairs).toHaveLength(21);
    expect(pairs[4]).toEqual(['flags', 'master,failover_in_progress,force_failover']);
    expect(pairs[7]).toEqual(['failover-state', 'wait_start']);
    expect(pairs[8]![0]).toBe('last-ping-sent');
  });

  it('shows down times, pending PING age and scripts when they apply (24 pairs)', () => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    Object.assign(m, { sDown: true, sDownSinceTime: T0.mono - 4_000, oDown: true, oDownSinceTime: T0.mono - 3_000 });
    Object.assign(m.link, { disconnected: true, actPingTime: T0.mono - 5_000, pendingCommands: 42 });
    m.notificationScript = '/n.sh';
    m.clientReconfigScript = '/c.sh';
    const pairs = pairsOf(box.sentinel('master', 'mymaster').reply);
    expect(pairs.map(([k]) => k)).toEqual([
      'name', 'ip', 'port', 'runid', 'flags', 'link-pending-commands', 'link-refcount',
      'last-ping-sent', 'last-ok-ping-reply', 'last-ping-reply', 's-down-time', 'o-down-time',
      'down-after-milliseconds', 'info-refresh', 'role-reported', 'role-reported-time',
      'config-epoch', 'num-slaves', 'num-other-sentinels', 'quorum', 'failover-timeout',
      'parallel-syncs', 'notification-script', 'client-reconfig-script',
    ]);
    expect(Object.fromEntries(pairs)).toMatchObject({
      flags: 's_down,o_down,master,disconnected',
      'link-pending-commands': '42',
      'last-ping-sent': '5000',
      's-down-time': '4000',
      'o-down-time': '3000',
      'notification-script': '/n.sh',
      'client-reconfig-script': '/c.sh',
    });
  });

  it('prints info-refresh 0 for a master that never answered INFO', () => {
    const box = group();
    box.state.masters.get('mymaster')!.infoRefresh = 0;
    expect(Object.fromEntries(pairsOf(box.sentinel('master', 'mymaster').reply))['info-refresh']).toBe('0');
  });

  it('shows the hostname as ip with announce-hostnames', () => {
    const box = new Box();
    box.state.masters.set('h', { ...box.master('h'), addr: { host: 'redis.local', ip: '10.0.0.1', port: 6379 } });
    expect(Object.fromEntries(pairsOf(box.sentinel('master', 'h').reply)).ip).toBe('10.0.0.1');
    box.state.settings.announceHostnames = true;
    expect(Object.fromEntries(pairsOf(box.sentinel('master', 'h').reply)).ip).toBe('redis.local');
  });

  it('lists masters through the Valkey alias PRIMARIES and PRIMARY', () => {
    const box = group();
    expect(box.sentinel('primaries').bytes).toBe(box.sentinel('masters').bytes);
    expect(box.sentinel('PRIMARY', 'mymaster').bytes).toBe(box.sentinel('master', 'mymaster').bytes);
  });
});

describe('SENTINEL REPLICAS / SLAVES', () => {
  const REPLICA: readonly (readonly [string, string])[] = [
    ['name', '127.0.0.1:42002'],
    ['ip', '127.0.0.1'],
    ['port', '42002'],
    ['runid', '42002'.padEnd(40, 'a')],
    ['flags', 'slave'],
    ['link-pending-commands', '0'],
    ['link-refcount', '1'],
    ['last-ping-sent', '0'],
    ['last-ok-ping-reply', '25'],
    ['last-ping-reply', '25'],
    ['down-after-milliseconds', '30000'],
    ['info-refresh', '1000'],
    ['role-reported', 'slave'],
    ['role-reported-time', '10000'],
    ['master-link-down-time', '0'],
    ['master-link-status', 'ok'],
    ['master-host', '127.0.0.1'],
    ['master-port', '42001'],
    ['slave-priority', '100'],
    ['slave-repl-offset', '827'],
    ['replica-announced', '1'],
  ];

  it.each([2, 3] as const)('describes each replica with 21 bulk pairs in RESP%i', (proto) => {
    const box = group().proto(proto);
    const out = box.sentinel('replicas', 'mymaster').bytes;
    expect(out.startsWith(`*2\r\n${mapBytes(REPLICA, proto)}`)).toBe(true);
    expect(box.sentinel('slaves', 'mymaster').bytes).toBe(out);
  });

  it('hides replicas with replica-announced no, while num-slaves still counts them', () => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    m.replicas.get('127.0.0.1:42003')!.replicaAnnounced = false;
    expect(items(box.sentinel('replicas', 'mymaster').reply)).toHaveLength(1);
    expect(Object.fromEntries(pairsOf(box.sentinel('master', 'mymaster').reply))['num-slaves']).toBe('2');
  });

  it('shows replica state from INFO: unknown master host, link down, flags of a failover', () => {
    const box = group();
    const r = box.state.masters.get('mymaster')!.replicas.get('127.0.0.1:42002')!;
    Object.assign(r, { masterHost: null, masterPort: 0, masterLinkUp: false, masterLinkDownTimeMs: 7000, promoted: true, reconf: 'sent', sDown: true, sDownSinceTime: T0.mono - 10 });
    const fields = Object.fromEntries(pairsOf(items(box.sentinel('replicas', 'mymaster').reply)[0]!));
    expect(fields).toMatchObject({
      flags: 's_down,slave,promoted,reconf_sent',
      's-down-time': '10',
      'master-host': '?',
      'master-port': '0',
      'master-link-status': 'err',
      'master-link-down-time': '7000',
    });
  });

  it('names IPv6 replicas with brackets', () => {
    const box = new Box();
    const m = box.master('v6', 6379, 2, '::1');
    box.replica(m, 6380, {}, '::1');
    expect(Object.fromEntries(pairsOf(items(box.sentinel('replicas', 'v6').reply)[0]!)).name).toBe('[::1]:6380');
  });

  it('errors on unknown masters', () => {
    expect(new Box().sentinel('slaves', 'nope').bytes).toBe('-ERR No such master with that name\r\n');
  });
});

describe('SENTINEL SENTINELS', () => {
  const PEER: readonly (readonly [string, string])[] = [
    ['name', '0a3194919222f623f7401923f5dc6e6785a997cb'],
    ['ip', '127.0.0.1'],
    ['port', '42013'],
    ['runid', '0a3194919222f623f7401923f5dc6e6785a997cb'],
    ['flags', 'sentinel'],
    ['link-pending-commands', '0'],
    ['link-refcount', '1'],
    ['last-ping-sent', '0'],
    ['last-ok-ping-reply', '25'],
    ['last-ping-reply', '25'],
    ['down-after-milliseconds', '30000'],
    ['last-hello-message', '300'],
    ['voted-leader', '?'],
    ['voted-leader-epoch', '0'],
  ];

  it.each([2, 3] as const)('describes each peer with 14 bulk pairs in RESP%i', (proto) => {
    const box = group().proto(proto);
    expect(box.sentinel('sentinels', 'mymaster').bytes.startsWith(`*2\r\n${mapBytes(PEER, proto)}`)).toBe(true);
  });

  it("shows a peer's vote and master_down flag", () => {
    const box = group();
    const p = box.state.masters.get('mymaster')!.sentinels.get('0a3194919222f623f7401923f5dc6e6785a997cb')!;
    Object.assign(p, { masterDown: true, leader: MYID, leaderEpoch: 7 });
    const fields = Object.fromEntries(pairsOf(items(box.sentinel('sentinels', 'mymaster').reply)[0]!));
    expect(fields).toMatchObject({ flags: 'sentinel,master_down', 'voted-leader': MYID, 'voted-leader-epoch': '7' });
  });

  it('errors on unknown masters', () => {
    expect(new Box().sentinel('sentinels', 'nope').bytes).toBe('-ERR No such master with that name\r\n');
  });
});

describe('SENTINEL GET-MASTER-ADDR-BY-NAME', () => {
  it('returns [ip, port] as two bulk strings', () => {
    expect(group().sentinel('get-master-addr-by-name', 'mymaster').bytes).toBe('*2\r\n$9\r\n127.0.0.1\r\n$5\r\n42001\r\n');
  });

  it.each([
    [2, '*-1\r\n'],
    [3, '_\r\n'],
  ] as const)('answers an unknown name with a null array in RESP%i', (proto, bytes) => {
    expect(group().proto(proto).sentinel('get-master-addr-by-name', 'nope').bytes).toBe(bytes);
  });

  it('returns the promoted replica once the failover reached reconf_slaves', () => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    m.replicas.get('127.0.0.1:42002')!.promoted = true;
    m.failoverState = 'wait_promotion';
    expect(box.sentinel('get-master-addr-by-name', 'mymaster').bytes).toBe('*2\r\n$9\r\n127.0.0.1\r\n$5\r\n42001\r\n');
    m.failoverState = 'reconf_slaves';
    expect(box.sentinel('get-master-addr-by-name', 'mymaster').bytes).toBe('*2\r\n$9\r\n127.0.0.1\r\n$5\r\n42002\r\n');
  });

  it('answers the Valkey alias GET-PRIMARY-ADDR-BY-NAME the same way', () => {
    expect(group().sentinel('get-primary-addr-by-name', 'mymaster').bytes).toBe('*2\r\n$9\r\n127.0.0.1\r\n$5\r\n42001\r\n');
  });
});

describe('SENTINEL CKQUORUM', () => {
  it('reports usable sentinels when quorum and majority can be reached', () => {
    expect(group().sentinel('ckquorum', 'mymaster').bytes).toBe(
      '+OK 3 usable Sentinels. Quorum and failover authorization can be reached\r\n',
    );
  });

  it.each([
    [2, 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. Not enough available Sentinels to reach the majority and authorize a failover'],
    [1, 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover'],
    [4, 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. Not enough available Sentinels to reach the majority and authorize a failover'],
  ])('counts SDOWN peers out (quorum %i)', (quorum, message) => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    m.quorum = quorum;
    for (const p of m.sentinels.values()) p.sDown = true;
    expect(box.sentinel('ckquorum', 'mymaster').bytes).toBe(`-${message}\r\n`);
  });

  it('fails on quorum alone when the majority is fine', () => {
    const box = group();
    box.state.masters.get('mymaster')!.quorum = 4;
    expect(text(box.sentinel('ckquorum', 'mymaster').reply)).toBe(
      'NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master',
    );
  });

  it('errors on unknown masters', () => {
    expect(new Box().sentinel('ckquorum', 'nope').bytes).toBe('-ERR No such master with that name\r\n');
  });
});

describe('SENTINEL INFO-CACHE', () => {
  it('returns name then [age, INFO] for the master and each replica; unknown names skipped, repeats once', () => {
    const box = group();
    const m = box.state.masters.get('mymaster')!;
    m.lastInfo = '# Server\r\nrun_id:x\r\n';
    m.replicas.get('127.0.0.1:42002')!.lastInfo = 'r1';
    const out = box.sentinel('info-cache', 'mymaster', 'nope', 'mymaster').bytes;
    expect(out).toBe(
      '*2\r\n$8\r\nmymaster\r\n*3\r\n' +
        '*2\r\n:1000\r\n$20\r\n# Server\r\nrun_id:x\r\n\r\n' +
        '*2\r\n:1000\r\n$2\r\nr1\r\n' +
        '*2\r\n:1000\r\n$-1\r\n',
    );
  });

  it.each([
    [2, '*2\r\n$1\r\nm\r\n*1\r\n*2\r\n:0\r\n$-1\r\n'],
    [3, '*2\r\n$1\r\nm\r\n*1\r\n*2\r\n:0\r\n_\r\n'],
  ] as const)('shows age 0 and a null INFO before any INFO (RESP%i)', (proto, bytes) => {
    const box = new Box().proto(proto);
    box.master('m').infoRefresh = 0;
    expect(box.sentinel('info-cache', 'm').bytes).toBe(bytes);
  });

  it("keeps Redis's quirk: a replica's 'never' test reads the master's INFO time", () => {
    const box = new Box();
    const m = box.master('m');
    m.infoRefresh = 0;
    box.replica(m, 1, { infoRefresh: T0.mono - 5 });
    const entries = items(items(box.sentinel('info-cache', 'm').reply)[1]!);
    expect(items(entries[1]!)[0]).toEqual({ t: 'int', v: 0 });
  });

  it('answers an empty array when nothing matches', () => {
    expect(new Box().sentinel('info-cache', 'nope').bytes).toBe('*0\r\n');
  });
});

describe('SENTINEL PENDING-SCRIPTS', () => {
  const jobs = (box: Box): void => {
    box.state.scripts.push(
      { argv: ['/tmp/fail.sh', '+set', 'master q1 127.0.0.1 42097 quorum 2'], pid: 0, running: false, startTime: 0, retryNum: 1, notBefore: T0.mono + 28_485 },
      { argv: ['/tmp/slow.sh', '+sdown', 'master q1 127.0.0.1 42097'], pid: 7803, running: true, startTime: T0.mono - 1_765, retryNum: 1, notBefore: 0 },
    );
  };

  it('describes scheduled and running jobs with five fields each (RESP2)', () => {
    const box = new Box();
    jobs(box);
    expect(box.sentinel('pending-scripts').bytes).toBe(
      '*2\r\n*10\r\n$4\r\nargv\r\n*3\r\n$12\r\n/tmp/fail.sh\r\n$4\r\n+set\r\n$34\r\nmaster q1 127.0.0.1 42097 quorum 2\r\n' +
        '$5\r\nflags\r\n$9\r\nscheduled\r\n$3\r\npid\r\n$1\r\n0\r\n$9\r\nrun-delay\r\n$5\r\n28485\r\n$9\r\nretry-num\r\n$1\r\n1\r\n' +
        '*10\r\n$4\r\nargv\r\n*3\r\n$12\r\n/tmp/slow.sh\r\n$6\r\n+sdown\r\n$25\r\nmaster q1 127.0.0.1 42097\r\n' +
        '$5\r\nflags\r\n$7\r\nrunning\r\n$3\r\npid\r\n$4\r\n7803\r\n$8\r\nrun-time\r\n$4\r\n1765\r\n$9\r\nretry-num\r\n$1\r\n1\r\n',
    );
  });

  it('uses maps in RESP3 and never shows a negative run-delay', () => {
    const box = new Box().proto(3);
    jobs(box);
    const out = box.run(['sentinel', 'pending-scripts'], at(40_000)).bytes;
    expect(out.startsWith('*2\r\n%5\r\n')).toBe(true);
    expect(out).toContain('$9\r\nrun-delay\r\n$1\r\n0\r\n');
  });

  it('answers an empty array with no scripts', () => {
    expect(new Box().sentinel('pending-scripts').bytes).toBe('*0\r\n');
  });
});

describe('SENTINEL MYID', () => {
  it('returns the 40-char id as a bulk string', () => {
    expect(new Box().sentinel('myid').bytes).toBe(`$40\r\n${MYID}\r\n`);
  });
});
