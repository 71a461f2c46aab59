/**
 * The simulated world: one virtual clock and one event queue ordered by (time, sequence), so
 * events at the same millisecond run in the order they were scheduled. Nothing here touches a
 * real timer. Each event belongs to a node process (or to the world itself, node null): a
 * paused process runs nothing until it resumes (its events wait in a backlog, in order), and a
 * crashed process's pending events are dropped (its incarnation changed). Checkers run after
 * every step. Every queue and loop is bounded.
 */
import { NodeClock } from './clock.js';

export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  /** The process that handles the event; null for the world itself (network, faults). */
  readonly node: string | null;
  readonly incarnation: number;
  readonly label: string;
  readonly run: () => void;
  cancelled: boolean;
}

interface NodeProcess {
  readonly clock: NodeClock;
  incarnation: number;
  paused: boolean;
  /** The automatic resume of the current pause, if it has one. */
  resumeEvent: SimEvent | null;
  readonly backlog: SimEvent[];
}

export type Checker = (world: World, event: SimEvent) => void;

export const MAX_QUEUED_EVENTS = 500_000;
export const MAX_STEPS_PER_RUN = 5_000_000;
const MONO_ORIGIN_STEP_MS = 1_000_000;

export class World {
  private t = 0;
  private seq = 0;
  private readonly heap: SimEvent[] = [];
  private readonly nodes = new Map<string, NodeProcess>();
  private readonly checkers: Checker[] = [];
  steps = 0;

  get now(): number {
    return this.t;
  }

  get queued(): number {
    return this.heap.length;
  }

  /** Registers a process with its own clocks (idempotent: a restart keeps the same clocks). */
  addNode(id: string): NodeClock {
    const existing = this.nodes.get(id);
    if (existing !== undefined) return existing.clock;
    const clock = new NodeClock(this.t, MONO_ORIGIN_STEP_MS * (this.nodes.size + 1));
    this.nodes.set(id, { clock, incarnation: 0, paused: false, resumeEvent: null, backlog: [] });
    return clock;
  }

  clock(id: string): NodeClock {
    return this.process(id).clock;
  }

  addChecker(checker: Checker): void {
    this.checkers.push(checker);
  }

  at(time: number, node: string | null, label: string, run: () => void): SimEvent {
    if (time < this.t) throw new Error(`scheduling in the past: ${time} < ${this.t} (${label})`);
    if (this.heap.length >= MAX_QUEUED_EVENTS) throw new Error(`event queue over ${MAX_QUEUED_EVENTS} (${label})`);
    const incarnation = node === null ? 0 : this.process(node).incarnation;
    const event: SimEvent = { time, seq: this.seq++, node, incarnation, label, run, cancelled: false };
    this.push(event);
    return event;
  }

  after(delayMs: number, node: string | null, label: string, run: () => void): SimEvent {
    return this.at(this.t + Math.max(0, delayMs), node, label, run);
  }

  /** Runs the next event; false when the queue is empty. */
  step(): boolean {
    const event = this.pop();
    if (event === undefined) return false;
    this.t = event.time;
    this.steps++;
    if (event.cancelled) return true;
    const proc = event.node === null ? null : this.process(event.node);
    if (proc !== null && event.incarnation !== proc.incarnation) return true;
    if (proc !== null && proc.paused) {
      proc.backlog.push(event);
      return true;
    }
    event.run();
    for (const check of this.checkers) check(this, event);
    return true;
  }

  /** Runs every event up to and including time `t`, then sets the clock to `t`. */
  runUntil(t: number): void {
    let budget = MAX_STEPS_PER_RUN;
    while (this.heap.length > 0 && this.heap[0]!.time <= t) {
      if (--budget < 0) throw new Error(`more than ${MAX_STEPS_PER_RUN} steps before t=${t}: a livelock?`);
      this.step();
    }
    if (t > this.t) this.t = t;
  }

  runFor(ms: number): void {
    this.runUntil(this.t + ms);
  }

  isPaused(id: string): boolean {
    return this.process(id).paused;
  }

  /**
   * SIGSTOP: the process handles nothing until resumed (automatically after `forMs`, if given).
   * A new pause replaces the automatic resume of an earlier one.
   */
  pause(id: string, forMs?: number): void {
    const proc = this.process(id);
    proc.paused = true;
    if (proc.resumeEvent !== null) proc.resumeEvent.cancelled = true;
    proc.resumeEvent = forMs === undefined ? null : this.after(forMs, null, `resume ${id}`, () => this.resume(id));
  }

  /** SIGCONT: what the process missed runs now, in its original order. */
  resume(id: string): void {
    const proc = this.process(id);
    if (!proc.paused) return;
    proc.paused = false;
    if (proc.resumeEvent !== null) proc.resumeEvent.cancelled = true;
    proc.resumeEvent = null;
    for (const event of proc.backlog.splice(0)) {
      if (!event.cancelled && event.incarnation === proc.incarnation) this.at(this.t, event.node, event.label, event.run);
    }
  }

  /** A crash: the process's pending events (and backlog) will never run. */
  crash(id: string): void {
    const proc = this.process(id);
    proc.incarnation++;
    proc.paused = false;
    if (proc.resumeEvent !== null) proc.resumeEvent.cancelled = true;
    proc.resumeEvent = null;
    proc.backlog.length = 0;
  }

  private process(id: string): NodeProcess {
    const proc = this.nodes.get(id);
    if (proc === undefined) throw new Error(`unknown node ${id}`);
    return proc;
  }

  // A binary min-heap on (time, seq).
  private push(event: SimEvent): void {
    const h = this.heap;
    h.push(event);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
