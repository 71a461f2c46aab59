/**
 * The C number parsers the config loader relies on, with their quirks: string2ll is strict,
 * atoi/strtoull take a numeric prefix and turn garbage into 0, memtoull knows k/kb/m/mb/g/gb.
 * 64-bit values are BigInt here; callers convert to number where the range allows.
 */

const U64 = 1n << 64n;
export const LLONG_MAX = (1n << 63n) - 1n;
export const LLONG_MIN = -(1n << 63n);
export const ULLONG_MAX = U64 - 1n;

/** Redis string2ll: optional '-', no '+', no spaces, no leading zeros, must fit in 64 bits. */
export function string2ll(text: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(text) || text.length > 20) return null;
  const value = BigInt(text);
  return value > LLONG_MAX || value < LLONG_MIN ? null : value;
}

/** C atoi (through strtol, saturating at the int range as glibc's long-to-int path may not). */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (m === null) return 0;
  const n = BigInt(m[1]!);
  if (n > 2147483647n) return 2147483647;
  if (n < -2147483648n) return -2147483648;
  return Number(n);
}

/** C strtoull(text, NULL, 10): numeric prefix, a leading '-' negates modulo 2^64, overflow saturates. */
export function strtoull(text: string): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (m === null) return 0n;
  let n = BigInt(m[2]!);
  if (n > ULLONG_MAX) return ULLONG_MAX;
  if (m[1] === '-') n = (U64 - n) % U64;
  return n;
}

const MEMORY_UNITS: Readonly<Record<string, bigint>> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/** Redis memtoull: digits then an optional unit (case-insensitive); null where Redis flags an error. */
export function memtoull(text: string): bigint | null {
  const m = /^(\d*)(.*)$/s.exec(text)!;
  const mul = MEMORY_UNITS[m[2]!.toLowerCase()];
  if (mul === undefined) return null;
  // strtoull of an empty digit run is 0 without an error, so "kb" alone is 0, as in Redis.
  const digits = m[1] === '' ? 0n : BigInt(m[1]!);
  return ((digits > ULLONG_MAX ? ULLONG_MAX : digits) * mul) % U64;
}

/** Reinterprets an unsigned 64-bit value as signed (what assigning it to a long long does). */
export function toSigned64(value: bigint): bigint {
  return value > LLONG_MAX ? value - U64 : value;
}

/** Reinterprets a signed 64-bit value as unsigned. */
export function toUnsigned64(value: bigint): bigint {
  return value < 0n ? value + U64 : value;
}

/** strtoll(text, &end, 8) with *end == '\0' and no overflow; null otherwise. */
export function parseOctal(text: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]*)$/.exec(text);
  if (m === null) return null;
  // With no digits strtoll leaves end at the start: only the empty string ends there on '\0'.
  if (m[2] === '') return text === '' ? 0n : null;
  const value = BigInt('0o' + m[2]!) * (m[1] === '-' ? -1n : 1n);
  return value > LLONG_MAX || value < LLONG_MIN ? null : value;
}

/** rewriteConfigFormatMemory: the largest of gb/mb/kb that divides exactly, else plain bytes. */
export function formatMemory(bytes: bigint): string {
  const units: readonly [bigint, string][] = [
    [1024n * 1024n * 1024n, 'gb'],
    [1024n * 1024n, 'mb'],
    [1024n, 'kb'],
  ];
  if (bytes !== 0n) {
    for (const [size, suffix] of units) if (bytes % size === 0n) return `${bytes / size}${suffix}`;
  }
  return bytes.toString();
}

/** A %f-then-trim rendering of a double, as Redis prints latency percentiles (99.9, 50). */
export function formatTrimmedDouble(value: number): string {
  const fixed = value.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Redis string2d: a whole-string strtod that rejects empty input, spaces and NaN. */
export function string2d(text: string): number | null {
  if (text === '' || /^\s/.test(text)) return null;
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?)$/i.test(text)) return null;
  const value = Number(text.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return Number.isNaN(value) ? null : value;
}
