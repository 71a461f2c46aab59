/**
 * Down detection, evaluated every tick outside TILT (§7.7, §7.8).
 *
 * Stale connections are closed first (they reconnect on a later tick):
 *  a. the command connection, when older than min-link-reconnect-period, with a PING unanswered
 *     for more than down-after/2 and no reply of any kind for more than down-after/2;
 *  b. the pub/sub connection, when older than min-link-reconnect-period and silent for more than
 *     3 x publish-period.
 * An instance is SDOWN when any of:
 *  1. the oldest unanswered PING (or, while disconnected, the last valid reply) is older than
 *     down-after-milliseconds;
 *  2. we hold it as a master, it reports role:slave, and has for down-after + 2 x info-period;
 *  3. it rebooted (new run id) with master-reboot-down-after-period set, and has not answered a
 *     PONG within that period.
 * A master is ODOWN when SDOWN and itself plus the peers that last said "down" reach the quorum.
 */
import type { AnyInstance, MasterRecord } from '../state.js';
import { closeConnection } from './connections.js';
import { instanceEvent, type MonitorContext } from './context.js';

export function checkSubjectivelyDown(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  closeStaleConnections(ctx, instance);
  if (isSubjectivelyDown(ctx, instance)) {
    if (instance.sDown) return;
    instanceEvent(ctx, 'warning', '+sdown', instance, master);
    instance.sDownSinceTime = ctx.now.mono;
    instance.sDown = true;
  } else if (instance.sDown) {
    instanceEvent(ctx, 'warning', '-sdown', instance, master);
    instance.sDown = false;
    instance.scriptKillSent = false;
  }
}

function isSubjectivelyDown(ctx: MonitorContext, instance: AnyInstance): boolean {
  const now = ctx.now.mono;
  const link = instance.link;
  let silentFor = 0;
  if (link.actPingTime !== 0) silentFor = now - link.actPingTime;
  else if (link.disconnected) silentFor = now - link.lastAvailTime;
  if (silentFor > instance.downAfterMs) return true; // rule 1
  if (instance.kind !== 'master') return false;
  const replicaFor = now - instance.roleReportedTime;
  if (instance.roleReported === 'slave' && replicaFor > instance.downAfterMs + 2 * ctx.env.state.timing.infoPeriodMs) {
    return true; // rule 2
  }
  return instance.masterReboot && now - instance.masterRebootSinceTime > instance.masterRebootDownAfterMs; // rule 3
}

/** Rules a and b. */
function closeStaleConnections(ctx: MonitorContext, instance: AnyInstance): void {
  const link = instance.link;
  const wires = link.wires;
  if (wires === undefined) return;
  const now = ctx.now.mono;
  const { timing } = ctx.env.state;
  const halfDownAfter = Math.floor(instance.downAfterMs / 2);
  const cc = wires.cc;
  if (
    cc !== null &&
    now - cc.openedAt > timing.minLinkReconnectPeriodMs &&
    link.actPingTime !== 0 &&
    now - link.actPingTime > halfDownAfter &&
    now - link.lastPongTime > halfDownAfter
  ) {
    closeConnection(ctx, link, cc);
  }
  const pc = wires.pc;
  const pcStale = pc !== null && now - wires.pcLastActivity > 3 * timing.publishPeriodMs;
  if (pc !== null && pcStale && now - pc.openedAt > timing.minLinkReconnectPeriodMs) {
    closeConnection(ctx, link, pc);
  }
}

export function checkObjectivelyDown(ctx: MonitorContext, master: MasterRecord): void {
  let votes = 0;
  if (master.sDown) {
    votes = 1;
    for (const peer of master.sentinels.values()) if (peer.masterDown) votes++;
  }
  if (master.sDown && votes >= master.quorum) {
    if (master.oDown) return;
    instanceEvent(ctx, 'warning', '+odown', master, master, `#quorum ${votes}/${master.quorum}`);
    master.oDown = true;
    master.oDownSinceTime = ctx.now.mono;
  } else if (master.oDown) {
    instanceEvent(ctx, 'warning', '-odown', master, master);
    master.oDown = false;
  }
}
