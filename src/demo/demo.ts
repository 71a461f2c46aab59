/**
 * `npm run demo`: a real Redis master with replicas and a group of vigils on free loopback
 * ports in a temp dir, shown through a plain ioredis client, with every vigil's events printed
 * as they arrive. The runner owns the lifecycle: whatever happens (done, Ctrl-C, SIGTERM,
 * --duration elapsed, a step failing) it closes its connections and stops exactly the pids it
 * started. It is a tool, not part of the daemon: it may use node:* freely, and the daemon
 * never imports it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SHAPE } from './cluster.js';
import { Printer } from './output.js';
import { ProcessGroup, type SentinelProgram } from './processes.js';
import type { DemoContext } from './context.js';
import { SCENARIO } from './scenario.js';

const NON_TTY_DEFAULT_SECONDS = 10;

const USAGE = `Usage: npm run demo [-- --duration <seconds>] [--keep]

Starts redis-server (a master and 2 replicas) and 3 vigils on free loopback ports, shows what
each vigil answers and prints their events; then an application writes through them while the
master is killed: the failover, the writes stopping and resuming on the new master, and a check
that no acknowledged write was lost. Then it stops everything it started.

  --duration <s>  how long to keep watching events after the failover
                  (default: until Ctrl-C on a terminal, ${NON_TTY_DEFAULT_SECONDS} s otherwise)
  --keep          keep the temp dir (configs and logs) after exit
  --against redis-sentinel
                  run the same demo with real redis-sentinel instead of vigil, to compare
  --help          this text
`;

interface DemoOptions {
  /** Null: until interrupted. */
  readonly holdMs: number | null;
  readonly keep: boolean;
  readonly program: SentinelProgram;
}

function readOptions(argv: readonly string[]): DemoOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      keep: { type: 'boolean', default: false },
      against: { type: 'string', default: 'vigil' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  let holdMs: number | null = process.stdout.isTTY === true ? null : NON_TTY_DEFAULT_SECONDS * 1000;
  if (values.duration !== undefined) {
    const seconds = Number(values.duration);
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`--duration wants a number of seconds, got "${values.duration}"`);
    holdMs = seconds * 1000;
  }
  const program = values.against;
  if (program !== 'vigil' && program !== 'redis-sentinel') throw new Error(`--against wants vigil or redis-sentinel, got "${program ?? ''}"`);
  return { holdMs, keep: values.keep === true, program };
}

/** Resolves after `ms` (never when null) or when `signal` aborts, whichever comes first. */
function hold(ms: number | null, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = ms === null ? null : setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      if (timer !== null) clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

async function run(options: DemoOptions): Promise<number> {
  const out = new Printer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-'));
  const group = new ProcessGroup(dir);
  const stop = new AbortController();
  let interrupts = 0;
  const onSignal = (name: string): void => {
    interrupts++;
    if (interrupts > 1) {
      group.killAllNow();
      process.exit(130);
    }
    out.line(`\n${name}: stopping (press Ctrl-C again to kill at once)`, 0);
    stop.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
  process.once('exit', () => group.killAllNow());

  const ctx: DemoContext = {
    group,
    out,
    shape: { ...DEFAULT_SHAPE, program: options.program },
    master: null,
    replicas: [],
    vigils: [],
    subscribers: [],
    events: [],
    writer: null,
    killedAt: null,
    newMasterPort: null,
  };
  out.line(`vigil demo (sentinels: ${options.program}) — working directory ${dir}`, 0);
  let failed = false;
  try {
    for (const [index, step] of SCENARIO.entries()) {
      if (stop.signal.aborted) break;
      out.section(`${index + 1}. ${step.title}`);
      await step.run(ctx);
    }
    if (!stop.signal.aborted) {
      out.section(options.holdMs === null ? 'Watching events until Ctrl-C' : `Watching events for ${options.holdMs / 1000} s`);
      await hold(options.holdMs, stop.signal);
    }
  } catch (e) {
    failed = true;
    out.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    out.section('Stopping everything the demo started');
    await ctx.writer?.stop();
    for (const sub of ctx.subscribers) sub.disconnect();
    const started = [...group.running].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'vigil' ? -1 : 1));
    await group.stopAll();
    for (const p of started) out.line(`${p.name.padEnd(10)} pid ${p.pid}: ${p.exitReason() ?? 'still running?'}`);
    // On failure the logs explain it, so keep them (unless nothing ever started).
    if (options.keep || (failed && group.all.length > 0)) out.line(`kept ${dir} (configs and logs)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

async function main(): Promise<void> {
  let options: DemoOptions | 'help';
  try {
    options = readOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  process.exitCode = await run(options);
  // Timers and sockets are all closed by now; exit explicitly so nothing can keep us around.
  process.exit();
}

void main();
