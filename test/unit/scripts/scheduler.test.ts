/**
 * The script queue and scheduler (§11.2) driven by inputs only: bounds (256 queued, 16
 * running), starting on the tick, retries with back-off, the runtime limit, and how each kind
 * of exit ends a job. Times are monotonic ms handed in; nothing here spawns a process.
 */
import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/core/batch.js';
import { ClientTable } from '../../../src/core/clients.js';
import type { EventSink } from '../../../src/core/events.js';
import type { Action } from '../../../src/core/io.js';
import { jobIdOf, queueScript } from '../../../src/core/scripts/queue.js';
import { retryDelayMs, SCRIPT_MAX_QUEUE, SCRIPT_MAX_RUNNING } from '../../../src/core/scripts/limits.js';
import { onScriptExit, onScriptSpawnFailed, onScriptStarted, runScriptTimer } from '../../../src/core/scripts/scheduler.js';
import type { ScriptJob } from '../../../src/core/state.js';
import type { Now } from '../../../src/core/time.js';
import { freshState } from '../commands/sentinel-harness.js';

const at = (mono: number): Now => ({ mono, wall: 1_700_000_000_000 + mono });

function sink(): EventSink {
  return { state: freshState(), clients: new ClientTable() };
}

/** Runs one scheduler tick; returns its actions. */
function tick(s: EventSink, mono: number): Action[] {
  const batch = new Batch();
  runScriptTimer(s, batch, at(mono));
  return batch.actions;
}

const starts = (actions: Action[]): Extract<Action, { kind: 'script-start' }>[] =>
  actions.filter((a): a is Extract<Action, { kind: 'script-start' }> => a.kind === 'script-start');
const logs = (actions: Action[]): string[] =>
  actions.flatMap((a) => (a.kind === 'log' && a.level !== 'debug' ? [a.text] : []));

function exit(s: EventSink, job: ScriptJob, mono: number, exitCode: number, signal = 0): Action[] {
  const batch = new Batch();
  onScriptExit(s, batch, { kind: 'script-exit', now: at(mono), jobId: jobIdOf(s.state, job), pid: 4242, exitCode, signal });
  return batch.actions;
}

function started(s: EventSink, job: ScriptJob, mono: number, pid: number): void {
  onScriptStarted(s, new Batch(), { kind: 'script-started', now: at(mono), jobId: jobIdOf(s.state, job), pid });
}

describe('queue bounds', () => {
  it('keeps at most 256 jobs, dropping the oldest one not running', () => {
    const s = sink();
    const first = queueScript(s.state, ['/a', 'first']);
    first.running = true; // a running job is never dropped
    for (let i = 0; i < SCRIPT_MAX_QUEUE; i++) queueScript(s.state, ['/a', String(i)]);
    expect(s.state.scripts).toHaveLength(SCRIPT_MAX_QUEUE);
    expect(s.state.scripts[0]).toBe(first);
    expect(s.state.scripts[1]!.argv).toEqual(['/a', '1']);
    expect(s.state.scripts.at(-1)!.argv).toEqual(['/a', String(SCRIPT_MAX_QUEUE - 1)]);
  });

  it('starts at most 16 at once, oldest first, and the next ones when a slot frees', () => {
    const s = sink();
    for (let i = 0; i < 20; i++) queueScript(s.state, ['/a', String(i)]);
    const first = starts(tick(s, 1000));
    expect(first.map((a) => a.argv[1])).toEqual([...Array(SCRIPT_MAX_RUNNING).keys()].map(String));
    expect(starts(tick(s, 1100))).toEqual([]);
    exit(s, s.state.scripts[0]!, 1200, 0);
    expect(starts(tick(s, 1300)).map((a) => a.argv[1])).toEqual(['16']);
  });
});

describe('starting', () => {
  it('marks the job running, stamps the start, increments retry-num and records the pid', () => {
    const s = sink();
    const job = queueScript(s.state, ['/bin/notify', '+sdown', 'master m 127.0.0.1 6379']);
    const [start] = starts(tick(s, 5000));
    expect(start).toEqual({ kind: 'script-start', jobId: jobIdOf(s.state, job), argv: ['/bin/notify', '+sdown', 'master m 127.0.0.1 6379'] });
    expect(job).toMatchObject({ running: true, startTime: 5000, retryNum: 1, pid: 0 });
    started(s, job, 5001, 777);
    expect(job.pid).toBe(777);
  });

  it('removes a job that exits 0, silently', () => {
    const s = sink();
    const job = queueScript(s.state, ['/a']);
    tick(s, 0);
    expect(logs(exit(s, job, 10, 0))).toEqual([]);
    expect(s.state.scripts).toEqual([]);
  });
});

describe('retries', () => {
  it('retries exit 1 after 30 s, 60 s, 120 s ... and gives up after the 10th attempt', () => {
    const s = sink();
    const job = queueScript(s.state, ['/a']);
    let now = 0;
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect(starts(tick(s, now))).toHaveLength(1);
      expect(job.retryNum).toBe(attempt);
      expect(logs(exit(s, job, now + 10, 1))).toEqual([]);
      const delay = 30_000 * 2 ** (attempt - 1);
      expect(job).toMatchObject({ running: false, pid: 0, notBefore: now + 10 + delay });
      expect(starts(tick(s, now + 10 + delay - 1))).toEqual([]);
      now += 10 + delay;
    }
    expect(starts(tick(s, now))).toHaveLength(1);
    expect(job.retryNum).toBe(10);
    expect(logs(exit(s, job, now + 10, 1))).toEqual(['-script-error /a 0 1']);
    expect(s.state.scripts).toEqual([]);
  });

  it('retries a death by signal like exit 1', () => {
    const s = sink();
    const job = queueScript(s.state, ['/a']);
    tick(s, 0);
    expect(logs(exit(s, job, 5, 0, 15))).toEqual([]);
    expect(job).toMatchObject({ running: false, retryNum: 1, notBefore: 30_005 });
  });

  it('drops other exit codes with -script-error <path> <signal> <code>, exec failure (2) included', () => {
    const s = sink();
    const a = queueScript(s.state, ['/a']);
    const b = queueScript(s.state, ['/missing']);
    tick(s, 0);
    expect(logs(exit(s, a, 5, 3))).toEqual(['-script-error /a 0 3']);
    const batch = new Batch();
    onScriptExit(s, batch, { kind: 'script-exit', now: at(6), jobId: jobIdOf(s.state, b), exitCode: 2, signal: 0 });
    expect(logs(batch.actions)).toEqual(['-script-error /missing 0 2']);
    expect(s.state.scripts).toEqual([]);
  });

  it('reports a spawn failure as -script-error <path> 99 0 and tries again on the next tick', () => {
    const s = sink();
    const job = queueScript(s.state, ['/a']);
    tick(s, 0);
    const batch = new Batch();
    onScriptSpawnFailed(s, batch, { kind: 'script-spawn-failed', now: at(1), jobId: jobIdOf(s.state, job), reason: 'EAGAIN' });
    expect(logs(batch.actions)).toEqual(['-script-error /a 99 0']);
    expect(job).toMatchObject({ running: false, pid: 0 });
    expect(starts(tick(s, 100))).toHaveLength(1);
    expect(job.retryNum).toBe(2);
  });

  it('doubles the base delay per retry', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(30_000, n))).toEqual([30_000, 60_000, 120_000, 240_000, 15_360_000]);
  });
});

describe('runtime limit', () => {
  it('kills a script running over 60 s once with -script-timeout, then retries it as a signal death', () => {
    const s = sink();
    const job = queueScript(s.state, ['/slow']);
    tick(s, 0);
    started(s, job, 1, 31337);
    expect(tick(s, 60_000).filter((a) => a.kind === 'script-kill')).toEqual([]);
    const killTick = tick(s, 60_001);
    expect(killTick.filter((a) => a.kind === 'script-kill')).toEqual([{ kind: 'script-kill', jobId: jobIdOf(s.state, job) }]);
    expect(logs(killTick)).toEqual(['-script-timeout /slow 31337']);
    expect(tick(s, 60_100).filter((a) => a.kind === 'script-kill' || a.kind === 'log')).toEqual([]);
    expect(logs(exit(s, job, 60_150, 0, 9))).toEqual([]);
    expect(job).toMatchObject({ running: false, retryNum: 1, notBefore: 90_150 });
  });

  it('uses the runtime and retry delay SENTINEL DEBUG sets', () => {
    const s = sink();
    s.state.timing.scriptMaxRuntimeMs = 1_000;
    s.state.timing.scriptRetryDelayMs = 500;
    const job = queueScript(s.state, ['/a']);
    tick(s, 0);
    expect(tick(s, 1_001).some((a) => a.kind === 'script-kill')).toBe(true);
    exit(s, job, 1_002, 1);
    expect(job.notBefore).toBe(1_502);
  });
});

describe('stray reports', () => {
  it('logs an exit for a job it does not know and changes nothing', () => {
    const s = sink();
    queueScript(s.state, ['/a']);
    const batch = new Batch();
    onScriptExit(s, batch, { kind: 'script-exit', now: at(1), jobId: 9999, pid: 55, exitCode: 0, signal: 0 });
    expect(logs(batch.actions)).toEqual(["wait3() returned a pid (55) we can't find in our scripts execution queue!"]);
    expect(s.state.scripts).toHaveLength(1);
  });
});
