/**
 * The election's timers, as named values. Rules:
 *  1. election timeout: a candidate not elected gives up after min(election-timeout (10 s by
 *     default), failover-timeout);
 *  2. start desync: an attempt's start time is pushed 0-999 ms into the future (from a random
 *     number the caller draws), so sentinels that see ODOWN together do not all ask at once;
 *  3. retry back-off: a sentinel does not start another attempt on the same master within
 *     2 x failover-timeout of its last start time (also pushed forward when it votes for
 *     someone else).
 */

export const MAX_DESYNC_MS = 1000;
export const DEFAULT_ELECTION_TIMEOUT_MS = 10_000;

/** Rule 1. */
export function electionTimeoutMs(failoverTimeoutMs: number, configuredMs: number = DEFAULT_ELECTION_TIMEOUT_MS): number {
  return Math.min(configuredMs, failoverTimeoutMs);
}

/** Rule 1: whether an attempt that started at `startMs` has run out of time at `nowMs`. */
export function electionTimedOut(nowMs: number, startMs: number, failoverTimeoutMs: number, configuredMs?: number): boolean {
  return nowMs - startMs > electionTimeoutMs(failoverTimeoutMs, configuredMs);
}

/** Rule 2: `random` is any non-negative integer (e.g. a u32); its remainder is the delay. */
export function desyncMs(random: number): number {
  return Math.abs(Math.trunc(random)) % MAX_DESYNC_MS;
}

/** Rule 3. */
export function retryBackoffMs(failoverTimeoutMs: number): number {
  return 2 * failoverTimeoutMs;
}

/** Rule 3: whether a new attempt may start at `nowMs`. */
export function mayStartAttempt(nowMs: number, lastStartMs: number, failoverTimeoutMs: number): boolean {
  return nowMs - lastStartMs >= retryBackoffMs(failoverTimeoutMs);
}
