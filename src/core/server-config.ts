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
}

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
};

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
