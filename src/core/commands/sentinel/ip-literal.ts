/**
 * Decides whether a string is an IP literal and how Redis would print it. Redis asks
 * getaddrinfo(AI_NUMERICHOST) and prints the result with inet_ntop, so with glibc the accepted
 * IPv4 forms are inet_aton's (1 to 4 parts, decimal, 0-octal, 0x-hex: `127.1`, `0x7f.0.0.1`) and
 * IPv6 is printed in RFC 5952 style with glibc's IPv4-compatible/-mapped tails.
 * Scoped IPv6 (`fe80::1%eth0`) is rejected: the core cannot know which interfaces exist.
 * Never resolves names: that is the runtime's job.
 */

/** The normalized form of an IP literal, or null if `text` is not one. */
export function normalizeIpLiteral(text: string): string | null {
  if (text.includes(':')) return normalizeIpv6(text);
  const v4 = parseInetAton(text);
  return v4 === null ? null : formatIpv4(v4);
}

/** A plausible DNS name (letters, digits, `-`, `_`, dot-separated labels of 1-63 chars). */
export function looksLikeHostname(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => /^[A-Za-z0-9_-]{1,63}$/.test(label));
}

const IPV4_PART_LIMITS: readonly (readonly number[])[] = [
  [0xffffffff],
  [0xff, 0xffffff],
  [0xff, 0xff, 0xffff],
  [0xff, 0xff, 0xff, 0xff],
];

/** inet_aton without trailing garbage: returns the address as an unsigned 32-bit number. */
function parseInetAton(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const limits = IPV4_PART_LIMITS[parts.length - 1]!;
  let value = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parseAtonPart(parts[i]!);
    if (part === null || part > limits[i]!) return null;
    // Leading parts are single bytes from the top; the last part fills the remaining bytes.
    value += i === parts.length - 1 ? part : part * 2 ** (8 * (3 - i));
  }
  return value;
}

/** One inet_aton part: `0x` hex (at least one digit), `0` octal, or decimal. */
function parseAtonPart(part: string): number | null {
  const hex = /^0[xX]([0-9a-fA-F]+)$/.exec(part);
  const [digits, radix] = hex !== null ? [hex[1]!, 16] : /^0[0-7]*$/.test(part) ? [part, 8] : [part, 10];
  if (radix === 10 && !/^[1-9][0-9]*$/.test(digits)) return null;
  const significant = digits.replace(/^0+(?=.)/, '');
  // More than 11 significant digits is past 32 bits in every radix: out of range, as in C.
  return significant.length > 11 ? Number.MAX_SAFE_INTEGER : parseInt(significant, radix);
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** inet_pton(AF_INET6) then inet_ntop. */
function normalizeIpv6(text: string): string | null {
  const words = parseIpv6(text);
  return words === null ? null : formatIpv6(words);
}

function parseIpv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseIpv6Groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]!, true) : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** Colon-separated hex groups; the last may be a dotted quad when `tailAllowed`. */
function parseIpv6Groups(text: string, tailAllowed: boolean): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (tailAllowed && i === groups.length - 1 && group.includes('.')) {
      const quad = parseStrictQuad(group);
      if (quad === null) return null;
      words.push(quad[0]! * 256 + quad[1]!, quad[2]! * 256 + quad[3]!);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      words.push(parseInt(group, 16));
    } else {
      return null;
    }
  }
  return words;
}

/** inet_pton's dotted quad: exactly four decimal parts, no leading zeros, each at most 255. */
function parseStrictQuad(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : 256));
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** RFC 5952 text as glibc prints it, including `::a.b.c.d` and `::ffff:a.b.c.d` tails. */
function formatIpv6(words: readonly number[]): string {
  const run = longestZeroRun(words);
  const inRun = (i: number): boolean => run.start >= 0 && i >= run.start && i < run.start + run.length;
  const v4Tail = run.start === 0 && (run.length === 6 || (run.length === 5 && words[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (inRun(i)) {
      if (i === run.start) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (v4Tail && i === 6) {
      return out + `${words[6]! >> 8}.${words[6]! & 0xff}.${words[7]! >> 8}.${words[7]! & 0xff}`;
    }
    out += words[i]!.toString(16);
  }
  return inRun(7) ? out + ':' : out;
}

/** The first longest run of at least two zero words, or start -1. */
function longestZeroRun(words: readonly number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && words[i] === 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start > best.length && i - start >= 2) best = { start, length: i - start };
    start = -1;
  }
  return best;
}
