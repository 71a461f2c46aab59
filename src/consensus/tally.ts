/**
 * Counting an election (Sentinel's sentinelGetLeader). Rules:
 *  1. voters = every known peer of the master + ourselves, reachable or not;
 *  2. only peer votes cast in the counted epoch count (`votesInEpoch`; Redis counts at the
 *     current epoch, not the failover's);
 *  3. the front-runner is the candidate with most votes; a tie goes to the one counted first;
 *  4. our own vote (cast by the caller for the front-runner, or for ourselves when there is
 *     none) counts when it is of the election's epoch, and takes the lead only with strictly
 *     more votes;
 *  5. a winner needs at least max(quorum, floor(voters/2) + 1) votes, else there is none.
 * Pure: the caller casts its own vote (grantVote) between frontRunner and tallyLeader.
 */

export interface PeerVote {
  readonly leader: string | null;
  readonly leaderEpoch: number;
}

export interface Tally {
  readonly winner: string | null;
  readonly votes: number;
}

/** Rule 5. */
export function votesNeeded(voters: number, quorum: number): number {
  return Math.max(quorum, Math.floor(voters / 2) + 1);
}

/** Rule 2: the candidates voted for in `epoch`, one entry per vote. */
export function votesInEpoch(votes: readonly PeerVote[], epoch: number): string[] {
  const out: string[] = [];
  for (const v of votes) if (v.leader !== null && v.leaderEpoch === epoch) out.push(v.leader);
  return out;
}

/** Rule 3 over a list of votes. */
export function frontRunner(votes: readonly string[]): Tally {
  return leaderOf(count(votes));
}

/**
 * Rules 3-5. `votes`: the peers' votes in the counted epoch; `myVote`: the candidate of our own
 * vote when it is of the election's epoch, else null.
 */
export function tallyLeader(votes: readonly string[], voters: number, quorum: number, myVote: string | null): Tally {
  const counts = count(votes);
  let { winner, votes: best } = leaderOf(counts);
  if (myVote !== null) {
    const n = (counts.get(myVote) ?? 0) + 1;
    if (n > best) {
      winner = myVote;
      best = n;
    }
  }
  if (winner !== null && best < votesNeeded(voters, quorum)) return { winner: null, votes: best };
  return { winner, votes: best };
}

function count(votes: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function leaderOf(counts: ReadonlyMap<string, number>): Tally {
  let winner: string | null = null;
  let votes = 0;
  for (const [candidate, n] of counts) {
    if (n > votes) {
      winner = candidate;
      votes = n;
    }
  }
  return { winner, votes };
}
