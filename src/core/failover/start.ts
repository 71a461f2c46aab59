/**
 * Starting a failover attempt (§8.2, sentinelStartFailoverIfNeeded / sentinelStartFailover).
 * Rules:
 *  1. only for a master that is ODOWN with no failover in progress;
 *  2. not within 2 x failover-timeout of the last start time (pushed forward when we vote for
 *     another sentinel); then "Next failover delay: I will not start a failover before <time>"
 *     is logged once per start time. A start time of 0 means never (vigil's monotonic clock
 *     starts near 0, where Redis's wall clock never is);
 *  3. starting: WAIT_START, failover epoch = ++current epoch, `+new-epoch`, `+try-failover`,
 *     start time = now + 0-999 ms desync, state change time = now. The epoch is not flushed
 *     here: it is with the vote that follows;
 *  4. SENTINEL FAILOVER starts the same way and then sets the force flag (see
 *     commands/sentinel/failover.ts).
 *
 * `failoverSwitches.automaticStart` lets a test turn the automatic start (rules 1-3 on ODOWN)
 * off to drive SENTINEL FAILOVER alone; it is always on in vigil itself.
 */
import { desyncMs, mayStartAttempt, nextAttemptEpoch, retryBackoffMs } from '../../consensus/index.js';
import type { Batch } from '../batch.js';
import type { CoreEnv } from '../commands/types.js';
import { emitEvent } from '../events.js';
import type { MonitorContext } from '../monitor/context.js';
import { failoverInProgress, type MasterRecord } from '../state.js';
import { formatCtimeUtc, type Now } from '../time.js';

/** See the header: a switch for unit tests, on in vigil itself. */
export const failoverSwitches = { automaticStart: true };

/** The start time for which the back-off was last logged, per master (log dedup only). */
const delayLogged = new WeakMap<MasterRecord, number>();

/** Rules 1-3; true when an attempt started (the caller then asks the peers, forced). */
export function maybeStartFailover(ctx: MonitorContext, master: MasterRecord): boolean {
  if (!failoverSwitches.automaticStart) return false;
  if (!master.oDown || failoverInProgress(master)) return false;
  const last = master.failoverStartTime;
  if (last !== 0 && !mayStartAttempt(ctx.now.mono, last, master.failoverTimeoutMs)) {
    if (delayLogged.get(master) !== last) {
      delayLogged.set(master, last);
      const notBeforeWall = ctx.now.wall + (last + retryBackoffMs(master.failoverTimeoutMs) - ctx.now.mono);
      ctx.batch.log('warning', `Next failover delay: I will not start a failover before ${formatCtimeUtc(notBeforeWall)}`);
    }
    return false;
  }
  startFailover(ctx.env, ctx.batch, master, ctx.now);
  return true;
}

/** Rule 3. */
export function startFailover(env: CoreEnv, batch: Batch, master: MasterRecord, now: Now): void {
  const { state } = env;
  master.failoverState = 'wait_start';
  state.currentEpoch = nextAttemptEpoch(state.currentEpoch);
  master.failoverEpoch = state.currentEpoch;
  emitEvent(env, batch, 'warning', '+new-epoch', { owner: master }, String(state.currentEpoch));
  emitEvent(env, batch, 'warning', '+try-failover', { instance: master, master: null }, '');
  master.failoverStartTime = now.mono + desyncMs(env.rng.nextU32());
  master.failoverStateChangeTime = now.mono;
}

