/**
 * The synchronous runtime: feeds inputs to the core and carries out each Ready batch through
 * the ports, persisting first (persist before speak). Nothing here decides anything; it only
 * reads the clocks once per input and executes what the core returned.
 */
import { encodeReply } from '../resp/encode.js';
import type { Input, LogLevel, Ready } from '../core/io.js';
import type { SentinelCore } from '../core/sentinel-core.js';
import type { Now } from '../core/time.js';

export interface RuntimePorts {
  /** Writes the configuration atomically; false (after logging) when it failed. */
  persist(reason: string): boolean;
  send(clientId: number, data: string): void;
  closeClient(clientId: number): void;
  /** Called once after a batch so output leaves in one write per client. */
  flush(): void;
  log(level: LogLevel, text: string): void;
  setLogLevel(level: LogLevel): void;
  exit(code: number, reason: string): void;
}

export type Clock = () => Now;

export class Runtime {
  constructor(
    readonly core: SentinelCore,
    private readonly ports: RuntimePorts,
    readonly clock: Clock,
  ) {}

  feed(input: Input): void {
    this.apply(this.core.handle(input));
  }

  /** The server's hot path: all commands of one read, one batch, one flush. */
  commands(clientId: number, commands: readonly (readonly string[])[]): void {
    this.apply(this.core.handleCommands(clientId, commands, this.clock()), false);
  }

  apply(ready: Ready, flush = true): void {
    const persisted = ready.persist === null ? true : this.ports.persist(ready.persist.reason);
    for (const action of ready.actions) {
      switch (action.kind) {
        case 'reply': {
          const reply = !persisted && action.ifPersistFails !== undefined ? action.ifPersistFails : action.reply;
          this.ports.send(action.clientId, encodeReply(reply, action.proto));
          break;
        }
        case 'close-client':
          this.ports.closeClient(action.clientId);
          break;
        case 'log':
          this.ports.log(action.level, action.text);
          break;
        case 'set-loglevel':
          this.ports.setLogLevel(action.level);
          break;
        case 'exit':
          this.ports.flush();
          this.ports.exit(action.code, action.reason);
          return;
      }
    }
    if (flush) this.ports.flush();
  }
}

/** Both clocks, read together. */
export function systemClock(): Now {
  return { mono: performance.now(), wall: Date.now() };
}
