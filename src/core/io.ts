/**
 * The core's contract with the outside: inputs in, one Ready batch out. The runtime must
 * persist `ready.persist` (atomically) before it executes any action of the same batch, so a
 * vote or a new configuration is durable before anyone hears of it.
 */
import type { Reply } from '../resp/values.js';
import type { Protocol } from '../resp/encode.js';
import type { Now } from './time.js';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export interface ClientOpenInput {
  readonly kind: 'client-open';
  readonly now: Now;
  readonly clientId: number;
  /** Peer address as `ip:port`. */
  readonly addr: string;
  /** Local address as `ip:port`. */
  readonly laddr: string;
}

export interface ClientCommandInput {
  readonly kind: 'client-command';
  readonly now: Now;
  readonly clientId: number;
  readonly argv: readonly string[];
}

export interface ClientCloseInput {
  readonly kind: 'client-close';
  readonly now: Now;
  readonly clientId: number;
}

export interface TickInput {
  readonly kind: 'tick';
  readonly now: Now;
}

/**
 * Outgoing links (to masters, replicas and peer sentinels). The core names every connection
 * attempt with a fresh `linkId`; an id is never reused, so a late event of a dead connection
 * can't be mistaken for the new one. The adapter reports each connection's life exactly once:
 * `link-up` then (eventually) `link-down`, or just `link-down` if connecting failed. A close the
 * core asked for (`link-close`) produces no `link-down`.
 */
export interface LinkUpInput {
  readonly kind: 'link-up';
  readonly now: Now;
  readonly linkId: number;
  /** Our side of the socket (getsockname): the IP hellos announce when announce-ip is unset. */
  readonly localIp: string;
  readonly localPort: number;
}

export interface LinkDownInput {
  readonly kind: 'link-down';
  readonly now: Now;
  readonly linkId: number;
  readonly reason: string;
}

/** A reply on a command link, matched FIFO to the `tag` of the `link-send` it answers. */
export interface LinkReplyInput {
  readonly kind: 'link-reply';
  readonly now: Now;
  readonly linkId: number;
  readonly tag: number;
  readonly reply: Reply;
}

/** Any frame on a pub/sub link (subscribe confirmations and `message` pushes alike). */
export interface LinkFrameInput {
  readonly kind: 'link-frame';
  readonly now: Now;
  readonly linkId: number;
  readonly frame: Reply;
}

/** The answer to a `resolve` action: the first address of `host`, or null (failure, timeout). */
export interface ResolvedInput {
  readonly kind: 'resolved';
  readonly now: Now;
  readonly requestId: number;
  readonly host: string;
  readonly ip: string | null;
}

export type LinkInput = LinkUpInput | LinkDownInput | LinkReplyInput | LinkFrameInput;

/**
 * Scripts (§11). For each `script-start` the adapter reports exactly one of: `script-started`
 * then (eventually) `script-exit`; `script-exit` alone with exit code 2 when the program could
 * not be executed (Redis's child does `_exit(2)` after a failed execve); or
 * `script-spawn-failed` when no child could be created at all (Redis's fork failure).
 */
export interface ScriptStartedInput {
  readonly kind: 'script-started';
  readonly now: Now;
  readonly jobId: number;
  readonly pid: number;
}

export interface ScriptExitInput {
  readonly kind: 'script-exit';
  readonly now: Now;
  readonly jobId: number;
  /** The child's pid; absent when it never ran (exec failure). */
  readonly pid?: number;
  /** The exit status (0 when killed by a signal). */
  readonly exitCode: number;
  /** The number of the signal that killed it, 0 when it exited. */
  readonly signal: number;
}

export interface ScriptSpawnFailedInput {
  readonly kind: 'script-spawn-failed';
  readonly now: Now;
  readonly jobId: number;
  readonly reason: string;
}

export type ScriptInput = ScriptStartedInput | ScriptExitInput | ScriptSpawnFailedInput;

export type Input =
  | ClientOpenInput
  | ClientCommandInput
  | ClientCloseInput
  | TickInput
  | LinkInput
  | ResolvedInput
  | ScriptInput;

export type Action =
  /** Send a reply (or a push frame) to a client, encoded in its protocol. */
  | {
      readonly kind: 'reply';
      readonly clientId: number;
      readonly proto: Protocol;
      readonly reply: Reply;
      /** Sent instead of `reply` when this batch's persist failed. */
      readonly ifPersistFails?: Reply;
    }
  /** Close a client once the replies queued before this action have been written. */
  | { readonly kind: 'close-client'; readonly clientId: number }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly text: string }
  | { readonly kind: 'set-loglevel'; readonly level: LogLevel }
  /** Stop the process (SHUTDOWN, or SIMULATE-FAILURE's crash with exit code 99). */
  | { readonly kind: 'exit'; readonly code: number; readonly reason: string }
  /**
   * Open a connection. `pubsub` links report every frame as `link-frame`; `cmd` links report
   * replies as `link-reply`. `bindSource` is the local address to connect from (bind-source-addr).
   */
  | {
      readonly kind: 'link-open';
      readonly linkId: number;
      readonly mode: 'cmd' | 'pubsub';
      readonly host: string;
      readonly port: number;
      readonly bindSource: string | null;
      /** The connection name, for logs only (the core sends CLIENT SETNAME itself). */
      readonly label: string;
    }
  /** Write one command (RESP2 array of bulk strings). Its reply comes back with the same tag. */
  | { readonly kind: 'link-send'; readonly linkId: number; readonly tag: number; readonly argv: readonly string[] }
  | { readonly kind: 'link-close'; readonly linkId: number }
  /** Resolve a hostname asynchronously (bounded by a timeout in the adapter). */
  | { readonly kind: 'resolve'; readonly requestId: number; readonly host: string }
  /** When to deliver the next `tick` (the core jitters it from its seeded RNG). */
  | { readonly kind: 'schedule-tick'; readonly delayMs: number }
  /**
   * Run a script: execve(argv[0], argv, environ), no shell, stdin/stdout/stderr on /dev/null,
   * no other descriptor inherited. Its fate comes back as script inputs under `jobId`.
   */
  | { readonly kind: 'script-start'; readonly jobId: number; readonly argv: readonly string[] }
  /** SIGKILL the running child of `jobId` (script-max-runtime exceeded); its exit still comes. */
  | { readonly kind: 'script-kill'; readonly jobId: number };

/** A request to write the configuration: the directives the sentinel owns, rendered from state. */
export interface PersistRequest {
  readonly reason: string;
}

export interface Ready {
  readonly persist: PersistRequest | null;
  readonly actions: readonly Action[];
}
