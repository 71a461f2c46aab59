import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCtimeUtc } from '../../src/core/time.js';

describe('formatCtimeUtc', () => {
  it('prints ctime(3) in UTC', () => {
    expect(formatCtimeUtc(0)).toBe('Thu Jan  1 00:00:00 1970');
    expect(formatCtimeUtc(Date.UTC(2026, 10, 22, 5, 13, 52))).toBe('Sun Nov 22 05:13:52 2026');
    expect(formatCtimeUtc(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('Thu Feb 29 23:59:59 2024');
  });

  it('agrees with Date for any time (property)', () => {
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const d = new Date(ms);
        const two = (n: number): string => String(n).padStart(2, '0');
        const want = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
        expect(formatCtimeUtc(ms)).toBe(want);
      }),
    );
  });
});
