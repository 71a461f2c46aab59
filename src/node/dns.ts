/**
 * The DNS adapter: carries out the core's `resolve` actions with `dns.lookup` (getaddrinfo, like
 * Redis's anetResolve, so /etc/hosts and the system's resolver order apply) on libuv's thread
 * pool, never on the event loop. Each request is answered exactly once with a `resolved` input:
 * the first address, or null on failure or after the timeout (a late answer is dropped).
 *
 * Bounded: at most `maxInFlight` lookups at a time (a stuck resolver would otherwise fill the
 * thread pool that file I/O shares); requests beyond it are answered null at once, and the core
 * retries on its next reconnect. Answers are never given synchronously from `resolve`, because
 * that runs while the runtime is carrying out a batch.
 */
import dns from 'node:dns';
import type { ResolvedInput } from '../core/io.js';
import type { Unstamped } from './runtime.js';

export type ResolvedEvent = Unstamped<ResolvedInput>;

export type LookupFn = (host: string, callback: (error: Error | null, address: string | null) => void) => void;

export interface DnsOptions {
  readonly timeoutMs: number;
  readonly maxInFlight: number;
  /** Injectable for tests; defaults to dns.lookup (first address, system order). */
  readonly lookup: LookupFn;
}

export const DEFAULT_DNS_OPTIONS: DnsOptions = {
  timeoutMs: 5_000,
  maxInFlight: 32,
  lookup: (host, callback) => dns.lookup(host, (error, address) => callback(error, error === null ? address : null)),
};

export class DnsPort {
  private readonly options: DnsOptions;
  /** Requests not answered yet, with their timeout timers. */
  private readonly inFlight = new Map<number, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly emit: (event: ResolvedEvent) => void,
    options: Partial<DnsOptions> = {},
  ) {
    this.options = { ...DEFAULT_DNS_OPTIONS, ...options };
  }

  get pending(): number {
    return this.inFlight.size;
  }

  resolve(requestId: number, host: string): void {
    if (this.closed) return;
    if (this.inFlight.has(requestId)) throw new Error(`resolve request ${requestId} issued twice`);
    if (this.inFlight.size >= this.options.maxInFlight) {
      setImmediate(() => this.answerNow(requestId, host, null));
      return;
    }
    const timer = setTimeout(() => this.answer(requestId, host, null), this.options.timeoutMs);
    timer.unref();
    this.inFlight.set(requestId, timer);
    try {
      this.options.lookup(host, (error, address) => this.answer(requestId, host, error === null ? address : null));
    } catch {
      // dns.lookup throws synchronously on a non-string host; answer like any failure, later.
      setImmediate(() => this.answer(requestId, host, null));
    }
  }

  /** Shutdown: forget every request; nothing is reported afterwards. */
  closeAll(): void {
    this.closed = true;
    for (const timer of this.inFlight.values()) clearTimeout(timer);
    this.inFlight.clear();
  }

  /** Answers an in-flight request once: the first of lookup, timeout or failure wins. */
  private answer(requestId: number, host: string, ip: string | null): void {
    const timer = this.inFlight.get(requestId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.inFlight.delete(requestId);
    this.emit({ kind: 'resolved', requestId, host, ip });
  }

  /** Answers a request that was never in flight (refused for the bound). */
  private answerNow(requestId: number, host: string, ip: string | null): void {
    if (!this.closed) this.emit({ kind: 'resolved', requestId, host, ip });
  }
}
