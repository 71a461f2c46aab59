/**
 * Casting a vote for a master's failover leader (Sentinel's sentinelVoteLeader): adopt a newer
 * epoch, then grant at most one vote per epoch, first come first served. Pure: it changes the
 * state it is given and reports what happened; the caller emits events and flushes the config,
 * which must reach disk before the vote is told to anyone.
 *
 * Deliberate difference: Redis stores epochs as uint64, so a request with epoch -5 becomes
 * 2^64-5 and wedges the sentinel's epoch forever. Here a negative epoch is simply never newer
 * nor votable; everything else matches 7.0.15. The rules themselves live in src/consensus/vote.ts;
 * this adapter applies them to the state records.
 */
import { grantVote } from '../../../consensus/vote.js';

export interface VoteState {
  currentEpoch: number;
}

export interface VoteMaster {
  leader: string | null;
  leaderEpoch: number;
  failoverStartTime: number;
}

export interface VoteOutcome {
  /** Set when our current epoch was raised to the request's. */
  readonly newEpoch: number | null;
  /** Set when a vote was granted in this call. */
  readonly granted: { readonly runid: string; readonly epoch: number } | null;
  /** The vote we hold for this master now (possibly an older one, or none). */
  readonly leader: string | null;
  readonly leaderEpoch: number;
}

export interface VoteRequest {
  readonly epoch: number;
  readonly runid: string;
  readonly myid: string;
  readonly nowMono: number;
  /** Draws 0..999 ms (SENTINEL_MAX_DESYNC); called only when a vote goes to someone else. */
  readonly drawDesyncMs: () => number;
  /** Test-only planted bug (core/planted-bugs.ts): forget the vote already cast in this epoch. */
  readonly voteTwice?: boolean;
}

export function voteLeader(state: VoteState, master: VoteMaster, req: VoteRequest): VoteOutcome {
  const forgetVote = req.voteTwice === true && master.leaderEpoch === req.epoch && master.leader !== req.runid;
  const result = grantVote(
    { currentEpoch: state.currentEpoch, leader: master.leader, leaderEpoch: forgetVote ? master.leaderEpoch - 1 : master.leaderEpoch },
    req.epoch,
    req.runid,
  );
  state.currentEpoch = result.state.currentEpoch;
  master.leader = result.state.leader;
  master.leaderEpoch = result.state.leaderEpoch;
  const granted = result.granted ? { runid: req.runid, epoch: result.state.leaderEpoch } : null;
  // Voting for someone else holds back our own attempt for 2 x failover-timeout.
  if (granted !== null && req.runid.toLowerCase() !== req.myid.toLowerCase()) {
    master.failoverStartTime = req.nowMono + req.drawDesyncMs();
  }
  return {
    newEpoch: result.raisedEpoch ? result.state.currentEpoch : null,
    granted,
    leader: result.vote.leader,
    leaderEpoch: result.vote.leaderEpoch,
  };
}
