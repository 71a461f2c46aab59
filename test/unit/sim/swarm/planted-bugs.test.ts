/**
 * Proof the swarm's checkers bite (issue 5): each planted bug, switched on through the
 * simulator's test-only hooks, must be reported by the rule it breaks within a bounded number
 * of seeds. Measured on seeds 1-40: vote-twice is caught in 14 of them, promote-without-majority
 * in 33, promote-priority-zero in 8, forget-epoch in 36; the bound leaves room for traces that
 * shift with timing changes.
 */
import { describe, expect, test } from 'vitest';
import { runSeed, type SwarmOptions } from '../../../sim/swarm/run-seed.js';

const MAX_SEEDS = 30;

type Bug = NonNullable<SwarmOptions['bugs']>[number];

function firstCaught(bug: Bug): { seed: number; failure: string } | null {
  for (let seed = 1; seed <= MAX_SEEDS; seed++) {
    const r = runSeed(seed, { bugs: [bug] });
    if (r.failure !== null) return { seed, failure: r.failure };
  }
  return null;
}

describe('planted bugs are caught', () => {
  test.each([
    ['vote-twice', 'safety: vote:'],
    ['promote-without-majority', 'safety: leader:'],
    ['promote-priority-zero', 'safety: priority:'],
    ['forget-epoch', 'safety: epoch:'],
  ] as const)('%s is reported as "%s" within ' + MAX_SEEDS + ' seeds', (bug, rule) => {
    const caught = firstCaught(bug);
    expect(caught, `${bug} went unnoticed for ${MAX_SEEDS} seeds`).not.toBeNull();
    expect(caught!.failure.startsWith(rule), `seed ${caught!.seed}: ${caught!.failure}`).toBe(true);
  });

  test('without a planted bug those seeds pass the same checkers', () => {
    // The first seed of each bug above, bug-free: the failure is the bug's, not the seed's.
    for (const bug of ['vote-twice', 'promote-without-majority', 'promote-priority-zero', 'forget-epoch'] as const) {
      const caught = firstCaught(bug)!;
      expect(runSeed(caught.seed).failure, `seed ${caught.seed}`).toBeNull();
    }
  });
});
