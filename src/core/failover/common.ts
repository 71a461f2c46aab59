/**
 * What every failover state shares: entering a state (with its change time), aborting, and the
 * SIMULATE-FAILURE crash. Rules:
 *  1. a state change records its time; the new state's handler runs next in the same step
 *     (machine.ts, rule 3);
 *  2. an abort is allowed only up to WAIT_PROMOTION: it clears the failover and force flags,
 *     goes back to NONE, records the time and unmarks the promoted replica; the start time is
 *     kept, so the 2 x failover-timeout back-off applies; a paused old master is unpaused
 *     (demotion.ts). Aborting later is a broken invariant;
 *  3. a simulated crash logs "Sentinel CRASH because of SENTINEL simulate-failure" and exits
 *     with status 99; nothing after it in the batch is carried out.
 */
import type { Batch } from '../batch.js';
import type { MonitorContext } from '../monitor/context.js';
import type { FailoverState, MasterRecord } from '../state.js';
import { releaseOldMaster } from './demotion.js';

const ABORTABLE: ReadonlySet<FailoverState> = new Set(['wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion']);

export const SIMULATED_CRASH_EXIT_CODE = 99;

/** Rule 1. */
export function enterState(ctx: MonitorContext, master: MasterRecord, state: FailoverState): void {
  master.failoverState = state;
  master.failoverStateChangeTime = ctx.now.mono;
}

/** Rule 2 (sentinelAbortFailover). */
export function abortFailover(ctx: MonitorContext, master: MasterRecord): void {
  if (!ABORTABLE.has(master.failoverState)) {
    throw new Error(`failover of ${master.name} cannot be aborted in state ${master.failoverState}`);
  }
  releaseOldMaster(ctx, master);
  master.failoverState = 'none';
  master.forceFailover = false;
  master.failoverStateChangeTime = ctx.now.mono;
  for (const replica of master.replicas.values()) replica.promoted = false;
}

/**
 * Whether a failover is in a state that waits on data nodes (select_slave's fresh INFO, the
 * chosen replica catching up or being promoted, replicas being reconfigured) and entered it less
 * than CLOSE_WATCH_MS ago: the window in which ticks come every 10 ms and those replicas are
 * polled every 20 ms. Bounded so that a slow full resync (minutes) is not polled that often.
 */
export function watchedClosely(master: MasterRecord, nowMono: number): boolean {
  const s = master.failoverState;
  const waits = s === 'select_slave' || s === 'send_slaveof_noone' || s === 'wait_promotion' || s === 'reconf_slaves';
  return waits && nowMono - master.failoverStateChangeTime <= CLOSE_WATCH_MS;
}

export const CLOSE_WATCH_MS = 2_000;

/** Whether this batch already asked the process to exit (nothing after it would be carried out). */
export function batchExits(batch: Batch): boolean {
  return batch.actions.some((a) => a.kind === 'exit');
}

/** Rule 3: true when the crash was issued (the caller stops there). */
export function maybeSimulatedCrash(ctx: MonitorContext, flag: number): boolean {
  if ((ctx.env.state.simFailureFlags & flag) === 0) return false;
  ctx.batch.log('warning', 'Sentinel CRASH because of SENTINEL simulate-failure');
  ctx.batch.exit(SIMULATED_CRASH_EXIT_CODE, 'SENTINEL simulate-failure');
  return true;
}

/** Whether the failover of `master` has run longer than failover-timeout in its current state. */
export function stateTimedOut(ctx: MonitorContext, master: MasterRecord): boolean {
  return ctx.now.mono - master.failoverStateChangeTime > master.failoverTimeoutMs;
}
