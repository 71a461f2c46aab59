/**
 * Consensus: epochs, vote granting, the leader tally and the election timers. Pure, and imports
 * nothing outside this folder (ARCHITECTURE principle 3).
 */
export { adoptEpoch, isValidEpoch, nextAttemptEpoch } from './epoch.js';
export { grantVote, type GrantResult, type VoterState } from './vote.js';
export { frontRunner, tallyLeader, votesInEpoch, votesNeeded, type PeerVote, type Tally } from './tally.js';
export {
  DEFAULT_ELECTION_TIMEOUT_MS,
  MAX_DESYNC_MS,
  desyncMs,
  electionTimedOut,
  electionTimeoutMs,
  mayStartAttempt,
  retryBackoffMs,
} from './timing.js';
