/**
 * RESP3 reply types that Reply has no variant for (sets, verbatim strings, doubles), built as
 * `raw` replies with both encodings, exactly as Redis 7.0 downgrades them for RESP2 clients:
 * a set becomes an array, a verbatim string a bulk string, a double a bulk string.
 */
import { encodeReply } from '../../../resp/encode.js';
import type { Reply } from '../../../resp/values.js';

function aggregate(prefix: string, items: readonly Reply[], proto: 2 | 3): string {
  return prefix + items.length + '\r\n' + items.map((item) => encodeReply(item, proto)).join('');
}

/** A set (`~` in RESP3, `*` in RESP2). */
export function setOf(items: readonly Reply[]): Reply {
  return { t: 'raw', v2: aggregate('*', items, 2), v3: aggregate('~', items, 3) };
}

/** A verbatim string of format `txt` (CLIENT LIST, CLIENT INFO). */
export function verbatimText(text: string): Reply {
  return { t: 'raw', v2: `$${text.length}\r\n${text}\r\n`, v3: `=${text.length + 4}\r\ntxt:${text}\r\n` };
}

/** A double, printed like C's `%.17g` (Redis 7.0's addReplyDouble). */
export function double(value: number): Reply {
  const text = formatG17(value);
  return { t: 'raw', v2: `$${text.length}\r\n${text}\r\n`, v3: `,${text}\r\n` };
}

/** C `%.17g`: 17 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e17. */
export function formatG17(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 17) {
    const [mantissa = '', exp = ''] = value.toExponential(16).split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(value.toPrecision(17));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Redis's help reply: one status line per entry, in both protocols. */
export function helpReply(lines: readonly string[]): Reply {
  return { t: 'array', v: lines.map((v) => ({ t: 'simple', v })) };
}
