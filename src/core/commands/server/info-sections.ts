/**
 * The Server, Clients, Stats and CPU sections of INFO with the field list of redis-sentinel
 * 7.0.15, in its order. Values come from the process facts, the server config, the client
 * table and the core's counters; what a sentinel never does (keyspace, replication, forks,
 * eviction) is the 0 Redis prints. `vigil_version` ends the Server section so 7.0.15's fields
 * stay a prefix.
 */
import type { CommandContext } from '../types.js';
import { REDIS_VERSION } from './hello.js';
import { infoFactsOf } from './info-facts.js';

const LRU_CLOCK_MAX = 0xffffff;

export function serverSection(ctx: CommandContext): string[] {
  const { process: p, server } = ctx.env;
  const facts = infoFactsOf(p);
  const uptime = Math.max(0, Math.floor((ctx.now.mono - p.startMonoMs) / 1000));
  return [
    `redis_version:${REDIS_VERSION}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    `redis_build_id:${facts.buildId ?? '0'}`,
    'redis_mode:sentinel',
    `os:${p.os}`,
    `arch_bits:${p.archBits}`,
    'monotonic_clock:POSIX clock_gettime',
    `multiplexing_api:${facts.multiplexingApi ?? 'epoll'}`,
    'atomicvar_api:c11-builtin',
    'gcc_version:0.0.0',
    `process_id:${p.pid}`,
    `process_supervised:${facts.supervised ?? 'no'}`,
    `run_id:${p.runId}`,
    `tcp_port:${server.port}`,
    `server_time_usec:${Math.floor(ctx.now.wall * 1000)}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${server.hz}`,
    `configured_hz:${server.hz}`,
    `lru_clock:${Math.floor(ctx.now.wall / 1000) & LRU_CLOCK_MAX}`,
    `executable:${p.executable}`,
    `config_file:${p.configFile}`,
    'io_threads_active:0',
    `vigil_version:${p.vigilVersion}`,
  ];
}

export function clientsSection(ctx: CommandContext): string[] {
  const net = infoFactsOf(ctx.env.process).net;
  return [
    `connected_clients:${ctx.env.clients.size}`,
    'cluster_connections:0',
    `maxclients:${ctx.env.server.maxclients}`,
    `client_recent_max_input_buffer:${net?.recentMaxInputBuffer ?? 0}`,
    `client_recent_max_output_buffer:${net?.recentMaxOutputBuffer ?? 0}`,
    'blocked_clients:0',
    `tracking_clients:${[...ctx.env.clients.all()].filter((c) => c.tracking !== null).length}`,
    'clients_in_timeout_table:0',
  ];
}

/** Distinct channels and patterns with at least one subscriber. */
function pubsubCounts(ctx: CommandContext): { channels: number; patterns: number } {
  const channels = new Set<string>();
  const patterns = new Set<string>();
  for (const c of ctx.env.clients.all()) {
    for (const ch of c.channels) channels.add(ch);
    for (const p of c.patterns) patterns.add(p);
  }
  return { channels: channels.size, patterns: patterns.size };
}

export function statsSection(ctx: CommandContext): string[] {
  const { stats } = ctx.env;
  const net = infoFactsOf(ctx.env.process).net;
  const pubsub = pubsubCounts(ctx);
  const zeros = (...names: string[]): string[] => names.map((n) => `${n}:0`);
  return [
    `total_connections_received:${stats.totalConnectionsReceived}`,
    `total_commands_processed:${stats.totalCommandsProcessed}`,
    `instantaneous_ops_per_sec:${net?.instantaneousOpsPerSec ?? 0}`,
    `total_net_input_bytes:${net?.inputBytes ?? 0}`,
    `total_net_output_bytes:${net?.outputBytes ?? 0}`,
    ...zeros('total_net_repl_input_bytes', 'total_net_repl_output_bytes'),
    `instantaneous_input_kbps:${(net?.instantaneousInputKbps ?? 0).toFixed(2)}`,
    `instantaneous_output_kbps:${(net?.instantaneousOutputKbps ?? 0).toFixed(2)}`,
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${stats.rejectedConnections}`,
    ...zeros('sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys'),
    'expired_stale_perc:0.00',
    ...zeros('expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'evicted_clients'),
    ...zeros('total_eviction_exceeded_time', 'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses'),
    `pubsub_channels:${pubsub.channels}`,
    `pubsub_patterns:${pubsub.patterns}`,
    ...zeros('pubsubshard_channels', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets'),
    ...zeros('slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits'),
    ...zeros('active_defrag_key_misses', 'total_active_defrag_time', 'current_active_defrag_time'),
    ...zeros('tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies'),
    `total_error_replies:${stats.errorReplies}`,
    'dump_payload_sanitizations:0',
    `total_reads_processed:${net?.readsProcessed ?? 0}`,
    `total_writes_processed:${net?.writesProcessed ?? 0}`,
    ...zeros('io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks', 'reply_buffer_expands'),
  ];
}

export function cpuSection(ctx: CommandContext): string[] {
  const cpu = infoFactsOf(ctx.env.process).cpu;
  const s = (v: number | undefined): string => (v ?? 0).toFixed(6);
  return [
    `used_cpu_sys:${s(cpu?.sys)}`,
    `used_cpu_user:${s(cpu?.user)}`,
    `used_cpu_sys_children:${s(cpu?.sysChildren)}`,
    `used_cpu_user_children:${s(cpu?.userChildren)}`,
    `used_cpu_sys_main_thread:${s(cpu?.sysMainThread)}`,
    `used_cpu_user_main_thread:${s(cpu?.userMainThread)}`,
  ];
}
