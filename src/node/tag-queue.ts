/**
 * The FIFO of tags a command link waits replies for. Redis answers in order, so the head tag
 * names the next reply. Bounded by its owner (links.ts checks `length` before `push`). A ring
 * buffer that only grows (doubling, to the longest pipeline seen): push and shift are O(1) and
 * allocate nothing in the steady state of one or two commands in flight, which is every link's
 * life while nothing happens.
 */
export class TagQueue {
  private items: number[] = new Array<number>(4).fill(0);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(tag: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = tag;
    this.count++;
  }

  /** The oldest tag, removed; undefined when nothing is pending. */
  shift(): number | undefined {
    if (this.count === 0) return undefined;
    const tag = this.items[this.head]!;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return tag;
  }

  /** Doubles the ring, unrolling it so the oldest tag comes first. */
  private grow(): void {
    const bigger = new Array<number>(this.items.length * 2).fill(0);
    for (let i = 0; i < this.count; i++) bigger[i] = this.items[(this.head + i) % this.items.length]!;
    this.items = bigger;
    this.head = 0;
  }
}
