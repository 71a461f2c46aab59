/**
 * Redis's glob matching (`*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes), used by PSUBSCRIBE,
 * SENTINEL RESET, SENTINEL CONFIG GET, CLIENT/ACL patterns and COMMAND LIST FILTERBY PATTERN.
 * Iterative with backtracking on the last star, so a hostile pattern costs O(p*s), not
 * exponential time.
 */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  const p = nocase ? pattern.toLowerCase() : pattern;
  const s = nocase ? subject.toLowerCase() : subject;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < p.length) {
      const c = p[pi]!;
      if (c === '*') {
        while (pi < p.length && p[pi] === '*') pi++;
        if (pi === p.length) return true;
        starP = pi;
        starS = si;
        continue;
      }
      if (c === '?') {
        pi++;
        si++;
        continue;
      }
      if (c === '[') {
        const cls = matchClass(p, pi, s[si]!);
        if (cls.matched) {
          pi = cls.next;
          si++;
          continue;
        }
      } else if (c === '\\' && pi + 1 < p.length) {
        if (p[pi + 1] === s[si]) {
          pi += 2;
          si++;
          continue;
        }
      } else if (c === s[si]) {
        pi++;
        si++;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP;
    starS++;
    si = starS;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Matches one character against the class starting at p[start] === '['. */
function matchClass(p: string, start: number, ch: string): { matched: boolean; next: number } {
  let i = start + 1;
  const negate = p[i] === '^';
  if (negate) i++;
  let matched = false;
  for (;;) {
    if (i >= p.length) {
      // Unterminated class: Redis treats the end of pattern as closing it.
      break;
    }
    const c = p[i]!;
    if (c === ']') break;
    if (c === '\\' && i + 1 < p.length) {
      i++;
      if (p[i] === ch) matched = true;
    } else if (i + 2 < p.length && p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      let lo = c;
      let hi = p[i + 2]!;
      if (lo > hi) [lo, hi] = [hi, lo];
      if (ch >= lo && ch <= hi) matched = true;
      i += 2;
    } else if (c === ch) {
      matched = true;
    }
    i++;
  }
  if (negate) matched = !matched;
  return { matched, next: i < p.length ? i + 1 : i };
}
