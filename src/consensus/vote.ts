/**
 * Granting a vote (Sentinel's sentinelVoteLeader), as a function from the voter's state and a
 * request to the next state. Rules:
 *  1. a request epoch above our current epoch is adopted first;
 *  2. a vote is granted only when the request epoch is above the epoch of our last vote for this
 *     master and not below our current epoch: one vote per epoch per master, first come first
 *     served; the candidate's state is not checked;
 *  3. the answer is always the vote we hold after the request (possibly an older one, or none).
 *
 * Contract with the caller (persist before speak): when `granted` or `raisedEpoch` is set, the
 * new current epoch and leader epoch MUST be durable before the answer (or anything else that
 * reveals the vote) leaves. After a restart only `leaderEpoch` is known (the voted run id is not
 * persisted, `leader` is null): rule 2 still refuses a second vote in that epoch.
 */
import { adoptEpoch } from './epoch.js';

export interface VoterState {
  readonly currentEpoch: number;
  /** Whom we voted for in `leaderEpoch` (null when unknown, e.g. after a restart). */
  readonly leader: string | null;
  readonly leaderEpoch: number;
}

export interface GrantResult {
  readonly state: VoterState;
  /** The current epoch was raised to the request's (rule 1). */
  readonly raisedEpoch: boolean;
  /** A vote was granted by this call (rule 2). */
  readonly granted: boolean;
  /** Rule 3. */
  readonly vote: { readonly leader: string | null; readonly leaderEpoch: number };
}

export function grantVote(state: VoterState, reqEpoch: number, reqRunid: string): GrantResult {
  const adopted = adoptEpoch(state.currentEpoch, reqEpoch);
  const currentEpoch = adopted.epoch;
  let { leader, leaderEpoch } = state;
  const granted = leaderEpoch < reqEpoch && currentEpoch <= reqEpoch;
  if (granted) {
    leader = reqRunid;
    leaderEpoch = currentEpoch;
  }
  return { state: { currentEpoch, leader, leaderEpoch }, raisedEpoch: adopted.raised, granted, vote: { leader, leaderEpoch } };
}
