/**
 * The trace: one line per event per node, `t=<ms> <node> <event-type> <payload>`, in the order
 * things happened (world time, which all nodes share). What goes in, and from where:
 * - sentinel events come from each sentinel's own pub/sub (a watcher client PSUBSCRIBEd to
 *   `*`), i.e. exactly what a client of that sentinel sees: the event catalogue's published
 *   levels, the exact message text, independent of loglevel and of the log line format;
 * - data nodes report their role and replication-link changes, crashes and restarts;
 * - the scenario's own steps appear as node `sim`, so a golden file reads as a story.
 * Log lines are kept per node in a bounded ring for failure reports, never in the trace.
 */

export interface TraceLine {
  readonly t: number;
  readonly node: string;
  readonly type: string;
  readonly payload: string;
}

export const MAX_TRACE_LINES = 100_000;
export const MAX_LOG_LINES_PER_NODE = 2_000;

export class Trace {
  readonly lines: TraceLine[] = [];
  /** Also log every link action and link input of the sentinels (debugging; off by default). */
  wire = false;
  private readonly logs = new Map<string, string[]>();
  private readonly listeners: ((line: TraceLine) => void)[] = [];

  add(t: number, node: string, type: string, payload: string): void {
    if (this.lines.length >= MAX_TRACE_LINES) throw new Error(`trace over ${MAX_TRACE_LINES} lines`);
    const line = { t, node, type, payload };
    this.lines.push(line);
    for (const listener of this.listeners) listener(line);
  }

  onLine(listener: (line: TraceLine) => void): void {
    this.listeners.push(listener);
  }

  log(t: number, node: string, text: string): void {
    let ring = this.logs.get(node);
    if (ring === undefined) this.logs.set(node, (ring = []));
    ring.push(`t=${t} ${text}`);
    if (ring.length > MAX_LOG_LINES_PER_NODE) ring.shift();
  }

  logsOf(node: string): readonly string[] {
    return this.logs.get(node) ?? [];
  }

  render(): string {
    return this.lines.map(formatLine).join('\n') + (this.lines.length > 0 ? '\n' : '');
  }
}

export function formatLine(line: TraceLine): string {
  return `t=${line.t} ${line.node} ${line.type}${line.payload === '' ? '' : ' ' + line.payload}`;
}
