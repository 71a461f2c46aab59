/**
 * The leader tally and election timers: one row per case, and the property that a winner always
 * holds a majority of all known sentinels and at least the quorum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frontRunner, tallyLeader, votesInEpoch, votesNeeded } from '../../../src/consensus/tally.js';
import { desyncMs, electionTimedOut, electionTimeoutMs, mayStartAttempt, retryBackoffMs } from '../../../src/consensus/timing.js';

describe('votesNeeded', () => {
  it.each<[number, number, number]>([
    [1, 1, 1],
    [3, 2, 2],
    [3, 1, 2],
    [3, 3, 3],
    [4, 2, 3],
    [5, 2, 3],
    [5, 4, 4],
    [2, 1, 2],
  ])('voters %d quorum %d -> %d', (voters, quorum, needed) => {
    expect(votesNeeded(voters, quorum)).toBe(needed);
  });
});

describe('tallyLeader', () => {
  it.each<[string, string[], number, number, string | null, string | null, number]>([
    ['alone, own vote, quorum 1', [], 1, 1, 'me', 'me', 1],
    ['three sentinels, one peer agrees', ['me'], 3, 2, 'me', 'me', 2],
    ['three sentinels, nobody else voted', [], 3, 2, 'me', null, 1],
    ['peers vote for x, we follow x', ['x', 'x'], 3, 2, 'x', 'x', 3],
    ['split vote, no majority', ['x', 'y'], 5, 2, 'me', null, 1],
    ['quorum above majority', ['me', 'me'], 5, 4, 'me', null, 3],
    ['a tie with no majority elects nobody', ['x', 'y'], 3, 1, null, null, 1],
    ['own vote only leads with strictly more', ['x', 'y'], 3, 1, 'y', 'y', 2],
    ['own vote from another epoch does not count', ['me'], 3, 2, null, null, 1],
    ['majority of all known, down or not', ['me'], 4, 2, 'me', null, 2],
  ])('%s', (_name, votes, voters, quorum, myVote, winner, count) => {
    expect(tallyLeader(votes, voters, quorum, myVote)).toEqual({ winner, votes: count });
  });

  it('counts only votes of the given epoch', () => {
    const votes = [
      { leader: 'a', leaderEpoch: 3 },
      { leader: 'b', leaderEpoch: 2 },
      { leader: null, leaderEpoch: 3 },
      { leader: 'a', leaderEpoch: 3 },
    ];
    expect(votesInEpoch(votes, 3)).toEqual(['a', 'a']);
    expect(frontRunner(votesInEpoch(votes, 3))).toEqual({ winner: 'a', votes: 2 });
    expect(frontRunner([])).toEqual({ winner: null, votes: 0 });
    expect(frontRunner(['y', 'x', 'x', 'y'])).toEqual({ winner: 'y', votes: 2 });
  });

  it('a winner always holds max(quorum, majority of all voters) votes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'me'), { maxLength: 8 }),
        fc.option(fc.constantFrom('a', 'b', 'c', 'me')),
        (peers, quorum, rawVotes, myVote) => {
          const votes = rawVotes.slice(0, peers);
          const voters = peers + 1;
          const { winner, votes: n } = tallyLeader(votes, voters, quorum, myVote);
          if (winner === null) return true;
          const actual = votes.filter((v) => v === winner).length + (myVote === winner ? 1 : 0);
          return actual === n && n >= quorum && n > voters / 2;
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('election timers', () => {
  it.each<[number, number, number]>([
    [180_000, 10_000, 10_000],
    [5_000, 10_000, 5_000],
    [180_000, 2_000, 2_000],
  ])('failover-timeout %d, election-timeout %d -> %d', (failover, configured, expected) => {
    expect(electionTimeoutMs(failover, configured)).toBe(expected);
  });

  it.each<[number, number, number, boolean]>([
    [10_000, 0, 180_000, false],
    [10_001, 0, 180_000, true],
    [5_001, 0, 5_000, true],
  ])('now %d, start %d, failover-timeout %d -> timed out %s', (now, start, failover, out) => {
    expect(electionTimedOut(now, start, failover)).toBe(out);
  });

  it.each<[number, number]>([
    [0, 0],
    [999, 999],
    [1000, 0],
    [0xffffffff, 295],
  ])('desync of %d is %d ms', (random, ms) => {
    expect(desyncMs(random)).toBe(ms);
  });

  it('backs off 2 x failover-timeout between attempts', () => {
    expect(retryBackoffMs(180_000)).toBe(360_000);
    expect(mayStartAttempt(360_000, 0, 180_000)).toBe(true);
    expect(mayStartAttempt(359_999, 0, 180_000)).toBe(false);
  });
});

describe('module boundary', () => {
  it('src/consensus imports nothing outside itself', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../../src/consensus/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1]!.startsWith('./'), `${file}: ${m[1]}`).toBe(true);
    }
  });
});
