/**
 * Where the monitor hands over to the failover state machine (§8, §9, src/core/failover/).
 * Each hook is called at the exact point Redis calls the corresponding code:
 *  1. `runFailoverStep`: per master per tick, after the ODOWN check and before peers are asked
 *     (start a failover when ODOWN and allowed, then ask peers *forced*; run the current state);
 *  2. `onPromotedReplicaReportsMaster`: INFO from the promoted replica says role:master while
 *     the master waits for the promotion (§9.5); return true when it was handled;
 *  3. `trackReplicaReconfiguration`: INFO from a replica being reconfigured (§9.6 step 3);
 *  4. `switchFinishedFailover`: once per tick after all masters, for the master whose failover
 *     reached UPDATE_CONFIG (§9.7): `+switch-master` and reset-and-change-address, right after
 *     a manual failover's demoted old master is told to drop its clients (failover/demotion.ts
 *     rule 4; the tick step also does it once that is overdue);
 *  5. `reactToMaster`: right after a reply that can move the decision (a peer's is-master-down
 *     answer, INFO from a replica during a failover), outside TILT: the ODOWN check, the
 *     failover step, and the switch when the failover just ended. Deliberate difference from
 *     7.0.15, which waits for its next timer tick (and its next INFO poll) for each of these:
 *     the checks are the same ones the tick runs, evaluated as soon as their inputs change.
 * Hooks 1-3 delegate to core/failover; 4 reuses the address switch.
 */
import { announcedHost, emitEvent } from '../events.js';
import { promotedReplica, type MasterRecord, type ReplicaRecord } from '../state.js';
import { batchExits } from '../failover/common.js';
import { stepFailover } from '../failover/machine.js';
import { checkObjectivelyDown } from './down.js';
import { confirmPromotion } from '../failover/promote.js';
import { releaseDemotedClients } from '../failover/demotion.js';
import { trackReconfiguration } from '../failover/reconf.js';
import type { MonitorContext } from './context.js';
import { resetMasterAndChangeAddress } from './master-reset.js';

export function runFailoverStep(ctx: MonitorContext, master: MasterRecord): void {
  stepFailover(ctx, master);
  releaseDemotedClients(ctx, master, false);
}

export function onPromotedReplicaReportsMaster(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): boolean {
  return confirmPromotion(ctx, replica, master);
}

export function trackReplicaReconfiguration(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): void {
  trackReconfiguration(ctx, replica, master);
}

export function reactToMaster(ctx: MonitorContext, master: MasterRecord): void {
  if (ctx.env.state.tilt || batchExits(ctx.batch)) return;
  checkObjectivelyDown(ctx, master);
  stepFailover(ctx, master);
  if (master.failoverState === 'update_config') switchFinishedFailover(ctx, master);
}

export function switchFinishedFailover(ctx: MonitorContext, master: MasterRecord): void {
  const target = promotedReplica(master) ?? master;
  const { state } = ctx.env;
  const from = `${announcedHost(state, master.addr)} ${master.addr.port}`;
  const to = `${announcedHost(state, target.addr)} ${target.addr.port}`;
  releaseDemotedClients(ctx, master, true);
  emitEvent(ctx.env, ctx.batch, 'warning', '+switch-master', { owner: master }, `${master.name} ${from} ${to}`);
  resetMasterAndChangeAddress(ctx, master, target.addr.host, target.addr.port);
}
