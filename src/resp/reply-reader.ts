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
 *
 * It runs for every PING, INFO and hello a sentinel receives, so it allocates little: `read`
 * hands each reply to a callback (no array or result object per read), keeps no reference to
 * the caller's bytes (the link adapter reads every socket into one shared buffer), and returns
 * shared values for the replies that make up an idle sentinel's traffic (`+PONG`, `+OK`, small
 * integers, the `message` and `__sentinel__:hello` bulks of a hello frame). Replies are
 * read-only values, so sharing them is safe.
 */
import { OK, PONG, type Reply } from './values.js';
import { parseInteger } from './parse-integer.js';

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

/** readElement's results besides an end position: more bytes are needed, or a protocol error. */
const INCOMPLETE = -1;
const INVALID = -2;

const CR = 13;
const LF = 10;

/** Integer replies 0..63 (PUBLISH receiver counts, SUBSCRIBE counts) as shared values. */
const SMALL_INTS: readonly Reply[] = Array.from({ length: 64 }, (_, v): Reply => ({ t: 'int', v }));
/** The bulks of a hello frame (`message`, the channel) as shared values. */
const COMMON_BULKS: readonly Reply[] = ['message', '__sentinel__:hello'].map((v): Reply => ({ t: 'bulk', v }));

export class ReplyReader {
  /** Unconsumed text (part of one element), decoded; a copy, never a view of the caller's bytes. */
  private pending = '';
  /** Bytes needed before parsing can make progress (a bulk payload still arriving). */
  private needBytes = 0;
  /** Arrays opened and not yet complete, outermost first. */
  private readonly open: OpenArray[] = [];
  /** Bytes consumed so far by the top-level reply in progress. */
  private replyBytes = 0;
  /** Set once a protocol error was seen: the stream has no trustworthy framing after it. */
  private failure: string | null = null;
  /** What the last readElement produced: its value (null for an array header) or its error text. */
  private value: Reply | null = null;
  private error = '';

  constructor(private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  /** Bytes held for the reply in progress (consumed into open arrays, or waiting). */
  get bufferedBytes(): number {
    return this.replyBytes + this.pending.length;
  }

  /** Reads one chunk and returns the replies it completed (the collecting form of `read`). */
  feed(chunk: Buffer): ReplyReadResult {
    const replies: Reply[] = [];
    const message = this.read(chunk, chunk.length, (reply) => replies.push(reply));
    return message === null ? { kind: 'replies', replies } : { kind: 'protocol-error', replies, message };
  }

  /**
   * Reads `bytes[0, length)` and calls `onReply` for each complete top-level reply, in order.
   * Returns null, or the protocol error (then, and on every later call, nothing more is read).
   * The bytes are not kept: the caller may overwrite them as soon as this returns. `onReply` may
   * not feed this reader again.
   */
  read(bytes: Buffer, length: number, onReply: (reply: Reply) => void): string | null {
    if (this.failure !== null) return this.failure;
    const chunk = bytes.toString('latin1', 0, length);
    if (this.pending.length + length < this.needBytes) {
      this.pending += chunk;
      return this.checkSize();
    }
    const text = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = '';
    this.needBytes = 0;

    let pos = 0;
    while (pos < text.length) {
      const end = this.readElement(text, pos);
      if (end === INVALID) return this.fail(this.error);
      if (end === INCOMPLETE) break;
      this.replyBytes += end - pos;
      pos = end;
      const value = this.value;
      if (value !== null) this.complete(value, onReply);
    }
    // slice() may share the chunk's string; it is our own decoded copy, not the caller's bytes.
    if (pos < text.length) this.pending = pos === 0 ? text : text.slice(pos);
    return this.checkSize();
  }

  private checkSize(): string | null {
    return this.bufferedBytes > this.limits.maxReplyBytes ? this.fail('reply too large') : null;
  }

  private fail(message: string): string {
    this.failure = message;
    this.pending = '';
    this.needBytes = 0;
    this.open.length = 0;
    this.replyBytes = 0;
    this.value = null;
    return message;
  }

  /** Hands a finished value to its array, closing every array it completes, or emits it. */
  private complete(value: Reply, onReply: (reply: Reply) => void): void {
    let done = value;
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) {
        this.replyBytes = 0;
        onReply(done);
        return;
      }
      top.items.push(done);
      if (top.items.length < top.size) return;
      this.open.pop();
      done = { t: 'array', v: top.items };
    }
  }

  /**
   * Reads one element starting at `pos`: returns where it ends (its value, or null for an array
   * header that opened a frame, in `this.value`), INCOMPLETE, or INVALID (the text in `this.error`).
   */
  private readElement(text: string, pos: number): number {
    const eol = findCrlf(text, pos, this.limits.maxLineLength + 1);
    if (eol < 0) {
      // + 2: the type byte, and a CR whose LF has not arrived yet.
      return text.length - pos > this.limits.maxLineLength + 2 ? this.invalid('line too long') : INCOMPLETE;
    }
    const end = eol + 2;
    switch (text.charCodeAt(pos)) {
      case 43: // '+'
        this.value = sharedStatus(text, pos + 1, eol) ?? { t: 'simple', v: text.slice(pos + 1, eol) };
        return end;
      case 45: // '-'
        this.value = { t: 'error', v: text.slice(pos + 1, eol) };
        return end;
      case 58: {
        // ':'
        const n = parseInteger(text, pos + 1, eol);
        if (n === null) return this.invalid('invalid integer');
        this.value = n >= 0 && n < SMALL_INTS.length ? SMALL_INTS[n]! : { t: 'int', v: n };
        return end;
      }
      case 36: // '$'
        return this.readBulk(text, pos, eol);
      case 42: // '*'
        return this.readArrayHeader(text, pos, eol);
      default:
        return this.invalid(`unexpected reply type byte ${JSON.stringify(text[pos])}`);
    }
  }

  private invalid(message: string): number {
    this.error = message;
    return INVALID;
  }

  private readBulk(text: string, pos: number, eol: number): number {
    const len = parseInteger(text, pos + 1, eol);
    if (len === null || len < -1) return this.invalid('invalid bulk length');
    if (len === -1) {
      this.value = NULL_BULK_REPLY;
      return eol + 2;
    }
    if (len > this.limits.maxBulkLength) return this.invalid('bulk string too long');
    const dataStart = eol + 2;
    const dataEnd = dataStart + len;
    // Refuse up front a reply that could never fit, instead of buffering up to the limit.
    if (this.replyBytes + (dataEnd + 2 - pos) > this.limits.maxReplyBytes) return this.invalid('reply too large');
    if (dataEnd + 2 > text.length) {
      this.needBytes = dataEnd + 2 - pos;
      return INCOMPLETE;
    }
    if (text.charCodeAt(dataEnd) !== CR || text.charCodeAt(dataEnd + 1) !== LF) return this.invalid('bulk string not terminated by CRLF');
    this.value = sharedBulk(text, dataStart, dataEnd) ?? { t: 'bulk', v: text.slice(dataStart, dataEnd) };
    return dataEnd + 2;
  }

  private readArrayHeader(text: string, pos: number, eol: number): number {
    const count = parseInteger(text, pos + 1, eol);
    if (count === null || count < -1) return this.invalid('invalid multibulk length');
    if (count > this.limits.maxArrayLength) return this.invalid('too many array elements');
    if (count === -1) {
      this.value = NULL_ARRAY_REPLY;
    } else if (count === 0) {
      this.value = { t: 'array', v: [] };
    } else {
      if (this.open.length >= this.limits.maxDepth) return this.invalid('arrays nested too deep');
      this.open.push({ items: [], size: count });
      this.value = null;
    }
    return eol + 2;
  }
}

const NULL_BULK_REPLY: Reply = { t: 'nullbulk' };
const NULL_ARRAY_REPLY: Reply = { t: 'nullarray' };

/** `+PONG` / `+OK` in text[start, end) as the shared value, else null. */
function sharedStatus(text: string, start: number, end: number): Reply | null {
  if (end - start === 4 && text.startsWith('PONG', start)) return PONG;
  if (end - start === 2 && text.startsWith('OK', start)) return OK;
  return null;
}

/** A common bulk in text[start, end) as the shared value, else null. */
function sharedBulk(text: string, start: number, end: number): Reply | null {
  for (const reply of COMMON_BULKS) {
    const v = (reply as { readonly v: string }).v;
    if (v.length === end - start && text.startsWith(v, start)) return reply;
  }
  return null;
}

/** Index of the CRLF ending the line at `pos`, searching at most `maxLen` chars; -1 if not seen. */
function findCrlf(text: string, pos: number, maxLen: number): number {
  const limit = Math.min(text.length, pos + maxLen + 2);
  const eol = text.indexOf('\r\n', pos);
  return eol >= 0 && eol + 2 <= limit ? eol : -1;
}

