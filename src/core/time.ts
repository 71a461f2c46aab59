/**
 * Time as the core sees it: every input carries both clocks, read once by the runtime.
 * `mono` (monotonic ms) measures ages and timeouts; `wall` (Unix ms) is only for display and
 * for TILT's backward-clock check. The core never reads a clock itself.
 */
export interface Now {
  readonly mono: number;
  readonly wall: number;
}

/** Age in ms of a monotonic timestamp, as Redis prints it (0 timestamp means "never"). */
export function ageMs(now: Now, thenMono: number): number {
  return Math.max(0, Math.floor(now.mono - thenMono));
}
