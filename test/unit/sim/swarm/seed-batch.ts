/**
 * Declares one test per swarm seed of a range (the fixed list `npm test` runs is split over
 * the seeds-*.test.ts files so vitest runs them in parallel). A failing seed's message carries
 * the checker's words and the command that replays it.
 */
import { expect, test } from 'vitest';
import { runSeed } from '../../../sim/swarm/run-seed.js';

export function seedTests(from: number, to: number): void {
  const seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  test.each(seeds)('seed %i', (seed) => {
    const r = runSeed(seed);
    const why = `${r.topology}\n${r.failure ?? ''}\nreplay: npm run sim -- --seed ${seed}`;
    expect(r.failure, why).toBeNull();
  });
}
