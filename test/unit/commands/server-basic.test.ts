/**
 * PING, ROLE, INFO and SHUTDOWN. Expected bytes were captured from redis-sentinel 7.0.15
 * (one master `mymaster` on 127.0.0.1:43999, a fresh connection per row, RESP3 after HELLO 3).
 */
import { describe, expect, it } from 'vitest';
import { ServerBox, T0 } from '../acl/server-box.js';

const REAL_7_0_15_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Server: [
    'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os', 'arch_bits',
    'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version', 'process_id', 'process_supervised',
    'run_id', 'tcp_port', 'server_time_usec', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz',
    'lru_clock', 'executable', 'config_file', 'io_threads_active',
  ],
  Clients: [
    'connected_clients', 'cluster_connections', 'maxclients', 'client_recent_max_input_buffer',
    'client_recent_max_output_buffer', 'blocked_clients', 'tracking_clients', 'clients_in_timeout_table',
  ],
  Stats: [
    'total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes',
    'total_net_output_bytes', 'total_net_repl_input_bytes', 'total_net_repl_output_bytes', 'instantaneous_input_kbps',
    'instantaneous_output_kbps', 'instantaneous_input_repl_kbps', 'instantaneous_output_repl_kbps',
    'rejected_connections', 'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'expired_stale_perc',
    'expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'evicted_clients',
    'total_eviction_exceeded_time', 'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses',
    'pubsub_channels', 'pubsub_patterns', 'pubsubshard_channels', 'latest_fork_usec', 'total_forks',
    'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses',
    'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time', 'current_active_defrag_time',
    'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies',
    'total_error_replies', 'dump_payload_sanitizations', 'total_reads_processed', 'total_writes_processed',
    'io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks', 'reply_buffer_expands',
  ],
  CPU: [
    'used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children', 'used_cpu_sys_main_thread',
    'used_cpu_user_main_thread',
  ],
  Sentinel: [
    'sentinel_masters', 'sentinel_tilt', 'sentinel_tilt_since_seconds', 'sentinel_running_scripts',
    'sentinel_scripts_queue_length', 'sentinel_simulate_failure_flags', 'master0',
  ],
};

/** [argv, RESP2 bytes, RESP3 bytes] from redis-sentinel 7.0.15. */
const CAPTURED: readonly (readonly [readonly string[], string, string])[] = [
  [['PING'], '+PONG\r\n', '+PONG\r\n'],
  [['ping', 'hello world'], '$11\r\nhello world\r\n', '$11\r\nhello world\r\n'],
  [['PING', 'a', 'b'], "-ERR wrong number of arguments for 'ping' command\r\n", "-ERR wrong number of arguments for 'ping' command\r\n"],
  [['ROLE'], '*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n', '*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n'],
  [['ROLE', 'x'], "-ERR wrong number of arguments for 'role' command\r\n", "-ERR wrong number of arguments for 'role' command\r\n"],
  [['INFO', 'keyspace'], '$0\r\n\r\n', '$0\r\n\r\n'],
  [['INFO', 'a', 'b'], '$0\r\n\r\n', '$0\r\n\r\n'],
  [
    ['INFO', 'sentinel'],
    '$255\r\n# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\nsentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\nmaster0:name=mymaster,status=ok,address=127.0.0.1:43999,slaves=0,sentinels=1\r\n\r\n',
    '$255\r\n# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\nsentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\nmaster0:name=mymaster,status=ok,address=127.0.0.1:43999,slaves=0,sentinels=1\r\n\r\n',
  ],
  [['SHUTDOWN', 'ABORT'], '-ERR No shutdown in progress.\r\n', '-ERR No shutdown in progress.\r\n'],
  [['SHUTDOWN', 'foo'], '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
  [['SHUTDOWN', 'SAVE', 'NOSAVE'], '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
  [['SHUTDOWN', 'ABORT', 'NOW'], '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
  [['SHUTDOWN', 'abort', 'force'], '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
];

function sections(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out.push([line.slice(2), []]);
    else if (line !== '') out[out.length - 1]![1].push(line);
  }
  return out;
}

function infoText(box: ServerBox, ...args: string[]): string {
  const [reply] = box.run(['INFO', ...args]).replies;
  if (reply?.t !== 'bulk') throw new Error('INFO must answer a bulk string');
  return reply.v;
}

describe('PING, ROLE, INFO, SHUTDOWN answer like redis-sentinel 7.0.15', () => {
  it.each(CAPTURED)('%j', (argv, resp2, resp3) => {
    const box = new ServerBox();
    box.master('mymaster');
    expect(box.bytes(2, argv, 1)).toBe(resp2);
    expect(box.bytes(3, argv, 2)).toBe(resp3);
  });
});

describe('INFO', () => {
  it('prints the five sections in 7.0.15 order with its fields, plus vigil_version at the end of Server', () => {
    const box = new ServerBox();
    box.master('mymaster');
    for (const args of [[], ['default'], ['all'], ['everything'], ['EVERYTHING', 'keyspace']]) {
      const got = sections(infoText(box, ...args)).map(([name, lines]) => [name, lines.map((l) => l.split(':')[0])]);
      const expected = Object.entries(REAL_7_0_15_FIELDS).map(([name, fields]) => [name, name === 'Server' ? [...fields, 'vigil_version'] : fields]);
      expect(got).toEqual(expected);
    }
  });

  it('keeps the requested sections in its own order, case-insensitively, and drops the others', () => {
    const box = new ServerBox();
    const text = infoText(box, 'SENTINEL', 'cpu', 'memory', 'Server');
    expect(sections(text).map(([name]) => name)).toEqual(['Server', 'CPU', 'Sentinel']);
    expect(text).toMatch(/^# Server\r\n[^]*\r\n\r\n# CPU\r\n[^]*\r\n\r\n# Sentinel\r\n[^]*[^\n]\r\n$/);
  });

  it('is a plain bulk string in RESP3 as well', () => {
    const box = new ServerBox();
    expect(box.run3(['INFO', 'cpu']).bytes).toMatch(/^\$\d+\r\n# CPU\r\n/);
  });

  it('reports process, config and clock values', () => {
    const box = new ServerBox({ port: 26380, hz: 12, maxclients: 77 });
    const info = infoText(box, 'server', 'clients');
    expect(info).toContain('redis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\n');
    expect(info).toContain('redis_mode:sentinel\r\nos:Linux 6.1.0 x86_64\r\narch_bits:64\r\n');
    expect(info).toContain('process_id:4242\r\n');
    expect(info).toContain('tcp_port:26380\r\n');
    expect(info).toContain(`server_time_usec:${T0.wall * 1000}\r\nuptime_in_seconds:61\r\nuptime_in_days:0\r\nhz:12\r\nconfigured_hz:12\r\nlru_clock:157400\r\n`);
    expect(info).toContain('executable:/usr/bin/vigil\r\nconfig_file:/etc/vigil/sentinel.conf\r\nio_threads_active:0\r\nvigil_version:0.1.0\r\n');
    expect(info).toContain('connected_clients:1\r\ncluster_connections:0\r\nmaxclients:77\r\n');
  });

  it('counts connections, commands, error replies and pub/sub subscriptions', () => {
    const box = new ServerBox();
    box.run(['SUBSCRIBE', 'a', 'b'], 2);
    box.run(['PSUBSCRIBE', 'p*'], 3);
    box.run(['PSUBSCRIBE', 'p*', 'q*'], 4);
    box.run(['NOPE'], 5);
    const info = infoText(box, 'stats');
    const processed = box.core.env.stats.totalCommandsProcessed;
    expect(info).toContain(`total_connections_received:5\r\ntotal_commands_processed:${processed}\r\n`);
    expect(info).toContain('pubsub_channels:2\r\npubsub_patterns:2\r\n');
    expect(info).toContain('total_error_replies:1\r\n');
  });

  it('shows injected CPU and network figures in Redis formats', () => {
    const process = {
      ...new ServerBox().core.env.process,
      cpu: { sys: 0.25, user: 1.5, sysChildren: 0, userChildren: 0, sysMainThread: 0.125, userMainThread: 1 },
      net: {
        inputBytes: 10,
        outputBytes: 20,
        readsProcessed: 3,
        writesProcessed: 4,
        instantaneousOpsPerSec: 5,
        instantaneousInputKbps: 0.5,
        instantaneousOutputKbps: 1.25,
        recentMaxInputBuffer: 20480,
        recentMaxOutputBuffer: 0,
      },
    };
    const box = new ServerBox({}, process);
    const info = infoText(box, 'all');
    expect(info).toContain('# CPU\r\nused_cpu_sys:0.250000\r\nused_cpu_user:1.500000\r\nused_cpu_sys_children:0.000000\r\n');
    expect(info).toContain('used_cpu_sys_main_thread:0.125000\r\nused_cpu_user_main_thread:1.000000\r\n');
    expect(info).toContain('instantaneous_ops_per_sec:5\r\ntotal_net_input_bytes:10\r\ntotal_net_output_bytes:20\r\n');
    expect(info).toContain('instantaneous_input_kbps:0.50\r\ninstantaneous_output_kbps:1.25\r\n');
    expect(info).toContain('total_reads_processed:3\r\ntotal_writes_processed:4\r\n');
    expect(info).toContain('client_recent_max_input_buffer:20480\r\n');
  });

  it('describes each master: odown before sdown, replicas and peers counted, plus this sentinel', () => {
    const box = new ServerBox();
    const a = box.master('a', 6379);
    const b = box.master('b', 6380, '::1');
    a.sDown = true;
    b.sDown = true;
    b.oDown = true;
    box.state.tilt = true;
    box.state.tiltStartTime = T0.mono - 12_500;
    box.state.simFailureFlags = 3;
    const text = infoText(box, 'sentinel');
    expect(text).toBe(
      '# Sentinel\r\nsentinel_masters:2\r\nsentinel_tilt:1\r\nsentinel_tilt_since_seconds:12\r\n' +
        'sentinel_running_scripts:0\r\nsentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:3\r\n' +
        'master0:name=a,status=sdown,address=127.0.0.1:6379,slaves=0,sentinels=1\r\n' +
        'master1:name=b,status=odown,address=::1:6380,slaves=0,sentinels=1\r\n',
    );
  });
});

describe('SHUTDOWN', () => {
  it.each([[['SHUTDOWN']], [['shutdown', 'NOSAVE']], [['SHUTDOWN', 'SAVE', 'NOW', 'FORCE']]])('%j logs and exits 0 without a reply', (argv) => {
    const box = new ServerBox();
    const { ready, replies } = box.run(argv);
    expect(replies).toEqual([]);
    expect(ready.actions).toEqual([
      { kind: 'log', level: 'warning', text: 'User requested shutdown...' },
      { kind: 'exit', code: 0, reason: 'User requested shutdown...' },
    ]);
  });
});
