/**
 * A client writing through HAProxy, one SET every few ms, that knows where each write landed:
 * on every new connection it asks INFO server for `tcp_port` (HAProxy keeps a TCP session on
 * one server for its whole life), so each acknowledged write is attributed to the node that
 * executed it. It opens a new connection every few writes, as short-lived clients do: an
 * established session never moves, so only new connections show where HAProxy routes *now*.
 * Failures (refused, closed, error replies) are recorded with their time and the writer
 * reconnects; the gaps between acknowledged writes are the outage a client sees.
 */
import { RespClient } from '../../helpers/resp-client.js';

export interface Ack {
  readonly key: string;
  /** Port of the data node that acknowledged the write. */
  readonly port: number;
  readonly at: number;
}

export interface Failure {
  readonly at: number;
  readonly error: string;
}

const PACE_MS = 10;
const RETRY_MS = 20;
/** Writes per connection (about 50 ms of writing): several new connections per check interval. */
const WRITES_PER_CONNECTION = 5;

export class Writer {
  readonly acks: Ack[] = [];
  readonly failures: Failure[] = [];
  private stopped = false;
  private client: RespClient | undefined;
  private loop: Promise<void> | undefined;
  private seq = 0;

  constructor(private readonly port: number, private readonly prefix: string) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.client?.close();
    await this.loop;
  }

  /** Acknowledged writes at or after `t` (ms since epoch). */
  acksSince(t: number): Ack[] {
    return this.acks.filter((a) => a.at >= t);
  }

  failuresSince(t: number): Failure[] {
    return this.failures.filter((f) => f.at >= t);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const c = await RespClient.connect(this.port);
        this.client = c;
        const info = await c.call('INFO', 'server');
        const port = Number(/^tcp_port:(\d+)/m.exec('value' in info.node ? String(info.node.value) : '')?.[1]);
        if (!Number.isInteger(port)) throw new Error(`INFO server through HAProxy answered ${info.raw.slice(0, 80)}`);
        for (let n = 0; n < WRITES_PER_CONNECTION && !this.stopped; n++) {
          const key = `${this.prefix}:${++this.seq}`;
          const r = await c.call('SET', key, String(this.seq));
          if (r.node.type !== 'simple' || r.node.value !== 'OK') throw new Error(`SET answered ${r.raw.trim()}`);
          this.acks.push({ key, port, at: Date.now() });
          await delay(PACE_MS);
        }
        c.close();
      } catch (e) {
        if (this.stopped) break;
        this.failures.push({ at: Date.now(), error: e instanceof Error ? e.message : String(e) });
        this.client?.close();
        await delay(RETRY_MS);
      }
    }
    this.client?.close();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
