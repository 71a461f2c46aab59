import { describe, expect, it } from 'vitest';
import { parseInfo, parseReplicaLine } from '../../../src/core/monitor/info-parse.js';
import { bulk, err } from '../../../src/resp/values.js';
import { clientReply, commandsOf, dataNode, infoText, masterInfo, replicaInfo, Rig, RUN_A, RUN_B } from './rig.js';

describe('parseInfo', () => {
  it.each([
    ['slave0:ip=10.0.0.2,port=6380,state=online,offset=1,lag=0', { host: '10.0.0.2', port: 6380 }],
    ['slave12:port=6381,ip=::1,state=wait_bgsave', { host: '::1', port: 6381 }],
    ['slave0:10.0.0.3,6382,online', { host: '10.0.0.3', port: 6382 }],
    ['slave0:10.0.0.3,6382', null],
    ['slave0:ip=10.0.0.4', null],
  ])('reads the replica line %s', (line, expected) => {
    expect(parseReplicaLine(line)).toEqual(expected);
  });

  it('reads replication fields only after role:slave', () => {
    const before = parseInfo('master_host:h\r\nslave_priority:5\r\nrole:master\r\n');
    expect(before).toMatchObject({ role: 'master', masterHost: null, priority: null });
    const after = parseInfo(
      'role:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:down\r\nslave_priority:0\r\nslave_repl_offset:12345\r\nreplica_announced:0\r\n',
    );
    expect(after).toMatchObject({
      role: 'slave', masterHost: '10.0.0.1', masterPort: 6379, masterLinkUp: false, priority: 0, replOffset: 12345, replicaAnnounced: 0,
    });
  });

  it('takes the first 40 characters of run_id and ignores a short one', () => {
    expect(parseInfo(`run_id:${RUN_A}xyz\r\n`).runId).toBe(RUN_A);
    expect(parseInfo('run_id:abc\r\n').runId).toBeNull();
  });

  it('turns master_link_down_since_seconds into ms, -1 included', () => {
    expect(parseInfo('master_link_down_since_seconds:7\r\n').masterLinkDownTimeMs).toBe(7000);
    expect(parseInfo('master_link_down_since_seconds:-1\r\n').masterLinkDownTimeMs).toBe(-1000);
    expect(parseInfo('role:slave\r\n').masterLinkDownTimeMs).toBe(0);
  });

  it('parses numbers like atoi (leading digits, garbage is 0)', () => {
    expect(parseInfo('role:slave\r\nmaster_port:63x\r\nslave_priority:abc\r\n')).toMatchObject({ masterPort: 63, priority: 0 });
  });
});

function watched(info: () => ReturnType<typeof masterInfo>): Rig {
  const rig = new Rig();
  rig.monitor('m', 6379);
  rig.node(6379, dataNode(info));
  rig.start();
  return rig;
}

describe('INFO from a master', () => {
  it('stores the run id, caches the text and discovers replicas with +slave and a flush', () => {
    const info = masterInfo(RUN_A, ['127.0.0.1:6380', '127.0.0.1:6381']);
    const rig = watched(() => info);
    const ready = rig.pump(rig.tick());
    const m = rig.state.masters.get('m')!;
    expect(m.runid).toBe(RUN_A);
    expect(m.lastInfo).toBe(info.t === 'bulk' ? info.v : '');
    expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    expect(rig.events.filter(([t]) => t !== '+monitor')).toEqual([
      ['+slave', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379'],
      ['+slave', 'slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6379'],
    ]);
    expect(ready.some((r) => r.persist !== null)).toBe(true);
    // Known replicas are not announced again.
    rig.run(11_000);
    expect(rig.events.filter(([t]) => t === '+slave')).toHaveLength(2);
  });

  it('drops replica lines whose address is a name when resolve-hostnames is off', () => {
    const rig = watched(() => masterInfo(RUN_A, ['replica.example:6380']));
    rig.pump(rig.tick());
    expect(rig.state.masters.get('m')!.replicas.size).toBe(0);
  });

  it('emits +reboot when the run id changes', () => {
    let runId = RUN_A;
    const rig = watched(() => masterInfo(runId));
    rig.run(200);
    runId = RUN_B;
    rig.run(10_000);
    expect(rig.events).toContainEqual(['+reboot', 'master m 127.0.0.1 6379']);
    expect(rig.state.masters.get('m')!.runid).toBe(RUN_B);
  });

  it('reports a role change at verbose level: -role-change when a master says slave', () => {
    let slave = false;
    const rig = watched(() => (slave ? replicaInfo(RUN_A, '10.0.0.9', 6379) : masterInfo(RUN_A)));
    rig.run(200);
    slave = true;
    rig.run(10_000);
    expect(rig.events).toContainEqual(['-role-change', 'master m 127.0.0.1 6379 new reported role is slave']);
    expect(rig.log).toContainEqual({ kind: 'log', level: 'verbose', text: '-role-change master m 127.0.0.1 6379 new reported role is slave' });
    slave = false;
    rig.run(10_500);
    expect(rig.events).toContainEqual(['+role-change', 'master m 127.0.0.1 6379 new reported role is master']);
  });

  it('ignores an INFO answered with an error', () => {
    const rig = watched(() => err('NOAUTH Authentication required.'));
    rig.pump(rig.tick());
    expect(rig.state.masters.get('m')!.infoRefresh).toBe(0);
  });

  it('feeds SENTINEL INFO-CACHE', () => {
    const rig = watched(() => masterInfo(RUN_A));
    rig.pump(rig.tick());
    rig.tick(500);
    const reply = clientReply(rig.command('sentinel', 'info-cache', 'm'));
    expect(reply.t === 'array' && reply.v[0]).toEqual(bulk('m'));
  });
});

describe('INFO from replicas', () => {
  function withReplica(replica: () => ReturnType<typeof replicaInfo>): Rig {
    const rig = new Rig();
    rig.monitor('m', 6379);
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['127.0.0.1:6380'])));
    rig.node(6380, dataNode(replica));
    rig.start();
    return rig;
  }

  it('stores the replication fields the REPLICAS reply shows', () => {
    const rig = withReplica(() =>
      infoText('run_id:' + RUN_B, 'role:slave', 'master_host:127.0.0.1', 'master_port:6379', 'master_link_status:up', 'slave_priority:7', 'slave_repl_offset:999', 'replica_announced:0'),
    );
    rig.run(300);
    const r = rig.state.masters.get('m')!.replicas.get('127.0.0.1:6380')!;
    expect(r).toMatchObject({ runid: RUN_B, masterHost: '127.0.0.1', masterPort: 6379, masterLinkUp: true, priority: 7, replOffset: 999, replicaAnnounced: false });
    expect(r.link.disconnected).toBe(false);
  });

  it('turns a replica that claims to be master back into a replica after 8 s (+convert-to-slave)', () => {
    let role: 'master' | 'slave' = 'slave';
    const rig = withReplica(() => (role === 'slave' ? replicaInfo(RUN_B, '127.0.0.1', 6379) : masterInfo(RUN_B)));
    rig.run(300);
    role = 'master';
    const before = rig.sent.length;
    rig.run(30_000);
    const convert = rig.events.filter(([t]) => t === '+convert-to-slave');
    expect(convert[0]).toEqual(['+convert-to-slave', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379']);
    const transaction = rig.sent.slice(before).filter((s) => s.link.port === 6380 && s.link.mode === 'cmd' && !['PING', 'INFO', 'PUBLISH'].includes(s.argv[0]!));
    expect(transaction.slice(0, 6).map((s) => s.argv.join(' '))).toEqual([
      'MULTI', 'SLAVEOF 127.0.0.1 6379', 'CONFIG REWRITE', 'CLIENT KILL TYPE normal', 'CLIENT KILL TYPE pubsub', 'EXEC',
    ]);
  });

  it('points a replica following another master at ours after failover-timeout (+fix-slave-config)', () => {
    const rig = withReplica(() => replicaInfo(RUN_B, '10.9.9.9', 7000));
    rig.state.masters.get('m')!.failoverTimeoutMs = 15_000;
    rig.run(14_000);
    expect(rig.events.filter(([t]) => t === '+fix-slave-config')).toEqual([]);
    rig.run(12_000);
    expect(rig.events.filter(([t]) => t === '+fix-slave-config')[0]).toEqual([
      '+fix-slave-config', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379',
    ]);
    expect(commandsOf({ persist: null, actions: rig.log })).toContain('SLAVEOF 127.0.0.1 6379');
  });

  it('does not act on INFO in TILT (but still records the role)', () => {
    let role: 'master' | 'slave' = 'slave';
    const rig = withReplica(() => (role === 'slave' ? replicaInfo(RUN_B, '127.0.0.1', 6379) : masterInfo(RUN_B)));
    rig.run(300);
    role = 'master';
    rig.state.tilt = true;
    rig.state.tiltStartTime = rig.mono + 1_000_000;
    rig.run(30_000);
    expect(rig.events.filter(([t]) => t === '+convert-to-slave')).toEqual([]);
    expect(rig.state.masters.get('m')!.replicas.get('127.0.0.1:6380')!.roleReported).toBe('master');
  });
});
