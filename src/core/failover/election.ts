/**
 * WAIT_START (§8.4, §8.5, §9.1): count the election every tick. Steps:
 *  1. the peers' votes at the failover's epoch make a front-runner (consensus/tally). Redis counts
 *     the peers at its *current* epoch and its own vote at the failover epoch; once a newer
 *     attempt raised the current epoch, that adds votes of two epochs, and a sentinel can win
 *     with no majority in either (found by the simulation swarm, seed 182). Vigil counts every
 *     vote at the failover epoch, and asks for votes at that epoch (ask-peers.ts);
 *  2. we cast our own vote at the failover epoch for the front-runner, or for ourselves when
 *     there is none (a granted vote is flushed, `+vote-for-leader`);
 *  3. the winner needs max(quorum, majority of all known sentinels); we lead when it is us;
 *  4. not leading and not forced: abort with `-failover-abort-not-elected` once the attempt is
 *     older than min(election-timeout, failover-timeout) (measured from the start time, which
 *     includes the desync), else wait; an attempt without a start time (0: never, see
 *     start.ts) has no reference to time out from and waits;
 *  5. leading (or forced): `+elected-leader`, the crash-after-election simulation, then
 *     SELECT_SLAVE with `+failover-state-select-slave`. Vigil only: a forced attempt that
 *     knows another sentinel is running for its epoch (that one won it, or our own vote in it
 *     went to that one, the peers' front-runner) aborts with `-failover-abort-not-elected`
 *     instead: 7.0.15 goes on and can promote a second replica in the same epoch, two
 *     configurations no hello can order (found by the simulation swarm with an operator's
 *     SENTINEL FAILOVER). Without such knowledge (peers out of reach) the forced attempt goes
 *     on, as SENTINEL FAILOVER promises.
 */
import { electionTimedOut, frontRunner, MAX_DESYNC_MS, tallyLeader, votesInEpoch } from '../../consensus/index.js';
import { voteLeader, type VoteOutcome } from '../commands/sentinel/vote.js';
import { emitEvent } from '../events.js';
import { instanceEvent, type MonitorContext } from '../monitor/context.js';
import { SIMFAILURE_CRASH_AFTER_ELECTION, type MasterRecord } from '../state.js';
import { hasPlantedBug } from '../planted-bugs.js';
import { abortFailover, enterState, maybeSimulatedCrash } from './common.js';

export function runWaitStart(ctx: MonitorContext, master: MasterRecord): void {
  const { state } = ctx.env;
  const leader = electedLeader(ctx, master);
  const isLeader = leader !== null && leader.toLowerCase() === state.myid.toLowerCase();
  const votedForAnother = master.leaderEpoch === master.failoverEpoch && master.leader !== null && master.leader.toLowerCase() !== state.myid.toLowerCase();
  if (master.forceFailover && ((leader !== null && !isLeader) || votedForAnother)) {
    instanceEvent(ctx, 'warning', '-failover-abort-not-elected', master, master);
    abortFailover(ctx, master);
    return;
  }
  if (!isLeader && !master.forceFailover) {
    const start = master.failoverStartTime;
    if (start !== 0 && electionTimedOut(ctx.now.mono, start, master.failoverTimeoutMs, state.timing.electionTimeoutMs)) {
      instanceEvent(ctx, 'warning', '-failover-abort-not-elected', master, master);
      abortFailover(ctx, master);
    }
    return;
  }
  instanceEvent(ctx, 'warning', '+elected-leader', master, master);
  if (maybeSimulatedCrash(ctx, SIMFAILURE_CRASH_AFTER_ELECTION)) return;
  enterState(ctx, master, 'select_slave');
  instanceEvent(ctx, 'warning', '+failover-state-select-slave', master, master);
}

/** Steps 1-3 (sentinelGetLeader at the failover epoch): the winner's run id, or null. */
export function electedLeader(ctx: MonitorContext, master: MasterRecord): string | null {
  const { state } = ctx.env;
  const peerVotes = votesInEpoch([...master.sentinels.values()], master.failoverEpoch);
  const candidate = frontRunner(peerVotes).winner ?? state.myid;
  const mine = castVote(ctx, master, master.failoverEpoch, candidate);
  const myVote = mine.leader !== null && mine.leaderEpoch === master.failoverEpoch ? mine.leader : null;
  if (hasPlantedBug(state, 'promote-without-majority')) return tallyLeader([], 1, 1, myVote).winner;
  return tallyLeader(peerVotes, master.sentinels.size + 1, master.quorum, myVote).winner;
}

/** Step 2: our own vote, with its events and flush (the vote is durable before it is told). */
function castVote(ctx: MonitorContext, master: MasterRecord, epoch: number, runid: string): VoteOutcome {
  const { state, rng } = ctx.env;
  const outcome = voteLeader(state, master, {
    epoch,
    runid,
    myid: state.myid,
    nowMono: ctx.now.mono,
    drawDesyncMs: () => rng.below(MAX_DESYNC_MS),
    voteTwice: hasPlantedBug(state, 'vote-twice'),
  });
  if (outcome.newEpoch !== null) {
    ctx.batch.flushConfig('vote');
    emitEvent(ctx.env, ctx.batch, 'warning', '+new-epoch', { owner: master }, String(outcome.newEpoch));
  }
  if (outcome.granted !== null) {
    ctx.batch.flushConfig('vote');
    const vote = `${outcome.granted.runid} ${outcome.granted.epoch}`;
    emitEvent(ctx.env, ctx.batch, 'warning', '+vote-for-leader', { owner: master }, vote);
  }
  return outcome;
}
