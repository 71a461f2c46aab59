/**
 * Collects the outcome of one input: actions in order, and whether the configuration must be
 * written before they are carried out.
 */
import type { Reply } from '../resp/values.js';
import type { Protocol } from '../resp/encode.js';
import type { Action, LogLevel, PersistRequest, Ready } from './io.js';

export class Batch {
  readonly actions: Action[] = [];
  persist: PersistRequest | null = null;
  /** Set by a handler whose reply depends on the flush succeeding (see flushConfigAndReply). */
  failReplyForNextReply: Reply | null = null;

  reply(clientId: number, proto: Protocol, reply: Reply, ifPersistFails?: Reply): void {
    this.actions.push(
      ifPersistFails === undefined
        ? { kind: 'reply', clientId, proto, reply }
        : { kind: 'reply', clientId, proto, reply, ifPersistFails },
    );
  }

  log(level: LogLevel, text: string): void {
    this.actions.push({ kind: 'log', level, text });
  }

  closeClient(clientId: number): void {
    this.actions.push({ kind: 'close-client', clientId });
  }

  /** Ask for a config flush before anything in this batch leaves. */
  flushConfig(reason: string): void {
    if (this.persist === null) this.persist = { reason };
  }

  exit(code: number, reason: string): void {
    this.actions.push({ kind: 'exit', code, reason });
  }

  toReady(): Ready {
    return { persist: this.persist, actions: this.actions };
  }
}
