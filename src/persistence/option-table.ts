/**
 * Every standard redis.conf option of Redis 7.0.15 (the ones `lookupConfig` knows, aliases
 * included), with the type, bounds and default that decide how a line is validated, which
 * error text a bad value gets, and whether a rewrite must write the option back. Checked
 * against `CONFIG GET *` of a real redis-server 7.0.15. Pure data; the parsing is in
 * option-values.ts.
 */
import { LLONG_MAX, ULLONG_MAX } from './numbers.js';

export type OptionSpec = BoolSpec | StringSpec | EnumSpec | FlagsSpec | NumericSpec | SpecialSpec;

interface Named {
  readonly name: string;
  readonly alias?: string;
}
export interface BoolSpec extends Named {
  readonly kind: 'bool';
  readonly def: boolean;
}
export interface StringSpec extends Named {
  readonly kind: 'string';
  /** null: unset (EMPTY_STRING_IS_NULL options treat '' as unset and have no line when unset). */
  readonly def: string | null;
  readonly emptyIsNull: boolean;
  readonly check?: (value: string) => string | null;
}
export interface EnumSpec extends Named {
  readonly kind: 'enum';
  /** Names in Redis's table order; `same` maps a synonym to the name Redis prints for it. */
  readonly values: readonly string[];
  readonly same?: Readonly<Record<string, string>>;
  readonly def: string;
}
/** A multi-argument set of flags (shutdown-on-sigint / shutdown-on-sigterm). */
export interface FlagsSpec extends Named {
  readonly kind: 'flags';
  readonly values: readonly string[];
}
export type NumericFlavor = 'integer' | 'memory' | 'octal' | 'memory-percent';
export interface NumericSpec extends Named {
  readonly kind: 'numeric';
  readonly min: bigint;
  readonly max: bigint;
  readonly def: bigint;
  /** Unsigned C types (unsigned int, unsigned long long, size_t) compare bounds unsigned. */
  readonly unsigned: boolean;
  readonly flavor: NumericFlavor;
}
/** Options with their own parser: dir, save, bind, replicaof, ... */
export interface SpecialSpec extends Named {
  readonly kind: 'special';
  readonly multiArg: boolean;
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = LLONG_MAX;
const MB = 1024n * 1024n;

const bool = (name: string, def: boolean, alias?: string): BoolSpec => ({ kind: 'bool', name, def, ...(alias ? { alias } : {}) });
const str = (name: string, def: string | null, emptyIsNull: boolean, alias?: string, check?: (v: string) => string | null): StringSpec => ({
  kind: 'string',
  name,
  def,
  emptyIsNull,
  ...(alias ? { alias } : {}),
  ...(check ? { check } : {}),
});
const enm = (name: string, values: readonly string[], def: string, same?: Record<string, string>): EnumSpec => ({ kind: 'enum', name, values, def, ...(same ? { same } : {}) });
const num = (name: string, min: bigint, max: bigint, def: bigint, o: { alias?: string; unsigned?: boolean; flavor?: NumericFlavor } = {}): NumericSpec => ({
  kind: 'numeric',
  name,
  min,
  max,
  def,
  unsigned: o.unsigned ?? false,
  flavor: o.flavor ?? 'integer',
  ...(o.alias ? { alias: o.alias } : {}),
});
const special = (name: string, multiArg: boolean, alias?: string): SpecialSpec => ({ kind: 'special', name, multiArg, ...(alias ? { alias } : {}) });

const isBaseName = (v: string): boolean => !v.includes('/');
const checkDbfilename = (v: string): string | null => (isBaseName(v) ? null : "dbfilename can't be a path, just a filename");
const checkAofFilename = (v: string): string | null =>
  v === '' ? "appendfilename can't be empty" : isBaseName(v) ? null : "appendfilename can't be a path, just a filename";
const checkAofDirname = (v: string): string | null =>
  v === '' ? "appenddirname can't be empty" : isBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
const checkHostname = (v: string): string | null => {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  return /^[A-Za-z0-9.-]*$/.test(v) ? null : 'Hostnames may only contain alphanumeric characters, hyphens or dots';
};

const YES_NO_LOCAL = ['no', 'yes', 'local'];

export const OPTION_TABLE: readonly OptionSpec[] = [
  bool('rdbchecksum', true),
  bool('daemonize', false),
  bool('io-threads-do-reads', false),
  bool('always-show-logo', false),
  bool('protected-mode', true),
  bool('rdbcompression', true),
  bool('rdb-del-sync-files', false),
  bool('activerehashing', true),
  bool('stop-writes-on-bgsave-error', true),
  bool('set-proc-title', true),
  bool('dynamic-hz', true),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  bool('aof-rewrite-incremental-fsync', true),
  bool('no-appendfsync-on-rewrite', false),
  bool('cluster-require-full-coverage', true),
  bool('rdb-save-incremental-fsync', true),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('cluster-replica-no-failover', false, 'cluster-slave-no-failover'),
  bool('replica-lazy-flush', false, 'slave-lazy-flush'),
  bool('replica-serve-stale-data', true, 'slave-serve-stale-data'),
  bool('replica-read-only', true, 'slave-read-only'),
  bool('replica-ignore-maxmemory', true, 'slave-ignore-maxmemory'),
  bool('jemalloc-bg-thread', true),
  bool('activedefrag', false),
  bool('syslog-enabled', false),
  bool('cluster-enabled', false),
  bool('appendonly', false),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  bool('use-exit-on-panic', false),
  bool('disable-thp', true),
  bool('cluster-allow-replica-migration', true),
  bool('replica-announced', true),
  bool('latency-tracking', true),
  bool('aof-disable-auto-gc', false),
  bool('replica-ignore-disk-write-errors', false),
  bool('tls-cluster', false),
  bool('tls-replication', false),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),

  str('aclfile', '', false),
  str('unixsocket', null, true),
  str('pidfile', null, true),
  str('replica-announce-ip', null, true, 'slave-announce-ip'),
  str('masteruser', null, true),
  str('cluster-announce-ip', null, true),
  str('cluster-config-file', 'nodes.conf', false),
  str('cluster-announce-hostname', null, true, undefined, checkHostname),
  str('syslog-ident', 'redis', false),
  str('dbfilename', 'dump.rdb', false, undefined, checkDbfilename),
  str('appendfilename', 'appendonly.aof', false, undefined, checkAofFilename),
  str('appenddirname', 'appendonlydir', false, undefined, checkAofDirname),
  str('server_cpulist', null, true),
  str('bio_cpulist', null, true),
  str('aof_rewrite_cpulist', null, true),
  str('bgsave_cpulist', null, true),
  str('ignore-warnings', '', false),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', false),
  str('bind-source-addr', null, true),
  str('logfile', '', false),
  str('masterauth', null, true),
  str('requirepass', null, true),
  ...[
    'tls-cert-file',
    'tls-key-file',
    'tls-key-file-pass',
    'tls-client-cert-file',
    'tls-client-key-file',
    'tls-client-key-file-pass',
    'tls-dh-params-file',
    'tls-ca-cert-file',
    'tls-ca-cert-dir',
    'tls-protocols',
    'tls-ciphers',
    'tls-ciphersuites',
  ].map((name) => str(name, null, true)),

  enm('supervised', ['upstart', 'systemd', 'auto', 'no'], 'no'),
  enm('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0'),
  enm('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled'),
  enm('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice'),
  enm('maxmemory-policy', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], 'noeviction'),
  enm('appendfsync', ['everysec', 'always', 'no'], 'everysec'),
  enm('oom-score-adj', ['no', 'yes', 'relative', 'absolute'], 'no', { relative: 'yes' }),
  enm('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels'),
  enm('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no'),
  enm('enable-protected-configs', YES_NO_LOCAL, 'no'),
  enm('enable-debug-command', YES_NO_LOCAL, 'no'),
  enm('enable-module-command', YES_NO_LOCAL, 'no'),
  enm('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip'),
  enm('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore'),
  enm('tls-auth-clients', ['no', 'yes', 'optional'], 'yes'),
  { kind: 'flags', name: 'shutdown-on-sigint', values: ['default', 'save', 'nosave', 'now', 'force'] },
  { kind: 'flags', name: 'shutdown-on-sigterm', values: ['default', 'save', 'nosave', 'now', 'force'] },

  num('databases', 1n, INT_MAX, 16n),
  num('port', 0n, 65535n, 6379n),
  num('io-threads', 1n, 128n, 1n),
  num('auto-aof-rewrite-percentage', 0n, INT_MAX, 100n),
  num('cluster-replica-validity-factor', 0n, INT_MAX, 10n, { alias: 'cluster-slave-validity-factor' }),
  num('list-max-listpack-size', INT_MIN, INT_MAX, -2n, { alias: 'list-max-ziplist-size' }),
  num('tcp-keepalive', 0n, INT_MAX, 300n),
  num('cluster-migration-barrier', 0n, INT_MAX, 1n),
  num('active-defrag-cycle-min', 1n, 99n, 1n),
  num('active-defrag-cycle-max', 1n, 99n, 25n),
  num('active-defrag-threshold-lower', 0n, 1000n, 10n),
  num('active-defrag-threshold-upper', 0n, 1000n, 100n),
  num('lfu-log-factor', 0n, INT_MAX, 10n),
  num('lfu-decay-time', 0n, INT_MAX, 1n),
  num('replica-priority', 0n, INT_MAX, 100n, { alias: 'slave-priority' }),
  num('repl-diskless-sync-delay', 0n, INT_MAX, 5n),
  num('maxmemory-samples', 1n, INT_MAX, 5n),
  num('maxmemory-eviction-tenacity', 0n, 100n, 10n),
  num('timeout', 0n, INT_MAX, 0n),
  num('replica-announce-port', 0n, 65535n, 0n, { alias: 'slave-announce-port' }),
  num('tcp-backlog', 0n, INT_MAX, 511n),
  num('cluster-port', 0n, 65535n, 0n),
  num('cluster-announce-bus-port', 0n, 65535n, 0n),
  num('cluster-announce-port', 0n, 65535n, 0n),
  num('cluster-announce-tls-port', 0n, 65535n, 0n),
  num('repl-timeout', 1n, INT_MAX, 60n),
  num('repl-ping-replica-period', 1n, INT_MAX, 10n, { alias: 'repl-ping-slave-period' }),
  num('list-compress-depth', 0n, INT_MAX, 0n),
  num('rdb-key-save-delay', INT_MIN, INT_MAX, 0n),
  num('key-load-delay', INT_MIN, INT_MAX, 0n),
  num('active-expire-effort', 1n, 10n, 1n),
  num('hz', 0n, INT_MAX, 10n),
  num('min-replicas-to-write', 0n, INT_MAX, 0n, { alias: 'min-slaves-to-write' }),
  num('min-replicas-max-lag', 0n, INT_MAX, 10n, { alias: 'min-slaves-max-lag' }),
  num('watchdog-period', 0n, INT_MAX, 0n),
  num('shutdown-timeout', 0n, INT_MAX, 10n),
  num('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0n),
  num('tls-port', 0n, 65535n, 0n),
  num('tls-session-cache-size', 0n, INT_MAX, 20480n),
  num('tls-session-cache-timeout', 0n, INT_MAX, 300n),
  num('maxclients', 1n, UINT_MAX, 10000n, { unsigned: true }),
  num('unixsocketperm', 0n, 0o777n, 0n, { unsigned: true, flavor: 'octal' }),
  num('socket-mark-id', 0n, UINT_MAX, 0n, { unsigned: true }),
  num('active-defrag-max-scan-fields', 1n, LONG_MAX, 1000n),
  num('slowlog-max-len', 0n, LONG_MAX, 128n),
  num('acllog-max-len', 0n, LONG_MAX, 128n),
  num('busy-reply-threshold', 0n, LONG_MAX, 5000n, { alias: 'lua-time-limit' }),
  num('cluster-node-timeout', 0n, LLONG_MAX, 15000n),
  num('slowlog-log-slower-than', -1n, LLONG_MAX, 10000n),
  num('latency-monitor-threshold', 0n, LLONG_MAX, 0n),
  num('proto-max-bulk-len', MB, LONG_MAX, 512n * MB, { flavor: 'memory' }),
  num('stream-node-max-entries', 0n, LLONG_MAX, 100n),
  num('repl-backlog-size', 1n, LLONG_MAX, MB, { flavor: 'memory' }),
  num('maxmemory', 0n, ULLONG_MAX, 0n, { unsigned: true, flavor: 'memory' }),
  num('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0n, { unsigned: true, flavor: 'memory' }),
  num('hash-max-listpack-entries', 0n, LONG_MAX, 512n, { alias: 'hash-max-ziplist-entries', unsigned: true }),
  num('set-max-intset-entries', 0n, LONG_MAX, 512n, { unsigned: true }),
  num('zset-max-listpack-entries', 0n, LONG_MAX, 128n, { alias: 'zset-max-ziplist-entries', unsigned: true }),
  num('active-defrag-ignore-bytes', 1n, LLONG_MAX, 100n * MB, { unsigned: true, flavor: 'memory' }),
  num('hash-max-listpack-value', 0n, LONG_MAX, 64n, { alias: 'hash-max-ziplist-value', unsigned: true, flavor: 'memory' }),
  num('stream-node-max-bytes', 0n, LONG_MAX, 4096n, { unsigned: true, flavor: 'memory' }),
  num('zset-max-listpack-value', 0n, LONG_MAX, 64n, { alias: 'zset-max-ziplist-value', unsigned: true, flavor: 'memory' }),
  num('hll-sparse-max-bytes', 0n, LONG_MAX, 3000n, { unsigned: true, flavor: 'memory' }),
  num('tracking-table-max-keys', 0n, LONG_MAX, 1000000n, { unsigned: true }),
  num('client-query-buffer-limit', MB, LONG_MAX, 1024n * MB, { unsigned: true, flavor: 'memory' }),
  num('maxmemory-clients', -100n, LONG_MAX, 0n, { flavor: 'memory-percent' }),
  num('repl-backlog-ttl', 0n, LONG_MAX, 3600n),
  num('auto-aof-rewrite-min-size', 0n, LLONG_MAX, 64n * MB, { flavor: 'memory' }),
  num('loading-process-events-interval-bytes', 1024n, INT_MAX, 2n * MB),

  special('dir', false),
  special('save', true),
  special('client-output-buffer-limit', true),
  special('oom-score-adj-values', true),
  special('notify-keyspace-events', false),
  special('bind', true),
  special('replicaof', true, 'slaveof'),
  special('latency-tracking-info-percentiles', true),
];

/** Lower-case name or alias -> spec. */
export const OPTION_BY_NAME: ReadonlyMap<string, OptionSpec> = new Map(
  OPTION_TABLE.flatMap((spec) => (spec.alias ? [[spec.name, spec] as const, [spec.alias, spec] as const] : [[spec.name, spec] as const])),
);

/** Options Redis 7.0 still accepts and ignores, with their accepted argc range (name included). */
export const DEPRECATED_OPTIONS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['list-max-ziplist-entries', [2, 2]],
  ['list-max-ziplist-value', [2, 2]],
  ['lua-replicate-commands', [2, 2]],
]);
