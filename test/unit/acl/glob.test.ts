/**
 * Redis glob matching (src/core/glob.ts), used for PSUBSCRIBE patterns and ACL channel rules.
 * The table was captured from redis-server 7.0.15 (PSUBSCRIBE <pattern>, PUBLISH <subject>,
 * delivered or not). The property compares glob.ts with a plain recursive reading of Redis's
 * stringmatchlen on random patterns over the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/core/glob.js';

/** [pattern, channel, delivered by Redis]. */
const CAPTURED: readonly (readonly [string, string, boolean])[] = [
  ["*", "", false],
  ["", "", true],
  ["a*", "", false],
  ["?*", "", false],
  ["[^", "x", true],
  ["[a-]b", "]b", false],
  ["[a-]b", "b", true],
  ["[a-]b]", "b]", false],
  ["[a-]b]", "-b", false],
  ["[", "x", false],
  ["[a", "a", true],
  ["a\\", "a\\", true],
  ["a\\", "a", false],
  ["[\\]]", "]", true],
  ["[]a]", "]", false],
  ["[]a]", "a", false],
  ["[z-a]", "m", true],
  ["[!a]", "b", false],
  ["\\*", "*", true],
  ["\\*", "x", false],
  ["*\\", "a\\", true],
  ["?", "", false],
  ["[]", "x", false],
  ["[]]", "]", false],
  ["[^]", "x", true],
  ["[^]]", "x", false],
  ["[-+]sdown", "+sdown", true],
  ["[-+]sdown", "-sdown", true],
  ["*a*b*", "xaxxbx", true],
  ["*a*b", "xaxxbx", false],
  ["a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaa", false],
  ["", "AaA", false],
  ["", "", true],
  ["", "xx", false],
  ["", "-x", false],
  ["", "", true],
  ["", "", true],
  ["", "", true],
  ["", "-A[", false],
  ["", "x-", false],
  ["", "AaAx", false],
  ["", "-A[-", false],
  ["", "", true],
  ["", "", true],
  ["", "ax[A", false],
  ["", "AA-[", false],
  ["", "AAx", false],
  ["", "Axa", false],
  ["", "-x[a", false],
  ["", "", true],
  ["", "ax[x", false],
  ["", "", true],
  ["", "", true],
  ["", "A^", false],
  ["", "[[x-", false],
  ["", "a", false],
  ["", "A[", false],
  ["", "", true],
  ["", "A-x", false],
  ["", "A--A", false],
  ["", "", true],
  ["", "", true],
  ["", "-x", false],
  ["", "", true],
  ["", "", true],
  ["", "", true],
  ["", "A", false],
  ["", "[-", false],
  ["", "", true],
  ["", "[x", false],
  ["", "-", false],
  ["", "-", false],
  ["", "aA-", false],
  ["", "-", false],
  ["", "", true],
  ["", "", true],
  ["", "", true],
  ["", "[", false],
  ["", "", true],
  ["", "aA", false],
  ["", "", true],
  ["", "AaxA", false],
  ["", "-", false],
  ["", "[a[-", false],
  ["", "", true],
  ["", "", true],
  ["", "-[ax", false],
  ["", "xx[", false],
  ["", "Ax[a", false],
  ["", "--xx", false],
  ["", "x-[x", false],
  ["", "a", false],
  ["", "[xaa", false],
  ["", "", true],
  ["", "axA", false],
  ["", "xAaA", false],
  ["", "-[xx", false],
  ["", "", true],
  ["", "aAA", false],
  ["", "A[", false],
  ["", "", true],
];

const lower = (c: string): string => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);
const eq = (a: string, b: string, nocase: boolean): boolean => (nocase ? lower(a) === lower(b) : a === b);

/** A direct recursive reading of stringmatchlen: exponential, fine for short inputs. */
function reference(p: string, s: string, nocase: boolean): boolean {
  if (s === '') return p === '';
  return step(p, 0, s, 0, nocase);
}

function step(p: string, pi: number, s: string, si: number, nocase: boolean): boolean {
  if (si === s.length) {
    while (p[pi] === '*') pi++;
    return pi === p.length;
  }
  if (pi === p.length) return false;
  const c = p[pi]!;
  if (c === '*') {
    for (let k = si; k <= s.length; k++) if (step(p, pi + 1, s, k, nocase)) return true;
    return false;
  }
  if (c === '?') return step(p, pi + 1, s, si + 1, nocase);
  if (c === '[') {
    let i = pi + 1;
    const not = p[i] === '^';
    if (not) i++;
    let match = false;
    for (;;) {
      if (p[i] === '\\' && p.length - i >= 2) {
        i++;
        if (p[i] === s[si]) match = true;
      } else if (p[i] === ']') {
        break;
      } else if (i >= p.length) {
        i--;
        break;
      } else if (p.length - i >= 3 && p[i + 1] === '-') {
        let [a, b] = [lower2(p[i]!, nocase), lower2(p[i + 2]!, nocase)];
        if (a > b) [a, b] = [b, a];
        const x = lower2(s[si]!, nocase);
        if (x >= a && x <= b) match = true;
        i += 2;
      } else if (eq(p[i]!, s[si]!, nocase)) {
        match = true;
      }
      i++;
    }
    if (not) match = !match;
    return match && step(p, i + 1, s, si + 1, nocase);
  }
  const at = c === '\\' && p.length - pi >= 2 ? pi + 1 : pi;
  return eq(p[at]!, s[si]!, nocase) && step(p, at + 1, s, si + 1, nocase);
}

function lower2(c: string, nocase: boolean): number {
  return (nocase ? lower(c) : c).charCodeAt(0);
}

describe('globMatch', () => {
  it.each(CAPTURED)('%j against %j: %s (redis-server 7.0.15)', (pattern, subject, matched) => {
    expect(globMatch(pattern, subject)).toBe(matched);
    expect(reference(pattern, subject, false)).toBe(matched);
  });

  it('agrees with the recursive reading of stringmatchlen on random patterns, with and without case', () => {
    const chars = fc.constantFrom('a', 'b', 'A', 'B', '*', '?', '[', ']', '^', '-', '\\', 'x');
    const text = (max: number): fc.Arbitrary<string> => fc.array(chars, { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(text(9), text(6), fc.boolean(), (pattern, subject, nocase) => {
        expect(globMatch(pattern, subject, nocase)).toBe(reference(pattern, subject, nocase));
      }),
      { numRuns: 20_000 },
    );
  });

  it('folds ASCII letters only when matching without case', () => {
    expect(globMatch('CLIENT*', 'client|list', true)).toBe(true);
    expect(globMatch('\u00c9', '\u00e9', true)).toBe(false);
    expect(globMatch('[\\A]', 'a', true)).toBe(false);
  });

  it('stays linear-ish on hostile patterns', () => {
    const started = performance.now();
    expect(globMatch('a*'.repeat(200) + 'b', 'a'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
