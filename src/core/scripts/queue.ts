/**
 * The script queue (§11.1, §11.2): what gets queued, and the bounded list it waits in.
 * Decides: the argv of notification and client-reconfig scripts; that a new job may start at
 * once; that beyond 256 jobs the oldest job not running is dropped. Each job gets a job id,
 * the name under which the runtime reports its child (kept beside the state, since ScriptJob
 * is plain shared data). Never starts anything itself: the scheduler does, on the tick.
 */
import type { MasterRecord, ScriptJob, SentinelState } from '../state.js';
import { SCRIPT_MAX_ARGS, SCRIPT_MAX_QUEUE } from './limits.js';

interface ScriptBook {
  nextJobId: number;
  readonly ids: WeakMap<ScriptJob, number>;
  /** Jobs whose current run already got its `-script-timeout` and SIGKILL. */
  readonly killed: WeakSet<ScriptJob>;
}

const books = new WeakMap<SentinelState, ScriptBook>();

export function bookOf(state: SentinelState): ScriptBook {
  let book = books.get(state);
  if (book === undefined) {
    book = { nextJobId: 1, ids: new WeakMap(), killed: new WeakSet() };
    books.set(state, book);
  }
  return book;
}

/** The job's id (assigned on first use, so jobs built elsewhere, e.g. in tests, get one too). */
export function jobIdOf(state: SentinelState, job: ScriptJob): number {
  const book = bookOf(state);
  let id = book.ids.get(job);
  if (id === undefined) {
    id = book.nextJobId++;
    book.ids.set(job, id);
  }
  return id;
}

export function findJob(state: SentinelState, jobId: number): ScriptJob | null {
  const book = bookOf(state);
  return state.scripts.find((job) => book.ids.get(job) === jobId) ?? null;
}

export function removeJob(state: SentinelState, job: ScriptJob): void {
  const at = state.scripts.indexOf(job);
  if (at >= 0) state.scripts.splice(at, 1);
}

/** sentinelScheduleScriptExecution: append, then drop the oldest non-running job if over. */
export function queueScript(state: SentinelState, argv: readonly string[]): ScriptJob {
  if (argv.length === 0 || argv.length > SCRIPT_MAX_ARGS) throw new Error(`script argv of ${argv.length} entries`);
  const job: ScriptJob = { argv: [...argv], pid: 0, running: false, startTime: 0, retryNum: 0, notBefore: 0 };
  state.scripts.push(job);
  jobIdOf(state, job);
  if (state.scripts.length > SCRIPT_MAX_QUEUE) {
    const oldest = state.scripts.findIndex((j) => !j.running);
    if (oldest >= 0) state.scripts.splice(oldest, 1);
  }
  if (state.scripts.length > SCRIPT_MAX_QUEUE) throw new Error('script queue over its bound');
  return job;
}

/** §5.1: a WARNING event of `master` (or one of its instances) goes to its notification-script. */
export function maybeQueueNotification(state: SentinelState, master: MasterRecord, type: string, message: string): void {
  if (master.notificationScript === null) return;
  queueScript(state, [master.notificationScript, type, message]);
}
