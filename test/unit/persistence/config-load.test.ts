/**
 * What a sentinel.conf loads into: every server directive a real sentinel file carries, every
 * sentinel directive, the three-pass order, the generated myid and the hostname pre-pass.
 */
import { describe, expect, it } from 'vitest';
import { hostnamesToResolve } from '../../../src/persistence/config-load.js';
import { mustLoad } from './helpers.js';

const MYID = '0123456789abcdef0123456789abcdef01234567';
const RID = 'b'.repeat(40);

describe('server directives', () => {
  it('loads the directives vigil acts on into ServerConfig', () => {
    const { server } = mustLoad(
      [
        'port 26380',
        'bind 127.0.0.1 ::1',
        'dir /var/lib/sentinel',
        'logfile "/var/log/s.log"',
        'loglevel VERBOSE',
        'pidfile /run/s.pid',
        'daemonize yes',
        'protected-mode yes',
        'requirepass "s3cr et"',
        'aclfile /etc/users.acl',
        'enable-debug-command local',
        'maxclients 100',
        'client-query-buffer-limit 2gb',
        'proto-max-bulk-len 1mb',
        'client-output-buffer-limit pubsub 64mb 16mb 90 normal 1kb 2k 3',
        'hz 50',
        'latency-tracking-info-percentiles 50 99.9 100',
        'log-format TEXT',
      ].join('\n'),
    );
    expect(server).toMatchObject({
      port: 26380,
      bind: ['127.0.0.1', '::1'],
      dir: '/var/lib/sentinel',
      logfile: '/var/log/s.log',
      loglevel: 'verbose',
      pidfile: '/run/s.pid',
      daemonize: true,
      protectedMode: true,
      requirepass: 's3cr et',
      aclfile: '/etc/users.acl',
      enableDebugCommand: 'local',
      maxclients: 100,
      clientQueryBufferLimit: 2 * 1024 ** 3,
      protoMaxBulkLen: 1024 ** 2,
      pubsubOutputHardLimit: 64 * 1024 ** 2,
      hz: 50,
      latencyTrackingInfoPercentiles: [50, 99.9, 100],
      logFormat: 'text',
    });
    expect(server.outputBufferLimits.pubsub).toEqual({ hardBytes: 64 * 1024 ** 2, softBytes: 16 * 1024 ** 2, softSeconds: 90 });
    expect(server.outputBufferLimits.normal).toEqual({ hardBytes: 1024, softBytes: 2000, softSeconds: 3 });
  });

  it('starts from the sentinel defaults: port 26379, protected-mode off, all interfaces', () => {
    const { server } = mustLoad('');
    expect(server).toMatchObject({ port: 26379, protectedMode: false, bind: [], dir: '', requirepass: null, hz: 10, daemonize: false });
  });

  it('keeps Redis defaults for bind as "all interfaces" and `bind ""` as none given', () => {
    expect(mustLoad('bind * -::*').server.bind).toEqual([]);
    expect(mustLoad('bind ""').server.bind).toEqual([]);
    expect(mustLoad('bind *').server.bind).toEqual(['*']);
  });

  it('accepts the plain redis.conf directives test setups put in sentinel files, keeping their canonical values', () => {
    const { server } = mustLoad(
      [
        'timeout 10',
        'tcp-keepalive 60',
        'save 900 1',
        'save ""',
        'appendonly no',
        'supervised systemd',
        'syslog-enabled yes',
        'syslog-ident sentinel',
        'syslog-facility LOCAL3',
        'unixsocket /tmp/s.sock',
        'unixsocketperm 700',
        'acllog-max-len 64',
        'bind-source-addr 127.0.0.1',
        'tls-port 0',
        'tls-cert-file /etc/tls/c.crt',
        'tls-replication yes',
        'tls-auth-clients optional',
        'slave-announce-ip 5.6.7.8',
        'replica-announce-port 1234',
        'oom-score-adj relative',
        'oom-score-adj-values 0 100 900',
        'notify-keyspace-events KEA',
        'slaveof 10.0.0.1 6379',
        'maxmemory-clients 10%',
        'maxmemory 1GB',
        'shutdown-on-sigterm now nosave',
        'list-max-ziplist-entries 512',
        'hash-max-ziplist-entries 256',
        'rename-command PING PONG2',
        'rename-command CLIENT ""',
        'my.module-option 5',
        'sentinel',
      ].join('\n'),
    );
    expect(Object.fromEntries(server.otherOptions)).toEqual({
      timeout: '10',
      'tcp-keepalive': '60',
      appendonly: 'no',
      supervised: 'systemd',
      'syslog-enabled': 'yes',
      'syslog-ident': 'sentinel',
      'syslog-facility': 'local3',
      unixsocket: '/tmp/s.sock',
      unixsocketperm: String(0o700),
      'acllog-max-len': '64',
      'bind-source-addr': '127.0.0.1',
      'tls-port': '0',
      'tls-cert-file': '/etc/tls/c.crt',
      'tls-replication': 'yes',
      'tls-auth-clients': 'optional',
      'replica-announce-ip': '5.6.7.8',
      'replica-announce-port': '1234',
      'oom-score-adj': 'yes',
      'oom-score-adj-values': '0 100 900',
      'notify-keyspace-events': 'AKE',
      replicaof: '10.0.0.1 6379',
      'maxmemory-clients': '-10',
      maxmemory: String(1024 ** 3),
      'shutdown-on-sigterm': 'nosave now',
      'hash-max-listpack-entries': '256',
    });
    expect(server.commandRenames).toEqual([
      { from: 'PING', to: 'PONG2' },
      { from: 'CLIENT', to: '' },
    ]);
  });

  it('clamps hz into 1..500 after reading the file', () => {
    expect(mustLoad('hz 0').server.hz).toBe(1);
    expect(mustLoad('hz 100000').server.hz).toBe(500);
  });

  it('resolves `dir` lines like successive chdirs from the working directory', () => {
    expect(mustLoad('dir data\ndir ../logs/./x', { cwd: '/srv/s' }).server.dir).toBe('/srv/s/logs/x');
    expect(mustLoad('', { cwd: '/srv/s' }).server.dir).toBe('/srv/s');
  });

  it('stores user lines as written, selectors joined back into one rule', () => {
    const { server } = mustLoad('user bob on >pw ~* +@all\nuser erin on (~sel* +ping) resetpass');
    expect(server.users).toEqual([
      { name: 'bob', rules: ['on', '>pw', '~*', '+@all'] },
      { name: 'erin', rules: ['on', '(~sel* +ping)', 'resetpass'] },
    ]);
  });

  it('applies command-line lines after the file, so they override it', () => {
    const { server } = mustLoad('port 26380\nloglevel warning', { extraLines: ['port "26390"', 'sentinel'] });
    expect(server.port).toBe(26390);
    expect(server.loglevel).toBe('warning');
  });

  it('reads `include` files through the host, with their own sentinel lines', () => {
    const files: Record<string, string> = { '/etc/common.conf': 'loglevel debug\nsentinel monitor m 127.0.0.1 6379 2' };
    const r = mustLoad('include /etc/common.conf\nsentinel down-after-milliseconds m 5000', {
      readInclude: (p) => (p in files ? { text: files[p]! } : { error: 'missing' }),
    });
    expect(r.server.loglevel).toBe('debug');
    expect(r.state.masters.get('m')?.downAfterMs).toBe(5000);
  });
});

describe('sentinel directives', () => {
  const FULL = [
    `sentinel myid ${MYID}`,
    'sentinel monitor mymaster 127.0.0.1 6379 2',
    'sentinel down-after-milliseconds mymaster 5000',
    'sentinel failover-timeout mymaster 60000',
    'sentinel parallel-syncs mymaster 3',
    'sentinel notification-script mymaster /bin/notify.sh',
    'sentinel client-reconfig-script mymaster /bin/reconf.sh',
    'sentinel auth-pass mymaster "p w"',
    'sentinel auth-user mymaster mon',
    'sentinel master-reboot-down-after-period mymaster 1000',
    'sentinel config-epoch mymaster 7',
    'sentinel leader-epoch mymaster 6',
    'sentinel known-replica mymaster 127.0.0.1 6380',
    'sentinel known-slave mymaster 127.0.0.1 6381',
    `sentinel known-sentinel mymaster 127.0.0.1 26380 ${RID}`,
    'sentinel known-sentinel mymaster 127.0.0.1 26381',
    'sentinel rename-command mymaster CONFIG MYCONFIG',
    'sentinel current-epoch 5',
    'sentinel announce-ip 10.0.0.9',
    'sentinel announce-port 26399',
    'sentinel deny-scripts-reconfig no',
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames YES',
    'sentinel sentinel-user sent',
    'sentinel sentinel-pass "sent pw"',
  ].join('\n');

  it('applies every directive to the state', () => {
    const { state, generatedMyid } = mustLoad(FULL);
    expect(generatedMyid).toBe(false);
    expect(state.myid).toBe(MYID);
    expect(state.currentEpoch).toBe(7); // raised by config-epoch
    expect(state.settings).toEqual({
      announceIp: '10.0.0.9',
      announcePort: 26399,
      denyScriptsReconfig: false,
      resolveHostnames: true,
      announceHostnames: true,
      sentinelUser: 'sent',
      sentinelPass: 'sent pw',
    });
    const m = state.masters.get('mymaster')!;
    expect(m).toMatchObject({
      addr: { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 },
      quorum: 2,
      downAfterMs: 5000,
      failoverTimeoutMs: 60000,
      parallelSyncs: 3,
      notificationScript: '/bin/notify.sh',
      clientReconfigScript: '/bin/reconf.sh',
      authPass: 'p w',
      authUser: 'mon',
      masterRebootDownAfterMs: 1000,
      configEpoch: 7,
      leaderEpoch: 6,
      leader: null,
    });
    expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    expect([...m.sentinels.keys()]).toEqual([RID]);
    expect(m.sentinels.get(RID)!.addr.port).toBe(26380);
    expect([...m.renamedCommands.entries()]).toEqual([['config', { from: 'CONFIG', to: 'MYCONFIG' }]]);
    for (const inst of [...m.replicas.values(), ...m.sentinels.values()]) expect(inst.downAfterMs).toBe(5000);
  });

  it('applies globals, then monitors, then per-master lines, whatever their file order', () => {
    const { state } = mustLoad(
      [
        'sentinel known-replica m 10.0.0.2 6379',
        'sentinel config-epoch m 3',
        'sentinel monitor m db.example 6379 2',
        'sentinel resolve-hostnames yes',
        'sentinel current-epoch 9',
      ].join('\n'),
      { resolved: new Map([['db.example', '10.0.0.1']]) },
    );
    const m = state.masters.get('m')!;
    expect(m.addr).toEqual({ host: 'db.example', ip: '10.0.0.1', port: 6379 });
    expect(m.configEpoch).toBe(3);
    expect(state.currentEpoch).toBe(9);
    expect(m.replicas.size).toBe(1);
  });

  it('propagates down-after-milliseconds to instances created before or after it', () => {
    const { state } = mustLoad(
      ['sentinel monitor m 127.0.0.1 6379 2', 'sentinel known-replica m 127.0.0.1 1', 'sentinel down-after-milliseconds m 777', 'sentinel known-replica m 127.0.0.1 2'].join('\n'),
    );
    expect([...state.masters.get('m')!.replicas.values()].map((r) => r.downAfterMs)).toEqual([777, 777]);
  });

  it('accepts a hostname it could not resolve when resolve-hostnames is on (empty ip)', () => {
    const { state } = mustLoad('sentinel resolve-hostnames yes\nsentinel monitor m nonexist.invalid 6379 1');
    expect(state.masters.get('m')!.addr).toEqual({ host: 'nonexist.invalid', ip: '', port: 6379 });
  });

  it('normalizes IP literals as getaddrinfo does but keeps the text as the hostname', () => {
    const { state } = mustLoad('sentinel monitor m 127.1 6379 1\nsentinel monitor o 010.0.0.1 1 1\nsentinel known-replica m 0x7f.0.0.2 7001');
    expect(state.masters.get('m')!.addr).toEqual({ host: '127.1', ip: '127.0.0.1', port: 6379 });
    expect(state.masters.get('o')!.addr.ip).toBe('8.0.0.1');
    expect([...state.masters.get('m')!.replicas.keys()]).toEqual(['127.0.0.2:7001']);
  });

  it('reads numbers like atoi/strtoull: garbage is 0, ports may be 0, epochs only rise', () => {
    const { state } = mustLoad(
      ['sentinel monitor m 127.0.0.1 abc 1', 'sentinel parallel-syncs m 5x', 'sentinel current-epoch 10', 'sentinel current-epoch 4', 'sentinel config-epoch m junk'].join('\n'),
    );
    const m = state.masters.get('m')!;
    expect(m.addr.port).toBe(0);
    expect(m.parallelSyncs).toBe(5);
    expect(m.configEpoch).toBe(0);
    expect(state.currentEpoch).toBe(10);
  });

  it('treats empty announce-ip, sentinel-user and sentinel-pass as unset', () => {
    const { state } = mustLoad('sentinel announce-ip ""\nsentinel sentinel-user ""\nsentinel sentinel-pass ""');
    expect(state.settings).toMatchObject({ announceIp: null, sentinelUser: null, sentinelPass: null });
  });

  it('is case-insensitive in keywords but not in master names', () => {
    const { state } = mustLoad('SENTINEL MONITOR M 127.0.0.1 6379 1\nSentinel Known-Replica M 127.0.0.1 6379');
    expect([...state.masters.keys()]).toEqual(['M']);
    expect(state.masters.get('M')!.replicas.size).toBe(1);
  });

  it('shares one link between the records of a peer known under several masters', () => {
    const { state } = mustLoad(
      ['sentinel monitor a 127.0.0.1 1 1', 'sentinel monitor b 127.0.0.1 2 1', `sentinel known-sentinel a 127.0.0.1 26380 ${RID}`, `sentinel known-sentinel b 127.0.0.1 26380 ${RID}`].join('\n'),
    );
    const pa = state.masters.get('a')!.sentinels.get(RID)!;
    const pb = state.masters.get('b')!.sentinels.get(RID)!;
    expect(pa.link).toBe(pb.link);
    expect(pa.link.refcount).toBe(2);
  });

  it('generates a 40-hex myid from the injected RNG when the file has none', () => {
    const a = mustLoad('sentinel monitor m 127.0.0.1 6379 1');
    const b = mustLoad('sentinel monitor m 127.0.0.1 6379 1');
    expect(a.generatedMyid).toBe(true);
    expect(a.state.myid).toMatch(/^[0-9a-f]{40}$/);
    expect(b.state.myid).toBe(a.state.myid); // same seed, same id
  });

  it('creates instances with the caller-given clock', () => {
    const { state } = mustLoad('sentinel monitor m 127.0.0.1 6379 1', { nowMono: 4242 });
    expect(state.masters.get('m')!.link.lastPongTime).toBe(4242);
  });
});

describe('hostnamesToResolve', () => {
  it('lists the non-IP hosts of monitor and known-* lines when resolve-hostnames is on', () => {
    const text = [
      'sentinel resolve-hostnames yes',
      'sentinel monitor m db1.local 6379 2',
      'sentinel known-replica m db2.local 6379',
      `sentinel known-sentinel m s1.local 26379 ${RID}`,
      'sentinel known-replica m 10.0.0.3 6379',
      'sentinel monitor n db1.local 6380 2',
    ].join('\n');
    expect(hostnamesToResolve(text)).toEqual(['db1.local', 'db2.local', 's1.local']);
  });

  it('lists nothing when hostnames are not resolved (they are then an error)', () => {
    expect(hostnamesToResolve('sentinel monitor m db1.local 6379 2')).toEqual([]);
    expect(hostnamesToResolve('sentinel monitor m db1.local 6379 2', ['sentinel resolve-hostnames yes'])).toEqual(['db1.local']);
  });
});
