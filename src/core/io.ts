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

export type Input = ClientOpenInput | ClientCommandInput | ClientCloseInput | TickInput;

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
  | { readonly kind: 'exit'; readonly code: number; readonly reason: string };

/** A request to write the configuration: the directives the sentinel owns, rendered from state. */
export interface PersistRequest {
  readonly reason: string;
}

export interface Ready {
  readonly persist: PersistRequest | null;
  readonly actions: readonly Action[];
}
