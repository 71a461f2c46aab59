/**
 * RECONF_SLAVES (§9.6): point the other replicas at the promoted one, at most parallel-syncs at
 * a time, then end the failover. Each tick:
 *  1. replicas with reconf sent or in progress count as in progress;
 *  2. while fewer than parallel-syncs are in progress, walk the replicas: skip the promoted one
 *     and those done; one sent more than slave-reconf-timeout ago is `-slave-reconf-sent-timeout`
 *     and counts as done; skip those sent/in progress and those disconnected; send the rest the
 *     transaction with SLAVEOF <promoted>, `+slave-reconf-sent`. As in 7.0.15, a replica that
 *     just timed out is no longer "sent", so when connected it is sent SLAVEOF again at once
 *     (`+slave-reconf-sent`) and is then both done and sent: it holds a parallel-syncs slot
 *     while it counts as reconfigured. ReplicaRecord.reconf holds one value, so the "also done"
 *     half lives in `doneAfterTimeout` (records are recreated at the switch, which clears it);
 *  3. end detection: nothing while the promoted replica is missing or SDOWN (not even the
 *     timeout); otherwise the failover ends when every replica that is not promoted, not done and
 *     not SDOWN is reconfigured, or when the state is older than failover-timeout
 *     (`+failover-end-for-timeout`); then `+failover-end` and UPDATE_CONFIG (the switch happens
 *     at the end of the tick, see monitor/failover-seam.ts);
 *  4. after that timeout, every connected replica not promoted, done or sent gets a best-effort
 *     SLAVEOF (`+slave-reconf-sent-be`);
 *  5. progress comes from INFO (not in TILT): a replica with reconf sent that reports the promoted
 *     replica as its master is in progress (`+slave-reconf-inprog`); one in progress whose master
 *     link is up is done (`+slave-reconf-done`); both may happen on the same INFO.
 */
import { addressMatchesHost } from '../monitor/addresses.js';
import { instanceEvent, type MonitorContext } from '../monitor/context.js';
import { sendReplicaOf } from '../monitor/reconfigure.js';
import { promotedReplica, type MasterRecord, type ReplicaRecord } from '../state.js';
import { enterState, stateTimedOut } from './common.js';

/** Done, including the "done and sent again" of rule 2 (Redis's RECONF_DONE|RECONF_SENT). */
export function reconfDone(replica: ReplicaRecord): boolean {
  return replica.reconf === 'done' || replica.reconfDoneByTimeout;
}

/** Rules 1-4. */
export function runReconfReplicas(ctx: MonitorContext, master: MasterRecord): void {
  const promoted = promotedReplica(master);
  if (promoted !== null) sendNextReconfigurations(ctx, master, promoted);
  detectEnd(ctx, master, promoted);
}

/** Rules 1-2. */
function sendNextReconfigurations(ctx: MonitorContext, master: MasterRecord, promoted: ReplicaRecord): void {
  let inProgress = 0;
  for (const replica of master.replicas.values()) if (replica.reconf === 'sent' || replica.reconf === 'inprog') inProgress++;
  const { slaveReconfTimeoutMs } = ctx.env.state.timing;
  for (const replica of master.replicas.values()) {
    if (inProgress >= master.parallelSyncs) break;
    if (replica.promoted || reconfDone(replica)) continue;
    if (replica.reconf === 'sent' && ctx.now.mono - replica.reconfSentTime > slaveReconfTimeoutMs) {
      instanceEvent(ctx, 'notice', '-slave-reconf-sent-timeout', replica, master);
      replica.reconf = 'done';
    }
    if (replica.reconf === 'sent' || replica.reconf === 'inprog' || replica.link.disconnected) continue;
    if (!sendReplicaOf(ctx, replica, master, promoted.addr, { followWithInfo: true })) continue;
    if (replica.reconf === 'done') replica.reconfDoneByTimeout = true;
    replica.reconf = 'sent';
    replica.reconfSentTime = ctx.now.mono;
    instanceEvent(ctx, 'notice', '+slave-reconf-sent', replica, master);
    inProgress++;
  }
}

/** Rules 3-4 (sentinelFailoverDetectEnd). */
function detectEnd(ctx: MonitorContext, master: MasterRecord, promoted: ReplicaRecord | null): void {
  if (promoted === null || promoted.sDown) return;
  let notReconfigured = 0;
  for (const replica of master.replicas.values()) {
    if (replica.promoted || reconfDone(replica) || replica.sDown) continue;
    notReconfigured++;
  }
  const timedOut = stateTimedOut(ctx, master);
  if (timedOut) {
    notReconfigured = 0;
    instanceEvent(ctx, 'warning', '+failover-end-for-timeout', master, master);
  }
  if (notReconfigured === 0) {
    instanceEvent(ctx, 'warning', '+failover-end', master, master);
    enterState(ctx, master, 'update_config');
  }
  if (!timedOut) return;
  for (const replica of master.replicas.values()) {
    if (replica.promoted || reconfDone(replica) || replica.reconf === 'sent') continue;
    if (replica.link.disconnected) continue;
    if (!sendReplicaOf(ctx, replica, master, promoted.addr)) continue;
    instanceEvent(ctx, 'notice', '+slave-reconf-sent-be', replica, master);
    replica.reconf = 'sent';
  }
}

/** Rule 5: INFO from a replica with reconf sent or in progress that reports role:slave. */
export function trackReconfiguration(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): void {
  const promoted = promotedReplica(master);
  if (promoted === null) return;
  if (
    replica.reconf === 'sent' &&
    replica.masterHost !== null &&
    addressMatchesHost(promoted.addr, replica.masterHost) &&
    replica.masterPort === promoted.addr.port
  ) {
    replica.reconf = 'inprog';
    instanceEvent(ctx, 'notice', '+slave-reconf-inprog', replica, master);
  }
  if (replica.reconf === 'inprog' && replica.masterLinkUp) {
    replica.reconf = 'done';
    instanceEvent(ctx, 'notice', '+slave-reconf-done', replica, master);
  }
}
