/**
 * Runs every story in test/scenarios/*.txt on the simulator and compares its trace with the
 * golden part of the file (after `--- events`). UPDATE_GOLDEN=1 rewrites the golden parts;
 * read the diff against the reference before committing it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { joinScenario, runScenario, splitScenario } from '../../sim/scenario.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Each story should take well under a second; this only catches a runaway. */
const BUDGET_MS = 3_000;

describe('scenarios', () => {
  test.each(FILES)('%s', (file) => {
    const full = path.join(DIR, file);
    const { story, golden } = splitScenario(readFileSync(full, 'latin1'));
    const started = performance.now();
    const result = runScenario(story);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    if (UPDATE) writeFileSync(full, joinScenario(story, result.trace), 'latin1');
    expect(result.failures).toEqual([]);
    if (!UPDATE) {
      expect(golden, `${file} has no golden events; run with UPDATE_GOLDEN=1 and review them`).not.toBeNull();
      expect(result.trace).toBe(golden);
    }
  });

  test('the same seed gives the same trace, event for event', () => {
    for (const file of FILES) {
      const { story } = splitScenario(readFileSync(path.join(DIR, file), 'latin1'));
      const a = runScenario(story);
      const b = runScenario(story);
      expect(b.trace).toBe(a.trace);
      expect(b.cluster.world.steps).toBe(a.cluster.world.steps);
    }
  });

  test('another seed replays the same story with other run ids and tick jitter', () => {
    const { story } = splitScenario(readFileSync(path.join(DIR, FILES[0]!), 'latin1'));
    const a = runScenario(story);
    const b = runScenario(story.replace(/^seed \d+$/m, 'seed 99'));
    expect(b.trace).not.toBe(a.trace);
  });
});
