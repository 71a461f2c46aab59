/**
 * Running queued scripts (§11.2), sentinelRunPendingScripts / CollectTerminatedScripts /
 * KillTimedoutScripts with the time taken from inputs. Rules:
 *  1. each tick, oldest first, start jobs not running whose retry time has come, while fewer
 *     than 16 run; starting marks the job running, stamps its start and increments retry-num;
 *  2. each tick, a job running longer than script-max-runtime gets `-script-timeout <path>
 *     <pid>` and a SIGKILL (once per run); the kill counts as a death by signal (rule 4);
 *  3. a spawn failure (Redis's fork failure) emits `-script-error <path> 99 0`; the job stays
 *     queued, not running, and is tried again on a later tick;
 *  4. an exit with code 1 or by a signal is retried after retry-delay × 2^(retry-num − 1) while
 *     retry-num < 10; otherwise the job is dropped, with `-script-error <path> <signal> <code>`
 *     unless it exited 0. An execve failure arrives as exit code 2: dropped, never retried.
 * Exits are handled when they are reported, not at the next tick (Redis reaps on its timer,
 * at most one tick later). Script events carry no instance, so they never queue scripts.
 * vigil bounds retries at 10 attempts even after spawn failures, where Redis compares
 * retry-num with 10 for equality only.
 */
import type { Batch } from '../batch.js';
import { emitEvent, type EventSink } from '../events.js';
import type { ScriptExitInput, ScriptSpawnFailedInput, ScriptStartedInput } from '../io.js';
import type { ScriptJob } from '../state.js';
import type { Now } from '../time.js';
import { bookOf, findJob, jobIdOf, removeJob } from './queue.js';
import { retryDelayMs, SCRIPT_MAX_RETRY, SCRIPT_MAX_RUNNING, SPAWN_FAILURE_SIGNAL } from './limits.js';

/** The tick's part: rules 1 and 2. */
export function runScriptTimer(sink: EventSink, batch: Batch, now: Now): void {
  runPendingScripts(sink, batch, now);
  killTimedOutScripts(sink, batch, now);
}

export function runningScripts(jobs: readonly ScriptJob[]): number {
  let running = 0;
  for (const job of jobs) if (job.running) running++;
  return running;
}

/** Rule 1. */
export function runPendingScripts(sink: EventSink, batch: Batch, now: Now): void {
  const { state } = sink;
  let running = runningScripts(state.scripts);
  for (const job of state.scripts) {
    if (running >= SCRIPT_MAX_RUNNING) break;
    if (job.running || job.notBefore > now.mono) continue;
    job.running = true;
    job.pid = 0;
    job.startTime = now.mono;
    job.retryNum++;
    bookOf(state).killed.delete(job);
    running++;
    batch.actions.push({ kind: 'script-start', jobId: jobIdOf(state, job), argv: job.argv });
  }
}

/** Rule 2. */
export function killTimedOutScripts(sink: EventSink, batch: Batch, now: Now): void {
  const { state } = sink;
  const book = bookOf(state);
  for (const job of state.scripts) {
    if (!job.running || book.killed.has(job)) continue;
    if (now.mono - job.startTime <= state.timing.scriptMaxRuntimeMs) continue;
    book.killed.add(job);
    emitEvent(sink, batch, 'warning', '-script-timeout', null, `${job.argv[0]} ${job.pid}`);
    batch.actions.push({ kind: 'script-kill', jobId: jobIdOf(state, job) });
  }
}

export function onScriptStarted(sink: EventSink, batch: Batch, input: ScriptStartedInput): void {
  const job = findJob(sink.state, input.jobId);
  if (job === null || !job.running) return;
  job.pid = input.pid;
  emitEvent(sink, batch, 'debug', '+script-child', null, String(input.pid));
}

/** Rule 3. */
export function onScriptSpawnFailed(sink: EventSink, batch: Batch, input: ScriptSpawnFailedInput): void {
  const job = findJob(sink.state, input.jobId);
  if (job === null) return;
  job.running = false;
  job.pid = 0;
  emitEvent(sink, batch, 'warning', '-script-error', null, `${job.argv[0]} ${SPAWN_FAILURE_SIGNAL} 0`);
}

/** Rule 4. */
export function onScriptExit(sink: EventSink, batch: Batch, input: ScriptExitInput): void {
  const { state } = sink;
  const pid = input.pid ?? 0;
  emitEvent(sink, batch, 'debug', '-script-child', null, `${pid} ${input.exitCode} ${input.signal}`);
  const job = findJob(state, input.jobId);
  if (job === null || !job.running) {
    batch.log('warning', `wait3() returned a pid (${pid}) we can't find in our scripts execution queue!`);
    return;
  }
  const retryable = input.signal !== 0 || input.exitCode === 1;
  if (retryable && job.retryNum < SCRIPT_MAX_RETRY) {
    job.running = false;
    job.pid = 0;
    job.notBefore = input.now.mono + retryDelayMs(state.timing.scriptRetryDelayMs, job.retryNum);
    return;
  }
  if (input.signal !== 0 || input.exitCode !== 0) {
    emitEvent(sink, batch, 'warning', '-script-error', null, `${job.argv[0]} ${input.signal} ${input.exitCode}`);
  }
  removeJob(state, job);
}
