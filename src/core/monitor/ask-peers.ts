/**
 * Asking peers whether they see the master down (§7.8, sentinelAskMasterStateToOtherSentinels),
 * per master per tick outside TILT, and reading their answers. For every peer of the master:
 *  1. an answer older than 5 x ask-period is void: the peer's `master_down` and vote are cleared;
 *  2. only while our master is SDOWN and the peer's link is up, and (forced, or the last valid
 *     answer is at least ask-period old) do we ask:
 *     `SENTINEL is-master-down-by-addr <master ip> <port> <epoch> <myid, or * unless a failover of
 *     this master is in progress>`, where epoch is the current epoch, or the failover's epoch
 *     while one is in progress (Redis sends the current epoch: a vote granted at a newer epoch
 *     than the attempt's cannot count for it, see failover/election.ts, and would only be wasted);
 *  3. an answer counts only if it is [integer, bulk string, integer]: element 0 sets or clears
 *     `master_down`; a run id other than `*` in element 1 is the peer's vote, at epoch element 2.
 * A peer that never answers is asked again every tick; vigil also stops asking while the link
 * holds 100 x refcount unanswered commands (Redis has no bound there).
 */
import type { Reply } from '../../resp/values.js';
import { announcedHost } from '../events.js';
import { failoverInProgress, type MasterRecord, type PeerRecord } from '../state.js';
import { sendCommand } from './connections.js';
import { commandName, type MonitorContext } from './context.js';
import { MAX_PENDING_COMMANDS } from './periodic.js';

export function askPeersAboutMaster(ctx: MonitorContext, master: MasterRecord, forced: boolean): void {
  const now = ctx.now.mono;
  const { state } = ctx.env;
  for (const peer of master.sentinels.values()) {
    const sinceAnswer = now - peer.lastMasterDownReplyTime;
    if (sinceAnswer > 5 * state.timing.askPeriodMs) {
      peer.masterDown = false;
      peer.leader = null;
    }
    if (!master.sDown || peer.link.disconnected) continue;
    if (!forced && sinceAnswer < state.timing.askPeriodMs) continue;
    if (peer.link.pendingCommands >= MAX_PENDING_COMMANDS * peer.link.refcount) continue;
    const argv = [
      commandName(master, 'SENTINEL'),
      'is-master-down-by-addr',
      announcedHost(state, master.addr),
      String(master.addr.port),
      String(failoverInProgress(master) ? master.failoverEpoch : state.currentEpoch),
      failoverInProgress(master) ? state.myid : '*',
    ];
    sendCommand(ctx, peer, master, argv, 'is-master-down', { about: master.addr });
  }
}

/** Rule 3. */
export function onMasterDownReply(ctx: MonitorContext, peer: PeerRecord, reply: Reply): void {
  if (reply.t !== 'array' || reply.v.length !== 3) return;
  const [down, leader, epoch] = reply.v as [Reply, Reply, Reply];
  if (down.t !== 'int' || leader.t !== 'bulk' || epoch.t !== 'int') return;
  peer.lastMasterDownReplyTime = ctx.now.mono;
  peer.masterDown = down.v === 1;
  if (leader.v === '*') return;
  if (peer.leaderEpoch !== epoch.v) ctx.batch.log('warning', `${peer.runid} voted for ${leader.v} ${epoch.v}`);
  peer.leader = leader.v;
  peer.leaderEpoch = epoch.v;
}
