/**
 * ACL LOG: the most recent denials (failed AUTH, commands, channels), newest first, at most
 * 128. A denial equal to one of the 10 newest entries (same reason, context, object and user,
 * within 60 s) bumps that entry's count and moves it to the front instead of adding a new one,
 * as Redis 7.0 does.
 */
export type DenialReason = 'command' | 'key' | 'channel' | 'auth';

export interface AclLogEntry {
  count: number;
  readonly reason: DenialReason;
  readonly context: 'toplevel';
  readonly object: string;
  readonly username: string;
  /** Wall-clock ms of the latest occurrence. */
  wallMs: number;
  /** The client's CLIENT LIST line at the latest occurrence. */
  clientInfo: string;
}

export const ACL_LOG_MAX_LEN = 128;
const GROUPING_WINDOW_MS = 60_000;
const GROUPING_SCAN = 10;

export class AclLog {
  /** Newest first. */
  private entries: AclLogEntry[] = [];

  record(entry: Omit<AclLogEntry, 'count' | 'context'>): void {
    const scan = this.entries.slice(0, GROUPING_SCAN);
    const i = scan.findIndex((e) => sameEvent(e, entry));
    if (i >= 0) {
      const match = this.entries.splice(i, 1)[0]!;
      match.count++;
      match.wallMs = entry.wallMs;
      match.clientInfo = entry.clientInfo;
      this.entries.unshift(match);
      return;
    }
    this.entries.unshift({ ...entry, count: 1, context: 'toplevel' });
    if (this.entries.length > ACL_LOG_MAX_LEN) this.entries.length = ACL_LOG_MAX_LEN;
  }

  /** Up to `count` entries, newest first. */
  newest(count: number): readonly AclLogEntry[] {
    return this.entries.slice(0, Math.max(0, count));
  }

  reset(): void {
    this.entries = [];
  }
}

function sameEvent(a: AclLogEntry, b: Omit<AclLogEntry, 'count' | 'context'>): boolean {
  return (
    a.reason === b.reason &&
    a.object === b.object &&
    a.username === b.username &&
    b.wallMs - a.wallMs <= GROUPING_WINDOW_MS
  );
}
