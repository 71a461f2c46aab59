// The driver of bench/failover.sh (run that: it builds first and cleans up after a crash).
// Runs the failover scenarios for vigil and redis-sentinel 7.0.15 in one invocation, one run
// at a time, alternating which implementation goes first, each run on a fresh group in its own
// temp dir (see failover-run.mjs for what one run measures). Prints a line per run, then the
// medians, ratios and goals (failover-report.mjs), and writes every run's figures and events
// as JSON to $RESULTS (default: a file in the temp dir, printed at the end).
//
// Environment (all optional):
//   REPEATS=5          runs per scenario and implementation
//   RUNS=50            same as REPEATS (takes precedence): RUNS=50 ONLY=vigil SCENARIO=kill is
//                      issue 4 item 8's check (50 consecutive kill -9 runs, extra failovers and
//                      lost writes counted)
//   SCENARIO=both      kill | stop | both
//   ONLY=              vigil | redis-sentinel (default: both, side by side)
//   SETTLE_MS=5000     how long after the last +switch-master to keep writing and watching for
//                      a spurious second failover
//   KEEP=1             keep every run's temp dir (configs and logs); failed runs always keep it
//   RESULTS=path.json  where to write the raw results
// Exit code: 0, or 1 when a run failed (no failover, sentinels disagreeing, a start-up error).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOnce } from './failover-run.mjs';
import { runLine, summary } from './failover-report.mjs';

function env(name, fallback) {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : v;
}

function positiveInt(name, fallback) {
  const text = env(name, String(fallback));
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${name} must be a positive integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const repeats = positiveInt('RUNS', positiveInt('REPEATS', 5));
const settleMs = positiveInt('SETTLE_MS', 5_000);
const scenarioText = env('SCENARIO', 'both');
const only = env('ONLY', '');
const keep = env('KEEP', '') === '1';
if (!['kill', 'stop', 'both'].includes(scenarioText)) {
  console.error(`bench: SCENARIO must be kill, stop or both, got "${scenarioText}"`);
  process.exit(2);
}
if (!['', 'vigil', 'redis-sentinel'].includes(only)) {
  console.error(`bench: ONLY must be vigil or redis-sentinel, got "${only}"`);
  process.exit(2);
}
const scenarios = scenarioText === 'both' ? ['kill', 'stop'] : [scenarioText];
const impls = only === '' ? ['vigil', 'redis-sentinel'] : [only];
const resultsPath = env('RESULTS', path.join(os.tmpdir(), `vigil-failover-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));

// The group of the run in progress, so a signal or a crash stops exactly its pids.
let current = null;
let stopping = false;
process.on('exit', () => current?.killAllNow());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`\nbench: ${sig}: stopping the processes of the current run`);
    const group = current;
    void (group?.stopAll() ?? Promise.resolve()).finally(() => {
      if (group !== null && !keep) fs.rmSync(group.dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const total = repeats * scenarios.length * impls.length;
console.log(`runs: ${repeats} per scenario (${scenarios.join(', ')}) and implementation (${impls.join(', ')}), ${total} in all, alternating which goes first`);
console.log('each run: 1 master + 2 replicas + 3 sentinels (quorum 2, down-after-milliseconds 1000, failover-timeout 10000), ' +
  `a writer (SET every ~5 ms to the address the sentinels name), the fault, then ${settleMs} ms after the last +switch-master`);
console.log('per run, in ms from the fault: +sdown, +odown, +elected-leader, +promoted-slave, first acknowledged write on the new master, each sentinel\'s +switch-master');

const results = [];
for (let r = 0; r < repeats && !stopping; r++) {
  for (const scenario of scenarios) {
    // Each scenario alternates which implementation goes first from one repeat to the next.
    const order = r % 2 === 0 ? impls : [...impls].reverse();
    for (const impl of order) {
      if (stopping) break;
      const result = await runOnce({ impl, scenario, settleMs, keep, onGroup: (g) => (current = g) });
      result.repeat = r + 1;
      results.push(result);
      console.log(runLine(results.length, total, result));
    }
  }
}

console.log(summary(results, impls, scenarios));
fs.writeFileSync(resultsPath, `${JSON.stringify({ at: new Date().toISOString(), repeats, settleMs, results }, null, 1)}\n`);
console.log(`\nraw results (every run's phases and events): ${resultsPath}`);
process.exit(results.some((r) => !r.ok) ? 1 : 0);
