/**
 * The non-sentinel part of the configuration that the core needs to answer commands (port,
 * bind, auth, limits) plus facts about the process that INFO shows. Given to the core at
 * construction; the core never asks the OS.
 */
import type { LogLevel } from './io.js';

export interface AclUserSpec {
  readonly name: string;
  /** The rules as written in a `user` line after the name (`on`, `>pw`, `~*`, `+@all`, ...). */
  readonly rules: readonly string[];
}

export interface ServerConfig {
  port: number;
  bind: string[];
  dir: string;
  logfile: string;
  loglevel: LogLevel;
  pidfile: string;
  protectedMode: boolean;
  requirepass: string | null;
  users: AclUserSpec[];
  aclfile: string | null;
  maxclients: number;
  /** Bytes of pending output after which a pub/sub client is disconnected (hard limit). */
  pubsubOutputHardLimit: number;
  clientQueryBufferLimit: number;
  protoMaxBulkLen: number;
  enableDebugCommand: 'no' | 'yes' | 'local';
  /** Redis-style text logs instead of JSON (vigil's own directive `log-format text|json`). */
  logFormat: 'json' | 'text';
  hz: number;
  /** `daemonize yes` is accepted and written back, but vigil always stays in the foreground. */
  daemonize: boolean;
  /** All three classes of `client-output-buffer-limit`; the pub/sub hard limit mirrors pubsubOutputHardLimit. */
  outputBufferLimits: Record<OutputBufferClass, OutputBufferLimit>;
  /** `latency-tracking-info-percentiles` (always written back by a rewrite, as Redis does). */
  latencyTrackingInfoPercentiles: number[];
  /**
   * Every other redis.conf option the file set, by primary name, as its canonical value (the
   * way CONFIG GET would show it: `yes`, `1048576`, a string). Vigil does not act on them; they
   * are kept so a rewrite writes them back the way redis-sentinel would.
   */
  otherOptions: Map<string, string>;
  /**
   * Server `rename-command old new` lines in file order (new '' removes the command). They
   * rename the commands clients of this sentinel may call; a rewrite leaves those lines alone.
   */
  commandRenames: { readonly from: string; readonly to: string }[];
}

export type OutputBufferClass = 'normal' | 'replica' | 'pubsub';

export interface OutputBufferLimit {
  readonly hardBytes: number;
  readonly softBytes: number;
  readonly softSeconds: number;
}

export const DEFAULT_OUTPUT_BUFFER_LIMITS: Readonly<Record<OutputBufferClass, OutputBufferLimit>> = {
  normal: { hardBytes: 0, softBytes: 0, softSeconds: 0 },
  replica: { hardBytes: 256 * 1024 * 1024, softBytes: 64 * 1024 * 1024, softSeconds: 60 },
  pubsub: { hardBytes: 32 * 1024 * 1024, softBytes: 8 * 1024 * 1024, softSeconds: 60 },
};

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  port: 26379,
  bind: [],
  dir: '',
  logfile: '',
  loglevel: 'notice',
  pidfile: '',
  protectedMode: false,
  requirepass: null,
  users: [],
  aclfile: null,
  maxclients: 10_000,
  pubsubOutputHardLimit: 32 * 1024 * 1024,
  clientQueryBufferLimit: 1024 * 1024 * 1024,
  protoMaxBulkLen: 512 * 1024 * 1024,
  enableDebugCommand: 'no',
  logFormat: 'json',
  hz: 10,
  daemonize: false,
  outputBufferLimits: { ...DEFAULT_OUTPUT_BUFFER_LIMITS },
  latencyTrackingInfoPercentiles: [50, 99, 99.9],
  otherOptions: new Map(),
  commandRenames: [],
};

/** A fresh, unshared copy of the defaults (DEFAULT_SERVER_CONFIG holds arrays and a map). */
export function defaultServerConfig(): ServerConfig {
  return {
    ...DEFAULT_SERVER_CONFIG,
    bind: [],
    users: [],
    outputBufferLimits: { ...DEFAULT_OUTPUT_BUFFER_LIMITS },
    latencyTrackingInfoPercentiles: [...DEFAULT_SERVER_CONFIG.latencyTrackingInfoPercentiles],
    otherOptions: new Map(),
    commandRenames: [],
  };
}

/** Facts about this process, for INFO server. */
export interface ProcessFacts {
  readonly pid: number;
  readonly runId: string;
  readonly executable: string;
  readonly configFile: string;
  readonly startWallMs: number;
  readonly startMonoMs: number;
  readonly os: string;
  readonly archBits: number;
  readonly nodeVersion: string;
  readonly vigilVersion: string;
}
