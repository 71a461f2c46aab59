/**
 * Parses RESP2 *replies* (what a Redis node or a peer sentinel sends back on an outgoing link)
 * incrementally from socket chunks into `Reply` values. It keeps the wire type exactly: a status
 * `+PONG` and a bulk `$4 PONG` are different values, because the core must accept only a status
 * or an error as a PING reply, as Sentinel does.
 *
 * Everything is bounded (bulk length, elements per array, nesting depth, line length, bytes of
 * one reply including what still waits for its end). A violation, a RESP3-only type or any
 * malformed header is a protocol error: the reader returns what it framed before it and refuses
 * everything after, and the link owner closes the connection. It never throws on input.
 *
 * Like the request reader, each chunk is decoded to latin1 once (one JS char per byte), a bulk
 * still arriving is only collected, not re-parsed, and a partly received array is kept as a
 * stack of open frames rather than re-parsed from its start: linear time in bytes received.
 */
import type { Reply } from './values.js';

export interface ReplyLimits {
  /** Largest bulk string payload accepted. */
  readonly maxBulkLength: number;
  /** Largest element count of one array. */
  readonly maxArrayLength: number;
  /** Deepest nesting of arrays (a flat array is depth 1). */
  readonly maxDepth: number;
  /** Bytes of one top-level reply, counting the part still being received. */
  readonly maxReplyBytes: number;
  /** Longest header or status/error/integer line, without its CRLF. */
  readonly maxLineLength: number;
}

/**
 * Sized for what a sentinel receives: INFO of a master with thousands of replicas is a few MB
 * at most; EXEC of the reconfiguration transaction nests two levels; peers' replies are tiny.
 */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  maxBulkLength: 16 * 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxDepth: 16,
  maxReplyBytes: 32 * 1024 * 1024,
  maxLineLength: 64 * 1024,
};

export type ReplyReadResult =
  | { readonly kind: 'replies'; readonly replies: Reply[] }
  | { readonly kind: 'protocol-error'; readonly replies: Reply[]; readonly message: string };

/** An array whose elements are still arriving. */
interface OpenArray {
  readonly items: Reply[];
  readonly size: number;
}

/** One element read: where it ended and its value (none for an array header that opened a frame). */
type Step = { readonly end: number; readonly value: Reply | null } | string | null;

const CR = 13;
const LF = 10;
const MINUS = 45;

export class ReplyReader {
  /** Unconsumed bytes (part of one element), as chunks not yet joined. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes needed before parsing can make progress (a bulk payload still arriving). */
  private needBytes = 0;
  /** Arrays opened and not yet complete, outermost first. */
  private readonly open: OpenArray[] = [];
  /** Bytes consumed so far by the top-level reply in progress. */
  private replyBytes = 0;
  /** Set once a protocol error was seen: the stream has no trustworthy framing after it. */
  private failure: string | null = null;

  constructor(private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  /** Bytes held for the reply in progress (consumed into open arrays, or waiting). */
  get bufferedBytes(): number {
    return this.replyBytes + this.pendingBytes;
  }

  feed(chunk: Buffer): ReplyReadResult {
    const replies: Reply[] = [];
    if (this.failure !== null) return { kind: 'protocol-error', replies, message: this.failure };
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needBytes) return this.checkSize(replies);

    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const text = bytes.toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    this.needBytes = 0;

    let pos = 0;
    while (pos < text.length) {
      const step = this.readElement(text, pos);
      if (typeof step === 'string') return this.fail(step, replies);
      if (step === null) break;
      this.replyBytes += step.end - pos;
      pos = step.end;
      if (step.value !== null) this.complete(step.value, replies);
    }
    if (pos < text.length) {
      const rest = bytes.subarray(pos);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return this.checkSize(replies);
  }

  private checkSize(replies: Reply[]): ReplyReadResult {
    if (this.bufferedBytes > this.limits.maxReplyBytes) return this.fail('reply too large', replies);
    return { kind: 'replies', replies };
  }

  private fail(message: string, replies: Reply[]): ReplyReadResult {
    this.failure = message;
    this.pending = [];
    this.pendingBytes = 0;
    this.needBytes = 0;
    this.open.length = 0;
    this.replyBytes = 0;
    return { kind: 'protocol-error', replies, message };
  }

  /** Hands a finished value to its array, closing every array it completes, or emits it. */
  private complete(value: Reply, replies: Reply[]): void {
    let done = value;
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) {
        replies.push(done);
        this.replyBytes = 0;
        return;
      }
      top.items.push(done);
      if (top.items.length < top.size) return;
      this.open.pop();
      done = { t: 'array', v: top.items };
    }
  }

  /** Reads one element starting at `pos`: a value, an array header, null (incomplete) or an error text. */
  private readElement(text: string, pos: number): Step {
    const eol = findCrlf(text, pos, this.limits.maxLineLength + 1);
    // + 2: the type byte, and a CR whose LF has not arrived yet.
    if (eol < 0) return text.length - pos > this.limits.maxLineLength + 2 ? 'line too long' : null;
    const type = text[pos];
    const end = eol + 2;
    switch (type) {
      case '+':
        return { end, value: { t: 'simple', v: text.slice(pos + 1, eol) } };
      case '-':
        return { end, value: { t: 'error', v: text.slice(pos + 1, eol) } };
      case ':': {
        const n = parseInteger(text, pos + 1, eol);
        return n === null ? 'invalid integer' : { end, value: { t: 'int', v: n } };
      }
      case '$':
        return this.readBulk(text, pos, eol);
      case '*':
        return this.readArrayHeader(text, pos, eol);
      default:
        return `unexpected reply type byte ${JSON.stringify(type)}`;
    }
  }

  private readBulk(text: string, pos: number, eol: number): Step {
    const len = parseInteger(text, pos + 1, eol);
    if (len === null || len < -1) return 'invalid bulk length';
    if (len === -1) return { end: eol + 2, value: { t: 'nullbulk' } };
    if (len > this.limits.maxBulkLength) return 'bulk string too long';
    const dataStart = eol + 2;
    const dataEnd = dataStart + len;
    // Refuse up front a reply that could never fit, instead of buffering up to the limit.
    if (this.replyBytes + (dataEnd + 2 - pos) > this.limits.maxReplyBytes) return 'reply too large';
    if (dataEnd + 2 > text.length) {
      this.needBytes = dataEnd + 2 - pos;
      return null;
    }
    if (text.charCodeAt(dataEnd) !== CR || text.charCodeAt(dataEnd + 1) !== LF) return 'bulk string not terminated by CRLF';
    return { end: dataEnd + 2, value: { t: 'bulk', v: text.slice(dataStart, dataEnd) } };
  }

  private readArrayHeader(text: string, pos: number, eol: number): Step {
    const count = parseInteger(text, pos + 1, eol);
    if (count === null || count < -1) return 'invalid multibulk length';
    if (count === -1) return { end: eol + 2, value: { t: 'nullarray' } };
    if (count > this.limits.maxArrayLength) return 'too many array elements';
    if (count === 0) return { end: eol + 2, value: { t: 'array', v: [] } };
    if (this.open.length >= this.limits.maxDepth) return 'arrays nested too deep';
    this.open.push({ items: [], size: count });
    return { end: eol + 2, value: null };
  }
}

/** Index of the CRLF ending the line at `pos`, searching at most `maxLen` chars; -1 if not seen. */
function findCrlf(text: string, pos: number, maxLen: number): number {
  const limit = Math.min(text.length, pos + maxLen + 2);
  const eol = text.indexOf('\r\n', pos);
  return eol >= 0 && eol + 2 <= limit ? eol : -1;
}

/** Parses a decimal integer (optional leading '-') in text[start, end); null if malformed. */
function parseInteger(text: string, start: number, end: number): number | null {
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
