/**
 * TILT mode (§7.9): after a stall (or a clock stepping back) the sentinel's view of time cannot
 * be trusted, so for tilt-period it keeps watching but stops judging. Rules:
 *  1. each tick compares with the previous one: a gap above tilt-trigger on the monotonic clock
 *     (a pause, an overloaded loop), or a wall clock that went backwards, enters TILT
 *     (`+tilt #tilt mode entered`); entering again restarts the period;
 *  2. while in TILT, instances are still reconnected and polled and their INFO and hellos are
 *     processed, but SDOWN/ODOWN, failovers, asking peers and INFO-driven actions are skipped,
 *     and is-master-down-by-addr answers "not down";
 *  3. TILT ends when an instance is handled tilt-period after it began (`-tilt #tilt mode
 *     exited`); like Redis, a sentinel with no masters never leaves it.
 * Redis reads one wall clock for everything, so it also tilts when that clock jumps forward;
 * vigil's timers run on the monotonic clock, which a wall-clock jump does not disturb.
 */
import { plainEvent, runtimeOf, type MonitorContext } from './context.js';

/** Rule 1, once per tick before any instance is handled. */
export function checkTiltCondition(ctx: MonitorContext): void {
  const { state } = ctx.env;
  const runtime = runtimeOf(state);
  const previous = runtime.previousTick;
  if (previous !== null) {
    const gap = ctx.now.mono - previous.mono;
    if (gap < 0 || gap > state.timing.tiltTriggerMs || ctx.now.wall < previous.wall) {
      state.tilt = true;
      state.tiltStartTime = ctx.now.mono;
      plainEvent(ctx, 'warning', '+tilt', '#tilt mode entered');
    }
  }
  runtime.previousTick = { mono: ctx.now.mono, wall: ctx.now.wall };
}

/** Rules 2-3, per instance: true while judging must still be skipped. */
export function stillInTilt(ctx: MonitorContext): boolean {
  const { state } = ctx.env;
  if (!state.tilt) return false;
  if (ctx.now.mono - state.tiltStartTime < state.timing.tiltPeriodMs) return true;
  state.tilt = false;
  plainEvent(ctx, 'warning', '-tilt', '#tilt mode exited');
  return false;
}
