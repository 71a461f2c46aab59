/**
 * What every simulated process shares: the world (time, queue), the network, the trace, the
 * DNS table and the seeded randomness of the simulation itself (run ids, core seeds, jitter).
 */
import type { Rng } from '../../src/core/rng.js';
import type { Net } from './net.js';
import type { Trace } from './trace.js';
import type { World } from './world.js';

export interface SimContext {
  readonly world: World;
  readonly net: Net;
  readonly trace: Trace;
  readonly rng: Rng;
  /** hostname -> IP; IP literals resolve to themselves. */
  readonly dns: Map<string, string>;
}

export function lookup(ctx: SimContext, host: string): string | null {
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return host;
  return ctx.dns.get(host) ?? null;
}
