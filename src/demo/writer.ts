/**
 * The demo's application: an ioredis client in Sentinel mode (it asks the sentinels where
 * `mymaster` is, checks the role, and asks them again whenever the connection drops) writing
 * `SET demo:<n> <n>` every WRITE_PERIOD_MS with n increasing. Once a second it prints how many
 * writes were acknowledged or failed and which master acknowledged them, so a person watching
 * sees the writes stop at the kill and resume on the new master. It remembers every
 * acknowledged write, so the demo can read them all back from the new master at the end.
 * Failures are expected while the master is down: they are counted and shown, never thrown.
 */
import { Redis } from 'ioredis';
import { command } from './clients.js';
import { MASTER_NAME } from './cluster.js';
import type { Printer } from './output.js';
import { sleep } from './processes.js';

const WRITE_PERIOD_MS = 10;
const REPORT_EVERY_MS = 1_000;
/** Reconnect promptly while the master is gone: each attempt asks the sentinels again. */
const RECONNECT_MS = 100;
const COMMAND_TIMEOUT_MS = 500;
const READ_BATCH = 1_000;

export const KEY_PREFIX = 'demo:';

export interface Ack {
  readonly n: number;
  /** Date.now() when the OK arrived. */
  readonly at: number;
  /** The port of the master that acknowledged it. */
  readonly port: number;
}

/** The longest stretch without an acknowledged write, and the writes on either side. */
export interface Gap {
  readonly before: Ack;
  readonly after: Ack;
  readonly ms: number;
}

export class DemoWriter {
  readonly acks: Ack[] = [];
  failed = 0;
  private running = false;
  private loop: Promise<void> | null = null;
  private reporter: NodeJS.Timeout | null = null;
  private window = { ok: new Map<number, number>(), failed: 0, lastError: '' };
  private readonly redis: Redis;

  constructor(sentinelPorts: readonly number[], private readonly out: Printer) {
    this.redis = new Redis({
      sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
      name: MASTER_NAME,
      lazyConnect: true,
      // No failoverDetector: the killed master drops the connection anyway, and in ioredis
      // 6.0.0 its disconnect on +switch-master can land during the reconnect's sentinel
      // lookup, which then fails with "Connection is closed." and leaves the client ended.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => RECONNECT_MS,
      sentinelRetryStrategy: () => RECONNECT_MS,
      connectTimeout: COMMAND_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      disableClientInfo: true,
    });
    // Connection errors show up as failed writes; this keeps them off 'unhandled error'.
    this.redis.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.redis.connect();
    this.running = true;
    this.loop = this.run();
    this.reporter = setInterval(() => this.report(), REPORT_EVERY_MS);
  }

  async stop(): Promise<void> {
    if (this.reporter !== null) clearInterval(this.reporter);
    this.reporter = null;
    this.running = false;
    await this.loop;
    this.loop = null;
    this.redis.disconnect();
  }

  get sent(): number {
    return this.acks.length + this.failed;
  }

  /** Acknowledged writes by the master on `port`. */
  acksOn(port: number): Ack[] {
    return this.acks.filter((a) => a.port === port);
  }

  longestGap(): Gap | null {
    let gap: Gap | null = null;
    for (let i = 1; i < this.acks.length; i++) {
      const ms = this.acks[i]!.at - this.acks[i - 1]!.at;
      if (gap === null || ms > gap.ms) gap = { before: this.acks[i - 1]!, after: this.acks[i]!, ms };
    }
    return gap;
  }

  /** Acknowledged writes whose key does not hold its value on the master at `port`. */
  async missingOn(port: number): Promise<{ missing: Ack[]; error: string | null }> {
    const missing: Ack[] = [];
    for (let i = 0; i < this.acks.length; i += READ_BATCH) {
      const batch = this.acks.slice(i, i + READ_BATCH);
      const r = await command(port, 'MGET', ...batch.map((a) => `${KEY_PREFIX}${a.n}`));
      if (!r.ok) return { missing, error: r.error };
      const values = Array.isArray(r.value) ? r.value : [];
      batch.forEach((a, j) => {
        if (values[j] !== String(a.n)) missing.push(a);
      });
    }
    return { missing, error: null };
  }

  private async run(): Promise<void> {
    let n = 0;
    while (this.running) {
      const startedAt = Date.now();
      // Should the client still give up (status "end"), start it again, as an application would.
      if (this.redis.status === 'end') this.redis.connect().catch(() => undefined);
      n++;
      try {
        await this.redis.set(`${KEY_PREFIX}${n}`, String(n));
        // The socket the OK came in on says which master acknowledged it.
        const port = this.redis.stream?.remotePort ?? 0;
        this.acks.push({ n, at: Date.now(), port });
        this.window.ok.set(port, (this.window.ok.get(port) ?? 0) + 1);
      } catch (e) {
        this.failed++;
        this.window.failed++;
        this.window.lastError = shortError(e);
      }
      await sleep(Math.max(0, startedAt + WRITE_PERIOD_MS - Date.now()));
    }
  }

  private report(): void {
    const { ok, failed, lastError } = this.window;
    this.window = { ok: new Map(), failed: 0, lastError: '' };
    const acked = [...ok.values()].reduce((a, b) => a + b, 0);
    const where = [...ok.entries()].map(([port, count]) => `${count} by 127.0.0.1:${port}`).join(', ');
    const text = `${String(acked).padStart(3)} acknowledged${acked > 0 ? ` (${where})` : ''}` + (failed > 0 ? `, ${failed} failed: ${lastError}` : '');
    this.out.status('writer', text, failed === 0);
  }
}

/** ioredis's error texts, shortened to what a person watching needs. */
function shortError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (text.includes("Stream isn't writeable")) return 'not connected (reconnecting through the sentinels)';
  if (text.includes('ECONNREFUSED')) return 'connection refused';
  if (text.startsWith('READONLY')) return 'READONLY (still a replica)';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
