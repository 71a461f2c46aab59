/**
 * What an INFO reply changes (§7.6, §10.2, §10.3). Always, even in TILT:
 *  1. the text is cached for INFO-CACHE and the replica's link-down time reset to the INFO's;
 *  2. a first run id is stored; a different one is a `+reboot` (and, for a master with
 *     master-reboot-down-after-period, starts the reboot clock of SDOWN rule 3);
 *  3. a master's `slaveN` lines add unknown replicas (`+slave`, config flush);
 *  4. a replica's replication fields are stored (a changed master host/port restarts the
 *     "config changed" clock);
 *  5. a role different from the last reported one is recorded, with `+role-change` when it now
 *     matches what we hold the instance for, `-role-change` when not (verbose).
 * Not in TILT:
 *  6. a replica claiming master role (not the promoted one of a running failover) is turned
 *     back into a replica of our master (`+convert-to-slave`) when our master looks sane, the
 *     replica was not down in the last 4 x publish-period and has claimed it for that long;
 *  7. a replica following another master is pointed at ours (`+fix-slave-config`) when our master
 *     looks sane and the replica was not down nor changed its master within failover-timeout;
 *  8. failover progress is handed to the failover hooks.
 */
import { addressKey, newReplica, type AnyInstance, type MasterRecord, type ReplicaRecord } from '../state.js';
import { addressMatchesHost, parseInstanceAddress, sameAddress } from './addresses.js';
import { instanceEvent, type MonitorContext } from './context.js';
import { onPromotedReplicaReportsMaster, trackReplicaReconfiguration } from './failover-seam.js';
import { parseInfo, type InfoFacts } from './info-parse.js';
import { sendReplicaOf } from './reconfigure.js';

/** The instances that answer INFO. */
type DataNode = MasterRecord | ReplicaRecord;

export function refreshFromInfo(ctx: MonitorContext, instance: DataNode, master: MasterRecord, text: string): void {
  const facts = parseInfo(text);
  instance.lastInfo = text;
  noteRunId(ctx, instance, master, facts.runId);
  if (instance.kind === 'master') discoverReplicas(ctx, instance, facts);
  if (instance.kind === 'replica') storeReplication(ctx, instance, facts);
  instance.infoRefresh = ctx.now.mono;
  noteRole(ctx, instance, master, facts.role);
  if (ctx.env.state.tilt || instance.kind !== 'replica') return;
  if (facts.role === 'master') maybeConvertToReplica(ctx, instance, master);
  if (facts.role === 'slave') maybeFixReplicaConfig(ctx, instance, master);
  if (facts.role === 'slave' && (instance.reconf === 'sent' || instance.reconf === 'inprog')) {
    trackReplicaReconfiguration(ctx, instance, master);
  }
}

/** Rule 2. */
function noteRunId(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord, runId: string | null): void {
  if (runId === null || runId === instance.runid) return;
  if (instance.runid !== '') {
    instanceEvent(ctx, 'notice', '+reboot', instance, master);
    if (instance.kind === 'master' && instance.masterRebootDownAfterMs !== 0) {
      instance.masterReboot = true;
      instance.masterRebootSinceTime = ctx.now.mono;
    }
  }
  instance.runid = runId;
}

/** Rule 3. */
function discoverReplicas(ctx: MonitorContext, master: MasterRecord, facts: InfoFacts): void {
  for (const line of facts.replicas) {
    const addr = parseInstanceAddress(ctx.env.state, line.host, line.port);
    if (addr === null || findReplica(master, addr) !== null) continue;
    const replica = newReplica(master, addr, ctx.now.mono);
    master.replicas.set(addressKey(addr), replica);
    instanceEvent(ctx, 'notice', '+slave', replica, master);
    ctx.batch.flushConfig('new replica');
  }
}

/** The replica at `addr`: by key, or by address once its stored IP no longer makes the key. */
export function findReplica(master: MasterRecord, addr: ReplicaRecord['addr']): ReplicaRecord | null {
  const byKey = master.replicas.get(addressKey(addr));
  if (byKey !== undefined) return byKey;
  for (const replica of master.replicas.values()) if (sameAddress(replica.addr, addr)) return replica;
  return null;
}

/** Rules 1 and 4. */
function storeReplication(ctx: MonitorContext, replica: ReplicaRecord, facts: InfoFacts): void {
  replica.masterLinkDownTimeMs = facts.masterLinkDownTimeMs;
  if (facts.masterHost !== null && facts.masterHost.toLowerCase() !== replica.masterHost?.toLowerCase()) {
    replica.masterHost = facts.masterHost;
    replica.slaveConfChangeTime = ctx.now.mono;
  }
  if (facts.masterPort !== null && facts.masterPort !== replica.masterPort) {
    replica.masterPort = facts.masterPort;
    replica.slaveConfChangeTime = ctx.now.mono;
  }
  if (facts.masterLinkUp !== null) replica.masterLinkUp = facts.masterLinkUp;
  if (facts.priority !== null) replica.priority = facts.priority;
  if (facts.replOffset !== null) replica.replOffset = facts.replOffset;
  if (facts.replicaAnnounced !== null) replica.replicaAnnounced = facts.replicaAnnounced !== 0;
}

/** Rule 5. */
function noteRole(ctx: MonitorContext, instance: DataNode, master: MasterRecord, role: InfoFacts['role']): void {
  if (role === instance.roleReported) return;
  instance.roleReported = role;
  instance.roleReportedTime = ctx.now.mono;
  if (role === 'slave' && instance.kind === 'replica') instance.slaveConfChangeTime = ctx.now.mono;
  const heldAs = instance.kind === 'master' ? 'master' : 'slave';
  const type = role === heldAs ? '+role-change' : '-role-change';
  instanceEvent(ctx, 'verbose', type, instance, master, `new reported role is ${role === 'master' ? 'master' : 'slave'}`);
}

/** Rule 6. */
function maybeConvertToReplica(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): void {
  if (onPromotedReplicaReportsMaster(ctx, replica, master)) return;
  const waitMs = 4 * ctx.env.state.timing.publishPeriodMs;
  if (replica.promoted || !masterLooksSane(ctx, master) || !notDownFor(ctx, replica, waitMs)) return;
  if (ctx.now.mono - replica.roleReportedTime <= waitMs) return;
  if (sendReplicaOf(ctx, replica, master, master.addr)) instanceEvent(ctx, 'notice', '+convert-to-slave', replica, master);
}

/** Rule 7. */
function maybeFixReplicaConfig(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): void {
  if (replica.masterHost === null) return;
  if (replica.masterPort === master.addr.port && addressMatchesHost(master.addr, replica.masterHost)) return;
  const waitMs = master.failoverTimeoutMs;
  if (!masterLooksSane(ctx, master) || !notDownFor(ctx, replica, waitMs)) return;
  if (ctx.now.mono - replica.slaveConfChangeTime <= waitMs) return;
  if (sendReplicaOf(ctx, replica, master, master.addr)) instanceEvent(ctx, 'notice', '+fix-slave-config', replica, master);
}

/** sentinelMasterLooksSane: a master reporting master, not down, with INFO younger than 2 x info-period. */
export function masterLooksSane(ctx: MonitorContext, master: MasterRecord): boolean {
  return (
    master.roleReported === 'master' &&
    !master.sDown &&
    !master.oDown &&
    ctx.now.mono - master.infoRefresh < 2 * ctx.env.state.timing.infoPeriodMs
  );
}

/** sentinelRedisInstanceNoDownFor: no SDOWN/ODOWN start within the last `ms`. */
function notDownFor(ctx: MonitorContext, instance: AnyInstance, ms: number): boolean {
  const lastDown = Math.max(instance.sDownSinceTime, instance.oDownSinceTime);
  return lastDown === 0 || ctx.now.mono - lastDown > ms;
}
