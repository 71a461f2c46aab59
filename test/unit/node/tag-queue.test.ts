import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TagQueue } from '../../../src/node/tag-queue.js';

describe('TagQueue', () => {
  it('behaves as a FIFO for any sequence of pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const q = new TagQueue();
        const model: number[] = [];
        for (const op of ops) {
          if (op === -1) expect(q.shift()).toBe(model.shift());
          else {
            q.push(op);
            model.push(op);
          }
          expect(q.length).toBe(model.length);
        }
      }),
    );
  });
});
