/**
 * The script limits of Redis Sentinel 7.0.15 (§16). Named values only: the queue and the
 * scheduler read them from here. The runtime and retry delay live in `state.timing`, because
 * SENTINEL DEBUG can change them.
 */

/** Jobs kept (running ones included); the oldest non-running job is dropped beyond it. */
export const SCRIPT_MAX_QUEUE = 256;
/** Children running at once. */
export const SCRIPT_MAX_RUNNING = 16;
/** Attempts per job: a job that failed its 10th attempt is dropped with `-script-error`. */
export const SCRIPT_MAX_RETRY = 10;
/** Arguments per job, the path included (Redis asserts it). */
export const SCRIPT_MAX_ARGS = 16;
/** The "signal" Redis reports for a fork failure in `-script-error <path> 99 0`. */
export const SPAWN_FAILURE_SIGNAL = 99;
/** The exit code of a child whose execve failed (`_exit(2)`, never retried). */
export const EXEC_FAILURE_EXIT_CODE = 2;

/** Delay before the next attempt after attempt `retryNum` failed: base × 2^(retryNum − 1). */
export function retryDelayMs(baseMs: number, retryNum: number): number {
  let delay = baseMs;
  for (let n = retryNum; n > 1; n--) delay *= 2;
  return delay;
}
