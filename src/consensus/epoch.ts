/**
 * Epochs (Sentinel's logical clocks). Decides only one thing: an epoch moves to a larger value
 * seen, never back. Rules:
 *  1. the current epoch adopts any larger epoch seen (hello, vote request) and is bumped by one
 *     when this sentinel starts a failover attempt;
 *  2. a config epoch and a leader epoch likewise only ever grow;
 *  3. a negative or non-integer epoch is never "larger" (Redis would wrap -5 to 2^64-5).
 * Pure: imports nothing, touches nothing.
 */

/** Rule 3: whether `epoch` is a value an epoch may take. */
export function isValidEpoch(epoch: number): boolean {
  return Number.isSafeInteger(epoch) && epoch >= 0;
}

/** Rules 1-3: the epoch after seeing `seen`, and whether it moved. */
export function adoptEpoch(current: number, seen: number): { readonly epoch: number; readonly raised: boolean } {
  if (isValidEpoch(seen) && seen > current) return { epoch: seen, raised: true };
  return { epoch: current, raised: false };
}

/** Rule 1: the epoch of a new failover attempt. */
export function nextAttemptEpoch(current: number): number {
  return current + 1;
}
