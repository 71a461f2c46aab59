/** The swarm seeds that found real defects (test/sim/swarm/regressions.ts) keep passing. */
import { describe, expect, test } from 'vitest';
import { REGRESSION_SEEDS } from '../../../sim/swarm/regressions.js';
import { runSeed } from '../../../sim/swarm/run-seed.js';

describe('swarm regression seeds', () => {
  test.each(REGRESSION_SEEDS)('seed $seed: $found', ({ seed }) => {
    const r = runSeed(seed);
    expect(r.failure, `${r.topology}\nreplay: npm run sim -- --seed ${seed}`).toBeNull();
  });
});
