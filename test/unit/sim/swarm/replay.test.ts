/**
 * A seed replays exactly: the same seed gives the identical trace, event for event, passing or
 * failing; another seed gives another deployment and fault stream.
 */
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../../sim/swarm/run-seed.js';

describe('swarm replay', () => {
  test('a passing seed replays to the identical trace', () => {
    const a = runSeed(7, { safetyMs: 60_000 });
    const b = runSeed(7, { safetyMs: 60_000 });
    expect(a.failure).toBeNull();
    expect(b.cluster.trace.render()).toBe(a.cluster.trace.render());
    expect(b.cluster.world.steps).toBe(a.cluster.world.steps);
  });

  test("a seed's trace does not depend on the seeds run before it in the same process", () => {
    const alone = runSeed(5, { safetyMs: 60_000 }).cluster.trace.render();
    runSeed(6, { safetyMs: 60_000, bugs: ['vote-twice'] });
    expect(runSeed(5, { safetyMs: 60_000 }).cluster.trace.render()).toBe(alone);
  });

  test('a failing seed replays to the identical trace and failure', () => {
    const a = runSeed(3, { bugs: ['promote-without-majority'] });
    const b = runSeed(3, { bugs: ['promote-without-majority'] });
    expect(a.failure).not.toBeNull();
    expect(b.failure).toBe(a.failure);
    expect(b.cluster.trace.render()).toBe(a.cluster.trace.render());
  });

  test('the trace has one line per event per node and tells the faults', () => {
    const r = runSeed(11, { safetyMs: 60_000 });
    const lines = r.cluster.trace.render().trimEnd().split('\n');
    expect(lines.every((l) => /^t=\d+ \S+ \S+/.test(l))).toBe(true);
    expect(lines.some((l) => / sim swarm seed 11 /.test(l))).toBe(true);
    expect(lines.some((l) => / sim liveness heal everything$/.test(l))).toBe(true);
    expect(runSeed(12, { safetyMs: 60_000 }).cluster.trace.render()).not.toBe(r.cluster.trace.render());
  });
});
