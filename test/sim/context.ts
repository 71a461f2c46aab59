/**
 * What every simulated process shares: the world (time, queue), the network, the trace, the
 * DNS table and the seeded randomness of the simulation itself (run ids, core seeds, jitter),
 * plus two test-only hooks: taps (observers the safety checkers hang on what sentinels send)
 * and the planted bugs the swarm's own test switches on to prove its checkers bite.
 */
import type { PlantedBug } from '../../src/core/planted-bugs.js';
import type { Rng } from '../../src/core/rng.js';
import type { Net } from './net.js';
import type { Trace } from './trace.js';
import type { World } from './world.js';

/** A sentinel (by sim name) writes argv on a link to the node `serverNode` (sim name, '' if none). */
export type LinkSendTap = (sentinel: string, serverNode: string, argv: readonly string[]) => void;

export interface SimTaps {
  readonly linkSend: LinkSendTap[];
}

/** Deliberate defects, off unless a test turns them on (see src/core/planted-bugs.ts). */
export interface SimBugs {
  /** Set on every sentinel core at start and restart. */
  readonly core: Set<PlantedBug>;
  /** The restart path zeroes current-epoch and leader-epoch after reading the config file. */
  forgetEpochOnRestart: boolean;
}

export interface SimContext {
  readonly world: World;
  readonly net: Net;
  readonly trace: Trace;
  readonly rng: Rng;
  /** hostname -> IP; IP literals resolve to themselves. */
  readonly dns: Map<string, string>;
  readonly taps: SimTaps;
  readonly bugs: SimBugs;
}

export function lookup(ctx: SimContext, host: string): string | null {
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return host;
  return ctx.dns.get(host) ?? null;
}
