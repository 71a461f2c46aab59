/**
 * The hand-over of a manual failover (SENTINEL FAILOVER) from an old master that still answers.
 * 7.0.15 promotes the replica and leaves the old master writable until it is converted, seconds
 * after the switch: clients keep writing there, and writes acknowledged by the replica that is
 * repointed next are lost. Vigil hands over the way Redis's own FAILOVER command does. Rules:
 *  1. only for a forced failover whose old master is neither SDOWN nor disconnected, when the
 *     replica has been chosen: `CLIENT PAUSE <PAUSE_MS> WRITE` then `INFO` to the old master
 *     (a refused pause, e.g. by an ACL or a Redis older than 6.2, is logged and the failover
 *     goes on as 7.0.15's would);
 *  2. the first INFO reply after the accepted pause gives the old master's final offset; the
 *     chosen replica is sent SLAVEOF NO ONE once its own INFO shows that offset (it is polled
 *     every 20 ms meanwhile), or after CATCH_UP_MAX_MS anyway, with a warning;
 *  3. when the promotion is confirmed, the old master is sent the reconfiguration transaction
 *     without its CLIENT KILLs (SLAVEOF <promoted>, CONFIG REWRITE), then CLIENT UNPAUSE: from
 *     here on a write there is refused with -READONLY, so none can be acknowledged by it;
 *  4. its clients are sent back to the sentinels (CLIENT KILL normal and pubsub) at this
 *     sentinel's +switch-master, or CLIENTS_KILL_MAX_DELAY_MS after the demotion if the
 *     replicas' reconfiguration takes longer. Killing them at the promotion, as the transaction
 *     would, sends them to ask while this leader still shows failover_in_progress and the other
 *     sentinels still name the old master: node-redis then sleeps a fixed second, others go back
 *     to the old master and wait for +switch-master. At the switch this leader names the new
 *     master, and its peers usually do already (the hellos forced at the promotion reach them
 *     while the leader still repoints the replicas);
 *  5. an aborted failover unpauses the old master at once.
 * The pause is bounded (PAUSE_MS) so a sentinel that dies mid-way leaves no paused master for long.
 */
import type { Reply } from '../../resp/values.js';
import { announcedHost } from '../events.js';
import { sendCommand } from '../monitor/connections.js';
import { commandName, type MonitorContext } from '../monitor/context.js';
import { parseInfo } from '../monitor/info-parse.js';
import { sendClientKills, sendReplicaOf } from '../monitor/reconfigure.js';
import type { Demotion, MasterRecord, ReplicaRecord } from '../state.js';

/** How long the old master's writes stay paused at most (rule 1). */
export const PAUSE_MS = 5_000;

/** How long the chosen replica may take to reach the paused offset (rule 2). */
export const CATCH_UP_MAX_MS = 2_000;

/** How long the demoted old master keeps its clients at most, waiting for the switch (rule 4). */
export const CLIENTS_KILL_MAX_DELAY_MS = 1_000;

/** Rule 1. */
export function maybeStartDemotion(ctx: MonitorContext, master: MasterRecord): void {
  if (!master.forceFailover || master.sDown || master.link.disconnected) return;
  const pause = [commandName(master, 'CLIENT'), 'PAUSE', String(PAUSE_MS), 'WRITE'];
  if (!sendCommand(ctx, master, master, pause, 'demote-pause')) return;
  sendCommand(ctx, master, master, [commandName(master, 'INFO')], 'info');
  master.demotion = { since: ctx.now.mono, paused: null, pausedOffset: null, demotedAt: null, clientsKilled: false };
  ctx.batch.log('notice', `Manual failover of ${master.name}: pausing writes on the old master ${where(ctx, master)}`);
}

/** Rule 1: the pause's reply. */
export function onDemotionPauseReply(ctx: MonitorContext, master: MasterRecord, reply: Reply): void {
  const demotion = demotionOf(master);
  if (demotion === null || demotion.paused !== null) return;
  demotion.paused = reply.t !== 'error';
  if (reply.t === 'error') ctx.batch.log('warning', `CLIENT PAUSE refused by ${where(ctx, master)} (${reply.v}): failing over without it`);
}

/** Rule 2: an INFO reply of the old master; the first one after the pause sets the offset. */
export function onDemotionMasterInfo(master: MasterRecord, infoText: string): void {
  const demotion = demotionOf(master);
  if (demotion === null || demotion.paused !== true || demotion.pausedOffset !== null) return;
  demotion.pausedOffset = parseInfo(infoText).masterReplOffset;
}

/** Rule 2: whether the chosen replica may be promoted now. */
export function readyToPromote(ctx: MonitorContext, master: MasterRecord, replica: ReplicaRecord): boolean {
  const demotion = demotionOf(master);
  if (demotion === null || demotion.paused === false) return true;
  if (demotion.pausedOffset !== null && replica.replOffset >= demotion.pausedOffset) return true;
  if (ctx.now.mono - demotion.since <= CATCH_UP_MAX_MS) return false;
  const target = demotion.pausedOffset === null ? 'unknown' : String(demotion.pausedOffset);
  ctx.batch.log('warning', `Manual failover of ${master.name}: the chosen replica is at offset ${replica.replOffset}, the old master at ${target}; promoting it anyway`);
  demotion.paused = false;
  return true;
}

/** Whether the chosen replica is being polled while it catches up (rule 2). */
export function catchingUp(master: MasterRecord): boolean {
  const demotion = demotionOf(master);
  return master.failoverState === 'send_slaveof_noone' && demotion !== null && demotion.paused !== false;
}

/** Rule 3, at the confirmed promotion. */
export function demoteOldMaster(ctx: MonitorContext, master: MasterRecord, promoted: ReplicaRecord): void {
  const demotion = demotionOf(master);
  if (demotion === null || demotion.demotedAt !== null) return;
  if (!sendReplicaOf(ctx, master, master, promoted.addr, { killClients: false })) return;
  sendCommand(ctx, master, master, [commandName(master, 'CLIENT'), 'UNPAUSE'], 'ignore');
  demotion.demotedAt = ctx.now.mono;
  ctx.batch.log('notice', `Manual failover of ${master.name}: old master ${where(ctx, master)} is now a replica of ${where(ctx, promoted)}`);
}

/** Rule 4, at the switch (before the master's links are reset) and on every tick for the bound. */
export function releaseDemotedClients(ctx: MonitorContext, master: MasterRecord, atSwitch: boolean): void {
  const demotion = demotionOf(master);
  if (demotion === null || demotion.demotedAt === null || demotion.clientsKilled) return;
  if (!atSwitch && ctx.now.mono - demotion.demotedAt < CLIENTS_KILL_MAX_DELAY_MS) return;
  demotion.clientsKilled = true;
  if (!sendClientKills(ctx, master, master)) return;
  const when = atSwitch ? 'at the switch' : `${CLIENTS_KILL_MAX_DELAY_MS} ms after its demotion, before the switch`;
  ctx.batch.log('notice', `Manual failover of ${master.name}: clients of the old master ${where(ctx, master)} sent back to the sentinels ${when}`);
}

/** Rule 5. */
export function releaseOldMaster(ctx: MonitorContext, master: MasterRecord): void {
  const demotion = demotionOf(master);
  if (demotion !== null && demotion.demotedAt === null) {
    sendCommand(ctx, master, master, [commandName(master, 'CLIENT'), 'UNPAUSE'], 'ignore');
  }
  master.demotion = null;
}

/** The hand-over in progress for `master`, if any (the field is absent on records built elsewhere). */
function demotionOf(master: MasterRecord): Demotion | null {
  return master.demotion ?? null;
}

function where(ctx: MonitorContext, instance: MasterRecord | ReplicaRecord): string {
  return `${announcedHost(ctx.env.state, instance.addr)}:${instance.addr.port}`;
}
