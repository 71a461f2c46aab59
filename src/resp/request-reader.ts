/**
 * Frames client requests: RESP arrays of bulk strings (what every client library sends) and
 * inline commands (what HAProxy and telnet send: `PING\r\n`). Every size is bounded and a
 * violation yields Redis's own protocol-error text; the server then replies with it and closes
 * only that client.
 */
import { splitArgs } from './split-args.js';

export interface ReaderLimits {
  /** Bytes buffered for one client before it is disconnected (client-query-buffer-limit). */
  readonly queryBufferLimit: number;
  /** Largest accepted bulk argument (proto-max-bulk-len). */
  readonly maxBulkLength: number;
}

export const INLINE_MAX_BYTES = 64 * 1024;
/** Before authentication Redis accepts only small requests (CVE-2021-32675 hardening). */
export const UNAUTHENTICATED_MAX_ARGS = 10;
export const UNAUTHENTICATED_MAX_BULK = 16 * 1024;
export const MAX_MULTIBULK_ARGS = 1024 * 1024;

export type ReadResult =
  | { readonly kind: 'commands'; readonly commands: string[][] }
  | { readonly kind: 'protocol-error'; readonly commands: string[][]; readonly message: string }
  | { readonly kind: 'query-buffer-overflow'; readonly commands: string[][] };

const CR = 13;
const LF = 10;

export class RequestReader {
  private pending: Buffer | null = null;
  /** Multibulk parse state carried across reads so a large argument is not re-scanned. */
  private argsLeft = 0;
  private args: string[] = [];
  /** Set by the server while the client has not authenticated. */
  unauthenticated = false;

  constructor(private readonly limits: ReaderLimits) {}

  /** Bytes held for an incomplete request (CLIENT LIST `qbuf`). */
  get bufferedBytes(): number {
    return this.pending?.length ?? 0;
  }

  feed(chunk: Buffer): ReadResult {
    const buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    const commands: string[][] = [];
    let pos = 0;
    while (pos < buf.length) {
      const step = this.argsLeft > 0 ? this.readArgs(buf, pos) : this.readCommandStart(buf, pos);
      if (typeof step === 'string') return { kind: 'protocol-error', commands, message: step };
      if (step === null) break;
      pos = step.pos;
      if (step.done) {
        if (this.args.length > 0) commands.push(this.args);
        this.args = [];
      }
    }
    if (pos < buf.length) {
      this.pending = pos === 0 ? buf : buf.subarray(pos);
      if (this.pending.length > this.limits.queryBufferLimit) {
        this.pending = null;
        return { kind: 'query-buffer-overflow', commands };
      }
    }
    return { kind: 'commands', commands };
  }

  /** Starts a new request at `pos`: a multibulk header or an inline line. */
  private readCommandStart(buf: Buffer, pos: number): Step {
    if (buf[pos] !== 0x2a /* '*' */) return this.readInline(buf, pos);
    const eol = buf.indexOf(CR, pos);
    if (eol < 0 || eol + 1 >= buf.length) {
      if (buf.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big mbulk count string';
      return null;
    }
    if (buf[eol + 1] !== LF) return null;
    const count = parseInteger(buf, pos + 1, eol);
    if (count === null || count > MAX_MULTIBULK_ARGS) return 'Protocol error: invalid multibulk length';
    if (this.unauthenticated && count > UNAUTHENTICATED_MAX_ARGS) return 'Protocol error: unauthenticated multibulk length';
    this.args = [];
    if (count <= 0) return { pos: eol + 2, done: true };
    this.argsLeft = count;
    // The header is consumed even when no argument is complete yet.
    return this.readArgs(buf, eol + 2) ?? { pos: eol + 2, done: false };
  }

  private readArgs(buf: Buffer, start: number): Step {
    let pos = start;
    while (this.argsLeft > 0) {
      if (pos >= buf.length) return pos === start ? null : { pos, done: false };
      if (buf[pos] !== 0x24 /* '$' */) {
        return `Protocol error: expected '$', got '${String.fromCharCode(buf[pos]!)}'`;
      }
      const eol = buf.indexOf(CR, pos);
      if (eol < 0 || eol + 1 >= buf.length) {
        if (buf.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big bulk count string';
        return pos === start ? null : { pos, done: false };
      }
      const len = parseInteger(buf, pos + 1, eol);
      if (len === null || len < 0 || len > this.limits.maxBulkLength) return 'Protocol error: invalid bulk length';
      if (this.unauthenticated && len > UNAUTHENTICATED_MAX_BULK) return 'Protocol error: unauthenticated bulk length';
      const dataStart = eol + 2;
      if (dataStart + len + 2 > buf.length) return pos === start ? null : { pos, done: false };
      this.args.push(buf.toString('latin1', dataStart, dataStart + len));
      pos = dataStart + len + 2;
      this.argsLeft--;
    }
    return { pos, done: true };
  }

  private readInline(buf: Buffer, pos: number): Step {
    const eol = buf.indexOf(LF, pos);
    if (eol < 0) {
      if (buf.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big inline request';
      return null;
    }
    const end = eol > pos && buf[eol - 1] === CR ? eol - 1 : eol;
    const args = splitArgs(buf.toString('latin1', pos, end));
    if (args === null) return 'Protocol error: unbalanced quotes in request';
    this.args = args;
    return { pos: eol + 1, done: true };
  }
}

type Step = { pos: number; done: boolean } | string | null;

/** Parses a decimal integer (optional leading '-') in buf[start, end); null if malformed. */
function parseInteger(buf: Buffer, start: number, end: number): number | null {
  if (start >= end || end - start > 20) return null;
  let i = start;
  let negative = false;
  if (buf[i] === 0x2d) {
    negative = true;
    i++;
    if (i === end) return null;
  }
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}
