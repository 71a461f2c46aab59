/**
 * The FIFO of tags a command link waits replies for. Redis answers in order, so the head tag
 * names the next reply. Bounded by its owner (links.ts checks `length` before `push`); shift is
 * O(1) amortised (a head index, compacted now and then) so a long pipeline costs linear time.
 */
export class TagQueue {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(tag: number): void {
    this.items.push(tag);
  }

  /** The oldest tag, removed; undefined when nothing is pending. */
  shift(): number | undefined {
    if (this.head >= this.items.length) return undefined;
    const tag = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return tag;
  }
}
