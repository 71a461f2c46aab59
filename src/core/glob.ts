/**
 * Redis's glob matching (stringmatchlen), used by PSUBSCRIBE, SENTINEL RESET, SENTINEL CONFIG
 * GET, ACL channel patterns and COMMAND LIST FILTERBY PATTERN, with its quirks kept:
 *  1. An empty subject matches only the empty pattern (`*` does not match "").
 *  2. `[a-]` is a range from `a` to `]`: a `-` after the first class character always makes a
 *     range, even when the closing bracket is its end; the class then goes on to the next `]`.
 *  3. A class with no closing bracket ends with the pattern; `[]` is an empty class that
 *     matches nothing, `[^]` one that matches anything.
 *  4. `\x` escapes `x` inside and outside classes; a trailing `\` is a literal backslash.
 *     Escaped class characters compare case-sensitively even when matching without case.
 *  5. `nocase` folds ASCII letters only (C's tolower in the C locale).
 * Iterative, backtracking only to the last `*`, so a hostile pattern costs O(p*s).
 */

/** One pattern element: how far it reaches in the pattern and whether it accepts `ch`. */
interface Step {
  readonly next: number;
  readonly matched: boolean;
}

export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  if (subject.length === 0) return pattern.length === 0;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < subject.length) {
    if (pi < pattern.length && pattern[pi] === '*') {
      while (pi < pattern.length && pattern[pi] === '*') pi++;
      if (pi === pattern.length) return true;
      starP = pi;
      starS = si;
      continue;
    }
    if (pi < pattern.length) {
      const step = matchElement(pattern, pi, subject[si]!, nocase);
      if (step.matched) {
        pi = step.next;
        si++;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < pattern.length && pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** Matches the element starting at pattern[pi] (never `*`) against one subject character. */
function matchElement(p: string, pi: number, ch: string, nocase: boolean): Step {
  const c = p[pi]!;
  if (c === '?') return { next: pi + 1, matched: true };
  if (c === '[') return matchClass(p, pi + 1, ch, nocase);
  const literalAt = c === '\\' && pi + 1 < p.length ? pi + 1 : pi;
  return { next: literalAt + 1, matched: sameChar(p[literalAt]!, ch, nocase) };
}

/** A character class whose body starts at p[start]; `next` is just past its closing bracket. */
function matchClass(p: string, start: number, ch: string, nocase: boolean): Step {
  let i = start;
  const negate = p[i] === '^';
  if (negate) i++;
  let matched = false;
  while (i < p.length && p[i] !== ']') {
    const left = p.length - i;
    if (p[i] === '\\' && left >= 2) {
      i++;
      if (p[i] === ch) matched = true;
    } else if (left >= 3 && p[i + 1] === '-') {
      if (inRange(p[i]!, p[i + 2]!, ch, nocase)) matched = true;
      i += 2;
    } else if (sameChar(p[i]!, ch, nocase)) {
      matched = true;
    }
    i++;
  }
  return { next: Math.min(i + 1, p.length), matched: negate ? !matched : matched };
}

function inRange(a: string, b: string, ch: string, nocase: boolean): boolean {
  let lo = fold(a, nocase);
  let hi = fold(b, nocase);
  if (lo > hi) [lo, hi] = [hi, lo];
  const c = fold(ch, nocase);
  return c >= lo && c <= hi;
}

function sameChar(a: string, b: string, nocase: boolean): boolean {
  return fold(a, nocase) === fold(b, nocase);
}

function fold(c: string, nocase: boolean): number {
  const code = c.charCodeAt(0);
  return nocase && code >= 65 && code <= 90 ? code + 32 : code;
}
