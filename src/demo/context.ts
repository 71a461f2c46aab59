/**
 * What the demo's steps share: the processes started so far, the printer, the events the
 * sentinels published, and the application writing through them. The runner (demo.ts) owns it
 * and cleans up whatever it holds when the demo ends, however it ends.
 */
import type { Redis } from 'ioredis';
import type { ClusterShape } from './cluster.js';
import type { Printer } from './output.js';
import type { Managed, ProcessGroup } from './processes.js';
import type { DemoWriter } from './writer.js';

/** One pub/sub message of one sentinel, stamped with Date.now() on arrival. */
export interface DemoEvent {
  readonly at: number;
  readonly source: string;
  readonly channel: string;
  readonly message: string;
}

export interface DemoContext {
  readonly group: ProcessGroup;
  readonly out: Printer;
  readonly shape: ClusterShape;
  master: Managed | null;
  replicas: Managed[];
  vigils: Managed[];
  /** Open pub/sub connections; closed by the runner before processes are stopped. */
  readonly subscribers: Redis[];
  /** Every event received on those connections, in arrival order. */
  readonly events: DemoEvent[];
  /** The application writing through the sentinels; the runner stops it if still running. */
  writer: DemoWriter | null;
  /** When the master was killed (Date.now()), once it was. */
  killedAt: number | null;
  /** The master every sentinel names after the failover, once they agree. */
  newMasterPort: number | null;
}

export interface DemoStep {
  readonly title: string;
  run(ctx: DemoContext): Promise<void>;
}

export function requireMaster(ctx: DemoContext): Managed {
  if (ctx.master === null) throw new Error('the master has not been started');
  return ctx.master;
}
