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

const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // 1970-01-01 was a Thursday
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * ctime(3) without the newline, in UTC (the pure core knows no time zone), computed from the
 * injected wall time with the proleptic Gregorian civil-from-days arithmetic (no Date object).
 */
export function formatCtimeUtc(wallMs: number): string {
  const secs = Math.floor(wallMs / 1000);
  const days = Math.floor(secs / 86_400);
  const sod = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(Math.floor(sod / 3600))}:${two(Math.floor((sod % 3600) / 60))}:${two(sod % 60)}`;
  return `${DAYS[((days % 7) + 7) % 7]} ${MONTHS[month - 1]} ${String(day).padStart(2, ' ')} ${time} ${year}`;
}
