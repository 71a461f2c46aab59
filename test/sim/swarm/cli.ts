/**
 * `npm run sim -- --seeds N [--from S] [--jobs J] [--minutes M] [--bug B]...` runs N swarm
 * seeds (S, S+1, ...) and ends with the line `<passed> seeds passed, <failed> failed`;
 * `--seed S` replays one seed (and always writes its trace). For each failure it prints the
 * seed, the checker's message, the exact command that replays it and the path of its trace
 * (one line per event per node) and node logs. Seeds run in J worker threads (default: the
 * machine's cores); a seed's result does not depend on which worker ran it.
 * Exit code: 0 when every seed passed, 1 otherwise, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runSeed, type SwarmOptions } from './run-seed.js';

interface Args {
  readonly from: number;
  readonly count: number;
  readonly single: boolean;
  readonly jobs: number;
  readonly options: SwarmOptions;
  readonly traceDir: string;
}

interface Report {
  readonly seed: number;
  readonly ok: boolean;
  readonly line: string;
}

const BUGS = ['vote-twice', 'promote-without-majority', 'promote-priority-zero', 'forget-epoch'] as const;
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A progress line on stderr every so many seeds (long soaks). */
const PROGRESS_EVERY = 500;

function parseArgs(argv: readonly string[]): Args {
  let from = 1;
  let count = 1;
  let single = false;
  let jobs = availableParallelism();
  let minutes: number | null = null;
  let traceDir = path.resolve('.sim-build', 'traces');
  const bugs: (typeof BUGS)[number][] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const int = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isSafeInteger(n) || n < 0) usage(`${flag} needs a whole number`);
      i++;
      return n;
    };
    if (flag === '--seeds') count = int();
    else if (flag === '--from') from = int();
    else if (flag === '--seed') ((from = int()), (count = 1), (single = true));
    else if (flag === '--jobs') jobs = Math.max(1, int());
    else if (flag === '--minutes') minutes = int();
    else if (flag === '--trace-dir') ((traceDir = path.resolve(value ?? usage('--trace-dir needs a path'))), i++);
    else if (flag === '--bug') {
      if (!BUGS.includes(value as (typeof BUGS)[number])) usage(`--bug is one of ${BUGS.join(', ')}`);
      bugs.push(value as (typeof BUGS)[number]);
      i++;
    } else usage(`unknown argument ${flag}`);
  }
  const options: SwarmOptions = { ...(minutes === null ? {} : { safetyMs: minutes * 60_000 }), ...(bugs.length > 0 ? { bugs } : {}) };
  return { from, count, single, jobs: Math.min(jobs, count), options, traceDir };
}

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run sim -- --seeds N [--from S] [--jobs J] [--minutes M] [--bug B]... | --seed S\n`);
  process.exit(2);
}

/** The command that replays a seed exactly (same options). */
function replayCommand(seed: number, a: Args): string {
  const extra = [
    ...(a.options.safetyMs === undefined ? [] : [`--minutes ${a.options.safetyMs / 60_000}`]),
    ...(a.options.bugs ?? []).map((b) => `--bug ${b}`),
  ];
  return ['npm run sim -- --seed', String(seed), ...extra].join(' ');
}

function runOne(seed: number, a: Args): Report {
  const started = performance.now();
  const r = runSeed(seed, a.options);
  const ms = Math.round(performance.now() - started);
  const summary = `seed ${seed}: ${r.topology}, ${r.faults} faults, ${r.switches} +switch-master, converged ${r.convergedAfterMs ?? '-'} ms after the heal (${ms} ms)`;
  if (r.ok && !a.single) return { seed, ok: true, line: '' };
  mkdirSync(a.traceDir, { recursive: true });
  const trace = path.join(a.traceDir, `seed-${seed}.trace`);
  const logs = path.join(a.traceDir, `seed-${seed}.logs`);
  writeFileSync(trace, r.cluster.trace.render(), 'latin1');
  const nodes = [...r.cluster.sentinels.keys(), ...r.cluster.redis.keys()];
  writeFileSync(logs, nodes.map((n) => r.cluster.trace.logsOf(n).map((l) => `${n} ${l}`).join('\n')).join('\n') + '\n', 'latin1');
  if (r.ok) return { seed, ok: true, line: `${summary}\n  passed; trace: ${trace}` };
  const line = [`FAILED ${summary}`, `  ${r.failure}`, `  replay: ${replayCommand(seed, a)}`, `  trace:  ${trace}`, `  logs:   ${logs}`].join('\n');
  return { seed, ok: false, line };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const seeds = Array.from({ length: a.count }, (_, i) => a.from + i);
  let passed = 0;
  let failed = 0;
  const report = (r: Report): void => {
    if (r.ok) passed++;
    else failed++;
    if (r.line !== '') process.stdout.write(r.line + '\n');
    const done = passed + failed;
    if (done % PROGRESS_EVERY === 0 && done < a.count) process.stderr.write(`... ${done}/${a.count} seeds, ${failed} failed\n`);
  };
  if (a.jobs <= 1) {
    for (const seed of seeds) report(runOne(seed, a));
  } else {
    await Promise.all(
      Array.from({ length: a.jobs }, (_, k) => {
        const mine = seeds.filter((_, i) => i % a.jobs === k);
        return new Promise<void>((resolve, reject) => {
          const worker = new Worker(path.join(HERE, 'cli.js'), { workerData: { seeds: mine, args: a } });
          worker.on('message', (r: Report) => report(r));
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${k} exited with ${code}`))));
        });
      }),
    );
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`(${a.count} seeds from ${a.from} in ${secs} s, ${a.jobs} job${a.jobs === 1 ? '' : 's'})\n`);
  process.stdout.write(`${passed} seeds passed, ${failed} failed\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

if (isMainThread) {
  await main();
} else {
  const { seeds, args } = workerData as { seeds: number[]; args: Args };
  for (const seed of seeds) parentPort!.postMessage(runOne(seed, args));
}
