/**
 * Frames client requests: RESP arrays of bulk strings (what every client library sends) and
 * inline commands (what HAProxy and telnet send: `PING\r\n`). Every size is bounded and a
 * violation yields Redis's own protocol-error text; the server then replies with it and closes
 * only that client.
 *
 * Speed matters here (pipelined clients send thousands of requests per read): each read is
 * decoded to a latin1 string once, and arguments are cut out of it as substrings, instead of
 * one native Buffer call per argument. While a large argument is still arriving, chunks are
 * only collected, not re-parsed, so a big request costs linear, not quadratic, time.
 */
import { splitArgs } from './split-args.js';
import { parseInteger } from './parse-integer.js';

export interface ReaderLimits {
  /** Bytes buffered for one client before it is disconnected (client-query-buffer-limit). */
  readonly queryBufferLimit: number;
  /** Largest accepted bulk argument (proto-max-bulk-len). */
  readonly maxBulkLength: number;
}

export const INLINE_MAX_BYTES = 64 * 1024;
export const MAX_MULTIBULK_ARGS = 1024 * 1024;
/** Before authentication Redis accepts only small requests (CVE-2021-32675 hardening). */
export const UNAUTHENTICATED_MAX_ARGS = 10;
export const UNAUTHENTICATED_MAX_BULK = 16 * 1024;

export type ReadResult =
  | { readonly kind: 'commands'; readonly commands: string[][] }
  | { readonly kind: 'protocol-error'; readonly commands: string[][]; readonly message: string }
  | { readonly kind: 'query-buffer-overflow'; readonly commands: string[][] };

const CR = 13;
const STAR = 42;
const DOLLAR = 36;

/** What one parse step did: consumed up to `pos` (and finished a command when `done`). */
type Step = { pos: number; done: boolean } | string | null;

export class RequestReader {
  /** Unconsumed bytes, as chunks not yet joined. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes needed before parsing can make progress (a bulk payload still arriving). */
  private needBytes = 0;
  /** Multibulk parse state carried across reads. */
  private argsLeft = 0;
  private args: string[] = [];
  /** Set by the server while the client has not authenticated. */
  unauthenticated = false;

  constructor(private readonly limits: ReaderLimits) {}

  /** Bytes held for an incomplete request (CLIENT LIST `qbuf`). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  feed(chunk: Buffer): ReadResult {
    const commands: string[][] = [];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needBytes) return this.checkOverflow(commands);

    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const text = bytes.toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    this.needBytes = 0;

    let pos = 0;
    while (pos < text.length) {
      const step = this.argsLeft > 0 ? this.readArgs(text, pos) : this.readCommandStart(text, pos);
      if (typeof step === 'string') return { kind: 'protocol-error', commands, message: step };
      if (step === null) break;
      pos = step.pos;
      if (step.done) {
        if (this.args.length > 0) commands.push(this.args);
        this.args = [];
      }
    }
    if (pos < text.length) {
      const rest = bytes.subarray(pos);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return this.checkOverflow(commands);
  }

  private checkOverflow(commands: string[][]): ReadResult {
    if (this.pendingBytes > this.limits.queryBufferLimit) {
      this.pending = [];
      this.pendingBytes = 0;
      this.needBytes = 0;
      return { kind: 'query-buffer-overflow', commands };
    }
    return { kind: 'commands', commands };
  }

  /** Starts a new request at `pos`: a multibulk header or an inline line. */
  private readCommandStart(text: string, pos: number): Step {
    if (text.charCodeAt(pos) !== STAR) return this.readInline(text, pos);
    const eol = text.indexOf('\r\n', pos);
    if (eol < 0) {
      if (text.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big mbulk count string';
      return null;
    }
    const count = parseInteger(text, pos + 1, eol);
    if (count === null || count > MAX_MULTIBULK_ARGS) return 'Protocol error: invalid multibulk length';
    if (this.unauthenticated && count > UNAUTHENTICATED_MAX_ARGS) return 'Protocol error: unauthenticated multibulk length';
    this.args = [];
    if (count <= 0) return { pos: eol + 2, done: true };
    this.argsLeft = count;
    // The header is consumed even when no argument is complete yet.
    return this.readArgs(text, eol + 2) ?? { pos: eol + 2, done: false };
  }

  private readArgs(text: string, start: number): Step {
    let pos = start;
    while (this.argsLeft > 0) {
      if (pos >= text.length) return pos === start ? null : { pos, done: false };
      const c = text.charCodeAt(pos);
      if (c !== DOLLAR) return `Protocol error: expected '$', got '${text[pos]}'`;
      const eol = text.indexOf('\r\n', pos);
      if (eol < 0) {
        if (text.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big bulk count string';
        return pos === start ? null : { pos, done: false };
      }
      const len = parseInteger(text, pos + 1, eol);
      if (len === null || len < 0 || len > this.limits.maxBulkLength) return 'Protocol error: invalid bulk length';
      if (this.unauthenticated && len > UNAUTHENTICATED_MAX_BULK) return 'Protocol error: unauthenticated bulk length';
      const dataStart = eol + 2;
      if (dataStart + len + 2 > text.length) {
        // Wait for the payload without re-parsing every chunk of it.
        this.needBytes = dataStart + len + 2 - pos;
        return pos === start ? null : { pos, done: false };
      }
      this.args.push(text.slice(dataStart, dataStart + len));
      pos = dataStart + len + 2;
      this.argsLeft--;
    }
    return { pos, done: true };
  }

  private readInline(text: string, pos: number): Step {
    const eol = text.indexOf('\n', pos);
    if (eol < 0) {
      if (text.length - pos > INLINE_MAX_BYTES) return 'Protocol error: too big inline request';
      return null;
    }
    const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
    const args = splitArgs(text.slice(pos, end));
    if (args === null) return 'Protocol error: unbalanced quotes in request';
    this.args = args;
    return { pos: eol + 1, done: true };
  }
}

