/**
 * The failover state machine (§9), run per master per tick after the ODOWN check:
 *  1. a master that is ODOWN may start an attempt (start.ts); if it does, the peers are asked
 *     at once (forced), which with a failover in progress is a vote request for us;
 *  2. then the handler of the current state runs once (a state entered now runs next tick):
 *     WAIT_START (election.ts), SELECT_SLAVE, SEND_SLAVEOF_NOONE, WAIT_PROMOTION (promote.ts),
 *     RECONF_SLAVES (reconf.ts). UPDATE_CONFIG is acted on at the end of the tick's master loop
 *     (monitor/failover-seam.ts, switchFinishedFailover).
 * A forced attempt (SENTINEL FAILOVER) runs the same states; it only skips the election.
 */
import { askPeersAboutMaster } from '../monitor/ask-peers.js';
import type { MonitorContext } from '../monitor/context.js';
import type { MasterRecord } from '../state.js';
import { runWaitStart } from './election.js';
import { runSelectReplica, runSendSlaveofNoOne, runWaitPromotion } from './promote.js';
import { runReconfReplicas } from './reconf.js';
import { maybeStartFailover } from './start.js';

export function stepFailover(ctx: MonitorContext, master: MasterRecord): void {
  if (maybeStartFailover(ctx, master)) askPeersAboutMaster(ctx, master, true);
  runState(ctx, master);
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
