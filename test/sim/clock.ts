/**
 * A node's own clocks, as a function of the world's virtual time. Decides how drift (rate),
 * jumps (offsets) and origins combine; never reads a real clock. Mono and wall start at
 * different origins per node so no two processes share a clock by accident; both are whole
 * milliseconds, as the core's `Now` carries them.
 */
import type { Now } from '../../src/core/time.js';

/** 2026-09-20, far enough from 0 that a wall reading never looks like "never". */
export const WALL_EPOCH_MS = 1_790_000_000_000;

export class NodeClock {
  /** World time of the last rebase, and both readings at that moment. */
  private baseT: number;
  private baseMono: number;
  private baseWall: number;
  private rate = 1;

  constructor(worldNow: number, monoOrigin: number) {
    this.baseT = worldNow;
    this.baseMono = monoOrigin;
    this.baseWall = WALL_EPOCH_MS + worldNow;
  }

  read(worldNow: number): Now {
    const elapsed = (worldNow - this.baseT) * this.rate;
    return { mono: Math.floor(this.baseMono + elapsed), wall: Math.floor(this.baseWall + elapsed) };
  }

  /** Runs this node's clocks `rate` times as fast as the world's from now on (1 = no drift). */
  setRate(worldNow: number, rate: number): void {
    if (!(rate > 0 && rate < 100)) throw new Error(`clock rate out of range: ${rate}`);
    this.rebase(worldNow);
    this.rate = rate;
  }

  /** Steps the wall clock (NTP step, operator `date -s`); negative goes back in time. */
  jumpWall(worldNow: number, deltaMs: number): void {
    this.rebase(worldNow);
    this.baseWall += deltaMs;
  }

  /** Steps the monotonic clock forward (a suspended VM resuming); it never goes back. */
  jumpMono(worldNow: number, deltaMs: number): void {
    if (deltaMs < 0) throw new Error('a monotonic clock never goes back');
    this.rebase(worldNow);
    this.baseMono += deltaMs;
  }

  private rebase(worldNow: number): void {
    const now = this.read(worldNow);
    this.baseT = worldNow;
    this.baseMono = now.mono;
    this.baseWall = now.wall;
  }
}
