/**
 * The decimal integer of a RESP header (`*<n>`, `$<n>`, `:<n>`): digits with an optional leading
 * '-', at most 20 characters, read from text[start, end) without slicing a string. Shared by the
 * request reader and the reply reader; null when malformed.
 */
const MINUS = 45;

export function parseInteger(text: string, start: number, end: number): number | null {
  if (start >= end || end - start > 20) return null;
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative && ++i === end) return null;
  let value = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}
