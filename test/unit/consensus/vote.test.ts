/**
 * Vote granting and epochs: one row per case, then properties (one vote per epoch, also across a
 * restart from the persisted leader epoch; epochs never go back).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptEpoch, nextAttemptEpoch } from '../../../src/consensus/epoch.js';
import { grantVote, type VoterState } from '../../../src/consensus/vote.js';

const S = (currentEpoch: number, leader: string | null, leaderEpoch: number): VoterState => ({ currentEpoch, leader, leaderEpoch });

describe('adoptEpoch', () => {
  it.each<[number, number, number, boolean]>([
    [3, 5, 5, true],
    [5, 5, 5, false],
    [5, 3, 5, false],
    [5, -1, 5, false],
    [5, 1.5, 5, false],
    [0, Number.MAX_SAFE_INTEGER + 2, 0, false],
  ])('current %d, seen %d -> %d (raised %s)', (current, seen, epoch, raised) => {
    expect(adoptEpoch(current, seen)).toEqual({ epoch, raised });
  });

  it('an attempt bumps the epoch by one', () => {
    expect(nextAttemptEpoch(7)).toBe(8);
  });
});

describe('grantVote', () => {
  it.each<[string, VoterState, number, string, VoterState, boolean, boolean]>([
    ['first vote in a newer epoch', S(0, null, 0), 5, 'a', S(5, 'a', 5), true, true],
    ['first vote in the current epoch', S(5, null, 0), 5, 'a', S(5, 'a', 5), false, true],
    ['second candidate, same epoch: earlier vote kept', S(5, 'a', 5), 5, 'b', S(5, 'a', 5), false, false],
    ['same candidate again: nothing new', S(5, 'a', 5), 5, 'a', S(5, 'a', 5), false, false],
    ['request older than current epoch', S(7, 'a', 5), 6, 'b', S(7, 'a', 5), false, false],
    ['later epoch: new vote', S(5, 'a', 5), 6, 'b', S(6, 'b', 6), true, true],
    ['after restart (leader unknown), same epoch refused', S(5, null, 5), 5, 'b', S(5, null, 5), false, false],
    ['after restart, next epoch granted', S(5, null, 5), 6, 'b', S(6, 'b', 6), true, true],
    ['negative epoch neither adopted nor granted', S(2, null, 0), -5, 'a', S(2, null, 0), false, false],
  ])('%s', (_name, state, epoch, runid, next, raised, granted) => {
    const out = grantVote(state, epoch, runid);
    expect(out.state).toEqual(next);
    expect(out.raisedEpoch).toBe(raised);
    expect(out.granted).toBe(granted);
    expect(out.vote).toEqual({ leader: next.leader, leaderEpoch: next.leaderEpoch });
  });
});

describe('vote properties', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('ask' as const), epoch: fc.integer({ min: -2, max: 10 }), runid: fc.constantFrom('a', 'b', 'c') }),
    fc.record({ kind: fc.constant('restart' as const) }),
    fc.record({ kind: fc.constant('hello' as const), epoch: fc.integer({ min: 0, max: 10 }) }),
  );

  it('never grants two different votes in one epoch, even across restarts; epochs never go back', () => {
    fc.assert(
      fc.property(fc.nat({ max: 4 }), fc.array(step, { maxLength: 50 }), (start, steps) => {
        let state: VoterState = S(start, null, 0);
        const granted = new Map<number, string>();
        for (const s of steps) {
          const before = state;
          if (s.kind === 'restart') {
            // Only the epochs are persisted; the voted run id is lost.
            state = S(state.currentEpoch, null, state.leaderEpoch);
          } else if (s.kind === 'hello') {
            state = { ...state, currentEpoch: adoptEpoch(state.currentEpoch, s.epoch).epoch };
          } else {
            const out = grantVote(state, s.epoch, s.runid);
            if (out.granted) {
              const earlier = granted.get(out.state.leaderEpoch);
              if (earlier !== undefined && earlier !== s.runid) return false;
              if (earlier !== undefined) return false; // at most one grant per epoch at all
              granted.set(out.state.leaderEpoch, s.runid);
            }
            state = out.state;
          }
          if (state.currentEpoch < before.currentEpoch || state.leaderEpoch < before.leaderEpoch) return false;
          if (state.leaderEpoch > state.currentEpoch) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});
