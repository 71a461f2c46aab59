/**
 * The failover state machine (§9), run per master after the ODOWN check, on every tick and
 * whenever a reply that can move it arrives (monitor/failover-seam.ts, reactToMaster):
 *  1. a master that is ODOWN may start an attempt (start.ts); if it does, the peers are asked
 *     at once (forced), which with a failover in progress is a vote request for us;
 *  2. then the handler of the current state runs: WAIT_START (election.ts), SELECT_SLAVE,
 *     SEND_SLAVEOF_NOONE, WAIT_PROMOTION (promote.ts), RECONF_SLAVES (reconf.ts). UPDATE_CONFIG
 *     is acted on by the caller (monitor/failover-seam.ts, switchFinishedFailover).
 *  3. Deliberate difference from 7.0.15 (speed, same checks): a state entered in this step runs
 *     in the same step, so states whose conditions already hold are passed in one go (Redis
 *     runs one state per timer tick, ~60 ms each). Every state's own checks still run, in the
 *     same order, with the same events. The loop stops when a state stays put, or when the step
 *     asked the process to exit (SIMULATE-FAILURE).
 * A forced attempt (SENTINEL FAILOVER) runs the same states; it only skips the election.
 */
import { askPeersAboutMaster } from '../monitor/ask-peers.js';
import type { MonitorContext } from '../monitor/context.js';
import type { FailoverState, MasterRecord } from '../state.js';
import { batchExits } from './common.js';
import { runWaitStart } from './election.js';
import { runSelectReplica, runSendSlaveofNoOne, runWaitPromotion } from './promote.js';
import { runReconfReplicas } from './reconf.js';
import { maybeStartFailover } from './start.js';

/** More than the number of states: a bound, not a budget (each state leaves at most once). */
const MAX_STATES_PER_STEP = 8;

export function stepFailover(ctx: MonitorContext, master: MasterRecord): void {
  if (maybeStartFailover(ctx, master)) askPeersAboutMaster(ctx, master, true);
  advanceFailover(ctx, master);
}

/** Rule 3: run the current state, and the next one while the state keeps changing. */
export function advanceFailover(ctx: MonitorContext, master: MasterRecord): void {
  for (let i = 0; i < MAX_STATES_PER_STEP && !batchExits(ctx.batch); i++) {
    const before: FailoverState = master.failoverState;
    runState(ctx, master);
    if (master.failoverState === before) return;
  }
}

function runState(ctx: MonitorContext, master: MasterRecord): void {
  switch (master.failoverState) {
    case 'none':
    case 'update_config':
      return;
    case 'wait_start':
      return runWaitStart(ctx, master);
    case 'select_slave':
      return runSelectReplica(ctx, master);
    case 'send_slaveof_noone':
      return runSendSlaveofNoOne(ctx, master);
    case 'wait_promotion':
      return runWaitPromotion(ctx, master);
    case 'reconf_slaves':
      return runReconfReplicas(ctx, master);
  }
}
