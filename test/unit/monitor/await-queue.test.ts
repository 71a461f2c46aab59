/** The command connection's FIFO of awaited replies (core/monitor/await-queue.ts). */
import { describe, expect, it } from 'vitest';
import { newAwaitQueue, pushAwaiting, takeAwaiting } from '../../../src/core/monitor/await-queue.js';
import { DEFAULT_TIMING, newMaster, type PendingCommand } from '../../../src/core/state.js';

const master = newMaster('m', { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 }, 2, DEFAULT_TIMING, 0);
const cmd = (purpose: PendingCommand['purpose']): PendingCommand => ({ purpose, instance: master, master });

describe('await queue', () => {
  it('hands out replies in order, growing past its first capacity', () => {
    const q = newAwaitQueue();
    const sent = Array.from({ length: 11 }, (_, i) => cmd(i % 2 === 0 ? 'ping' : 'info'));
    sent.forEach((p, i) => pushAwaiting(q, 100 + i, p));
    sent.forEach((p, i) => expect(takeAwaiting(q, 100 + i)).toBe(p));
    expect(takeAwaiting(q, 111)).toBeUndefined();
  });

  it('wraps around without growing while few commands are in flight', () => {
    const q = newAwaitQueue();
    const capacity = q.tags.length;
    for (let tag = 1; tag < 1000; tag += 2) {
      pushAwaiting(q, tag, cmd('ping'));
      pushAwaiting(q, tag + 1, cmd('info'));
      expect(takeAwaiting(q, tag)?.purpose).toBe('ping');
      expect(takeAwaiting(q, tag + 1)?.purpose).toBe('info');
    }
    expect(q.tags.length).toBe(capacity);
  });

  it('ignores a tag it does not hold, and drops older entries that can no longer be answered', () => {
    const q = newAwaitQueue();
    pushAwaiting(q, 5, cmd('ping'));
    pushAwaiting(q, 7, cmd('info'));
    expect(takeAwaiting(q, 3)).toBeUndefined();
    expect(takeAwaiting(q, 7)?.purpose).toBe('info');
    expect(q.size).toBe(0);
  });
});
