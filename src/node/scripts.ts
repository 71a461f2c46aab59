/**
 * The script port: runs the core's `script-start` actions as child processes and reports each
 * child's fate as script inputs (see io.ts). Decides only how to execute: execve semantics
 * (no shell, argv[0] = path, inherited environment), stdin/stdout/stderr on /dev/null, not
 * detached, and no other descriptor inherited (libuv opens every fd close-on-exec; the
 * integration test checks /proc/self/fd inside a script). Never retries, times out or judges
 * an exit: the core does.
 *
 * Errors Node reports for a failed execve become exit code 2 (Redis's child `_exit(2)`s after
 * a failed execve); any other spawn error is a spawn failure (Redis's fork failure).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { ScriptExitInput, ScriptSpawnFailedInput, ScriptStartedInput } from '../core/io.js';
import type { Unstamped } from './runtime.js';

export type ScriptReport = Unstamped<ScriptStartedInput | ScriptExitInput | ScriptSpawnFailedInput>;

/** errno codes of execve(2): the program could not be run, not the process created. */
const EXEC_ERRORS: ReadonlySet<string> = new Set([
  'ENOENT', 'EACCES', 'ENOEXEC', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'E2BIG', 'EISDIR', 'ETXTBSY', 'EPERM', 'ELIBBAD',
]);
const EXEC_FAILURE_EXIT_CODE = 2;

export class ScriptPort {
  private readonly children = new Map<number, ChildProcess>();

  constructor(private readonly report: (event: ScriptReport) => void) {}

  get running(): number {
    return this.children.size;
  }

  start(jobId: number, argv: readonly string[]): void {
    const [file, ...args] = argv;
    if (file === undefined) return this.failed(jobId, 'EINVAL');
    let child: ChildProcess;
    try {
      child = spawn(file, args, { stdio: 'ignore', shell: false, detached: false, env: process.env });
    } catch (e) {
      return this.failed(jobId, errnoCode(e));
    }
    this.children.set(jobId, child);
    let settled = false;
    const settle = (event: ScriptReport): void => {
      if (settled) return;
      settled = true;
      this.children.delete(jobId);
      this.report(event);
    };
    child.once('spawn', () => {
      if (!settled && child.pid !== undefined) this.report({ kind: 'script-started', jobId, pid: child.pid });
    });
    child.once('error', (e) => {
      // Before 'spawn': the child never ran. After it, only kill() can fail: wait for 'exit'.
      if (child.pid !== undefined) return;
      const code = errnoCode(e);
      if (EXEC_ERRORS.has(code)) settle({ kind: 'script-exit', jobId, exitCode: EXEC_FAILURE_EXIT_CODE, signal: 0 });
      else settle({ kind: 'script-spawn-failed', jobId, reason: code });
    });
    child.once('exit', (code, signal) => {
      const signalNumber = signal === null ? 0 : (constants.signals[signal] ?? 0);
      const pid = child.pid;
      const event: ScriptReport = { kind: 'script-exit', jobId, exitCode: code ?? 0, signal: signalNumber };
      settle(pid === undefined ? event : { ...event, pid });
    });
  }

  /** SIGKILL; the 'exit' that follows is reported as usual. */
  kill(jobId: number): void {
    this.children.get(jobId)?.kill('SIGKILL');
  }

  private failed(jobId: number, reason: string): void {
    // Reported asynchronously, like every other script input, never inside the batch being run.
    queueMicrotask(() => this.report({ kind: 'script-spawn-failed', jobId, reason }));
  }
}

function errnoCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return 'EUNKNOWN';
}
