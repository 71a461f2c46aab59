/**
 * The commands a command connection is waiting on, in the order they were sent. Replies on one
 * connection come back in that order (the link adapter enforces it), so a ring buffer is enough:
 * `take` matches the reply's tag against the oldest entry. Entries older than the tag (their
 * reply can no longer come) are dropped on the way.
 *
 * Why not a Map by tag: with one to three commands in flight, a Map reallocates its table every
 * few commands as it grows and shrinks; those tables outlive the young generation and were a
 * large share of vigil's idle memory growth per monitored master (bench/idle.sh). The ring keeps
 * its arrays and only grows (doubling) when more commands are in flight than ever before.
 */
import type { PendingCommand } from '../state.js';

export interface AwaitQueue {
  tags: number[];
  pending: (PendingCommand | null)[];
  head: number;
  size: number;
}

const INITIAL_CAPACITY = 4;

export function newAwaitQueue(): AwaitQueue {
  return { tags: new Array<number>(INITIAL_CAPACITY).fill(0), pending: new Array<PendingCommand | null>(INITIAL_CAPACITY).fill(null), head: 0, size: 0 };
}

export function pushAwaiting(q: AwaitQueue, tag: number, pending: PendingCommand): void {
  if (q.size === q.tags.length) grow(q);
  const at = (q.head + q.size) % q.tags.length;
  q.tags[at] = tag;
  q.pending[at] = pending;
  q.size++;
}

/** The command `tag` answers, removed from the queue; undefined if it is not awaited. */
export function takeAwaiting(q: AwaitQueue, tag: number): PendingCommand | undefined {
  while (q.size > 0) {
    const headTag = q.tags[q.head]!;
    if (headTag > tag) return undefined;
    const pending = q.pending[q.head]!;
    q.pending[q.head] = null;
    q.head = (q.head + 1) % q.tags.length;
    q.size--;
    if (headTag === tag) return pending ?? undefined;
  }
  return undefined;
}

function grow(q: AwaitQueue): void {
  const capacity = q.tags.length * 2;
  const tags = new Array<number>(capacity).fill(0);
  const pending = new Array<PendingCommand | null>(capacity).fill(null);
  for (let i = 0; i < q.size; i++) {
    const from = (q.head + i) % q.tags.length;
    tags[i] = q.tags[from]!;
    pending[i] = q.pending[from]!;
  }
  q.tags = tags;
  q.pending = pending;
  q.head = 0;
}
