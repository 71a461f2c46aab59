/**
 * The synchronous runtime: feeds inputs to the core and carries out each Ready batch through
 * the ports, persisting first (persist before speak). Nothing here decides anything; it only
 * reads the clock once per input and executes what the core returned. Every Action kind is
 * handled (the switch is exhaustive at compile time), so a new kind in io.ts fails the build
 * here instead of being dropped silently.
 */
import { encodeReply } from '../resp/encode.js';
import type { Action, Input, LogLevel, Ready } from '../core/io.js';
import type { SentinelCore } from '../core/sentinel-core.js';
import type { Now } from '../core/time.js';

/** An input as an adapter reports it; the runtime adds the time when it feeds it. */
export type Unstamped<T> = T extends unknown ? Omit<T, 'now'> : never;

export type LinkOpenAction = Extract<Action, { readonly kind: 'link-open' }>;

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
  openLink(action: LinkOpenAction): void;
  sendLink(linkId: number, tag: number, argv: readonly string[]): void;
  closeLink(linkId: number): void;
  resolve(requestId: number, host: string): void;
  /** Replaces any pending tick: the next `tick` input comes after `delayMs`. */
  scheduleTick(delayMs: number): void;
  /** Runs a script child; its fate comes back as script inputs (see io.ts). */
  startScript(jobId: number, argv: readonly string[]): void;
  /** SIGKILLs a script child. */
  killScript(jobId: number): void;
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

  /** Feeds an adapter's report, stamped with a fresh clock read. */
  deliver(event: Unstamped<Input>): void {
    this.feed(stamp(event, this.clock()));
  }

  /** The server's hot path: all commands of one read, one batch, one flush. */
  commands(clientId: number, commands: readonly (readonly string[])[]): void {
    this.apply(this.core.handleCommands(clientId, commands, this.clock()), false);
  }

  apply(ready: Ready, flush = true): void {
    const persisted = ready.persist === null ? true : this.ports.persist(ready.persist.reason);
    const { actions } = ready;
    // An index loop: this runs for every input, and allocates no iterator.
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i]!;
      if (action.kind === 'exit') {
        this.ports.flush();
        this.ports.exit(action.code, action.reason);
        return;
      }
      this.execute(action, persisted);
    }
    if (flush) this.ports.flush();
  }

  private execute(action: Exclude<Action, { readonly kind: 'exit' }>, persisted: boolean): void {
    const { ports } = this;
    switch (action.kind) {
      case 'reply': {
        const reply = !persisted && action.ifPersistFails !== undefined ? action.ifPersistFails : action.reply;
        ports.send(action.clientId, encodeReply(reply, action.proto));
        return;
      }
      case 'close-client':
        return ports.closeClient(action.clientId);
      case 'log':
        return ports.log(action.level, action.text);
      case 'set-loglevel':
        return ports.setLogLevel(action.level);
      case 'link-open':
        return ports.openLink(action);
      case 'link-send':
        return ports.sendLink(action.linkId, action.tag, action.argv);
      case 'link-close':
        return ports.closeLink(action.linkId);
      case 'resolve':
        return ports.resolve(action.requestId, action.host);
      case 'schedule-tick':
        return ports.scheduleTick(action.delayMs);
      case 'script-start':
        return ports.startScript(action.jobId, action.argv);
      case 'script-kill':
        return ports.killScript(action.jobId);
      default:
        return unreachable(action);
    }
  }
}

function unreachable(action: never): never {
  throw new Error(`runtime: unknown action ${JSON.stringify(action)}`);
}

function stamp(event: Unstamped<Input>, now: Now): Input {
  return { ...event, now };
}

/**
 * The Node tick port: at most one pending timer, a new schedule replaces the old one. The core
 * owns the cadence (it jitters each delay); this only guarantees ticks never stop: if a tick
 * was handled and nothing scheduled the next one, `fallbackMs` is used, so a core that does
 * not schedule yet (or forgets once) still gets Sentinel's ~10 Hz timer.
 */
export class TickTimer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly onTick: () => void,
    private readonly fallbackMs: number,
  ) {}

  get pending(): boolean {
    return this.timer !== null;
  }

  schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    // A non-finite or negative delay is a core bug; fire soon rather than never or at once.
    const ms = Number.isFinite(delayMs) ? Math.min(Math.max(0, delayMs), MAX_TIMER_MS) : this.fallbackMs;
    this.timer = setTimeout(() => this.fire(), ms);
    // Only the sockets keep the process alive; a lone timer must not block exit.
    this.timer.unref();
  }

  /** Schedules the fallback tick if nothing is pending (used at start-up). */
  ensureScheduled(): void {
    if (this.timer === null) this.schedule(this.fallbackMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    try {
      this.onTick();
    } finally {
      this.ensureScheduled();
    }
  }
}

/** setTimeout's largest delay (a 32-bit signed int of ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Both clocks, read together. */
export function systemClock(): Now {
  return { mono: performance.now(), wall: Date.now() };
}
