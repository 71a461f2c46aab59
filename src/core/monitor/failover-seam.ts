/**
 * Where the monitor hands over to the failover state machine (§8, §9), which is not written yet.
 * Each hook is called at the exact point Redis calls the corresponding code, so the failover
 * module only has to fill the bodies in:
 *  1. `runFailoverStep`: per master per tick, after the ODOWN check and before peers are asked
 *     (start a failover when ODOWN and allowed, then ask peers *forced*; run the current state);
 *  2. `onPromotedReplicaReportsMaster`: INFO from the promoted replica says role:master while
 *     the master waits for the promotion (§9.5); return true when it was handled;
 *  3. `trackReplicaReconfiguration`: INFO from a replica being reconfigured (§9.6 step 3);
 *  4. `switchFinishedFailover`: once per tick after all masters, for the master whose failover
 *     reached UPDATE_CONFIG (§9.7): `+switch-master` and reset-and-change-address.
 * Hooks 1-3 do nothing for now; 4 is complete (it only reuses the address switch).
 */
import { announcedHost } from '../events.js';
import { promotedReplica, type MasterRecord, type ReplicaRecord } from '../state.js';
import { plainEvent, type MonitorContext } from './context.js';
import { resetMasterAndChangeAddress } from './master-reset.js';

export function runFailoverStep(ctx: MonitorContext, master: MasterRecord): void {
  void ctx;
  void master;
}

export function onPromotedReplicaReportsMaster(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): boolean {
  void ctx;
  return replica.promoted && master.failoverState === 'wait_promotion';
}

export function trackReplicaReconfiguration(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): void {
  void ctx;
  void replica;
  void master;
}

export function switchFinishedFailover(ctx: MonitorContext, master: MasterRecord): void {
  const target = promotedReplica(master) ?? master;
  const { state } = ctx.env;
  const from = `${announcedHost(state, master.addr)} ${master.addr.port}`;
  const to = `${announcedHost(state, target.addr)} ${target.addr.port}`;
  plainEvent(ctx, 'warning', '+switch-master', `${master.name} ${from} ${to}`);
  resetMasterAndChangeAddress(ctx, master, target.addr.host, target.addr.port);
}
