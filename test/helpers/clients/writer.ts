/**
 * The write log every client under test keeps: one entry per write that the data node
 * acknowledged, with the port of the node that took it (from `CONFIG GET port` on the same
 * connection) and how many replicas confirmed it (`WAIT 1 100` on the same connection).
 * A write counts as *acknowledged* only when WAIT reports at least one replica: that is the
 * write a failover must not lose (an unreplicated write on a killed master is lost by design
 * of asynchronous replication, with redis-sentinel too). Also decides the two figures the
 * interop tests assert: when writes resumed on a new master, and which acknowledged writes
 * are missing from the final master.
 */

export interface Ack {
  readonly seq: number;
  /** Port of the data node that executed the write. */
  readonly port: number;
  /** WAIT's answer: replicas that confirmed the write within 100 ms. */
  readonly replicas: number;
  /** Date.now() when the client got the replies. */
  readonly at: number;
}

/** What a client adapter reports for one write: the node it landed on and WAIT's count. */
export interface WriteResult {
  readonly port: number;
  readonly replicas: number;
}

export class WriteLog {
  readonly acks: Ack[] = [];
  readonly errors: { readonly at: number; readonly message: string }[] = [];
  /** Writes the node executed but no replica confirmed (not durable, not checked for loss). */
  unconfirmed = 0;

  constructor(readonly client: string, readonly key: string) {}

  record(seq: number, r: WriteResult, at: number): void {
    if (r.replicas >= 1) this.acks.push({ seq, port: r.port, replicas: r.replicas, at });
    else this.unconfirmed++;
  }

  error(message: string, at: number): void {
    this.errors.push({ at, message });
  }

  /** The first acknowledged write on `port` received after `since` (ms). */
  firstOn(port: number, since: number): Ack | undefined {
    return this.acks.find((a) => a.port === port && a.at >= since);
  }

  /** Acknowledged writes whose sequence number is not in `present`. */
  missing(present: ReadonlySet<number>): number[] {
    return this.acks.filter((a) => !present.has(a.seq)).map((a) => a.seq);
  }

  /** A short state line for failure messages. */
  describe(): string {
    const last = this.acks.at(-1);
    const errs = this.errors.slice(-3).map((e) => e.message).join(' | ');
    return `${this.client}: ${this.acks.length} acked, ${this.unconfirmed} unconfirmed, ${this.errors.length} errors, last ack ${last ? `#${last.seq} on ${last.port}` : 'none'}${errs ? `; last errors: ${errs}` : ''}`;
  }
}

/**
 * Reads the port out of a `CONFIG GET port` reply in any shape a client hands back:
 * a flat `[name, value]` array (RESP2), a plain object or a Map (RESP3 map).
 */
export function portFromConfigReply(reply: unknown): number {
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get('port');
  else if (typeof reply === 'object' && reply !== null) value = (reply as Record<string, unknown>).port;
  const port = Number(typeof value === 'string' || typeof value === 'number' ? value : NaN);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`unexpected CONFIG GET port reply ${JSON.stringify(reply)}`);
  return port;
}

/** Rejects after `ms` (the write loop must never hang on one stuck command). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A client under test: writes in a loop until stopped, recording into `log`. */
export interface ClientWriter {
  readonly log: WriteLog;
  start(): Promise<void>;
  /** Stops the loop and closes the client's connections. */
  stop(): Promise<void>;
}

/**
 * Drives `write(seq)` every `intervalMs` until stopped. One write in flight at a time; a
 * write that throws (or exceeds `timeoutMs`) is logged as an error and the loop goes on.
 */
export class WriteLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly log: WriteLog,
    private readonly write: (seq: number) => Promise<WriteResult>,
    private readonly intervalMs = 50,
    // Long enough for a client that queues commands while it reconnects (ioredis, node-redis)
    // to get its queued write through to the new master: abandoning it earlier would make the
    // loop, not the client, decide when writes resume.
    private readonly timeoutMs = 20_000,
  ) {}

  start(): void {
    this.running = true;
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const seq = ++this.seq;
      try {
        const r = await withTimeout(this.write(seq), this.timeoutMs, `write #${seq}`);
        this.log.record(seq, r, Date.now());
      } catch (e) {
        this.log.error(e instanceof Error ? e.message : String(e), Date.now());
      }
      if (this.running) await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
