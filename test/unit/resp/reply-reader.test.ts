import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeReply } from '../../../src/resp/encode.js';
import { DEFAULT_REPLY_LIMITS, ReplyReader, type ReplyLimits } from '../../../src/resp/reply-reader.js';
import type { Reply } from '../../../src/resp/values.js';

const feed = (r: ReplyReader, s: string) => r.feed(Buffer.from(s, 'latin1'));
const parseAll = (s: string, limits: ReplyLimits = DEFAULT_REPLY_LIMITS) => feed(new ReplyReader(limits), s);
const small: ReplyLimits = { maxBulkLength: 100, maxArrayLength: 10, maxDepth: 3, maxReplyBytes: 1000, maxLineLength: 50 };

describe('ReplyReader', () => {
  it.each<[string, string, Reply]>([
    ['a status', '+PONG\r\n', { t: 'simple', v: 'PONG' }],
    ['an error', '-LOADING Redis is loading the dataset in memory\r\n', { t: 'error', v: 'LOADING Redis is loading the dataset in memory' }],
    ['an integer', ':-42\r\n', { t: 'int', v: -42 }],
    ['a bulk string', '$4\r\nPONG\r\n', { t: 'bulk', v: 'PONG' }],
    ['an empty bulk string', '$0\r\n\r\n', { t: 'bulk', v: '' }],
    ['a null bulk', '$-1\r\n', { t: 'nullbulk' }],
    ['a null array', '*-1\r\n', { t: 'nullarray' }],
    ['an empty array', '*0\r\n', { t: 'array', v: [] }],
    ['a subscribe confirmation', '*3\r\n$9\r\nsubscribe\r\n$18\r\n__sentinel__:hello\r\n:1\r\n', {
      t: 'array',
      v: [{ t: 'bulk', v: 'subscribe' }, { t: 'bulk', v: '__sentinel__:hello' }, { t: 'int', v: 1 }],
    }],
    ['a nested EXEC reply', '*2\r\n+OK\r\n*1\r\n:0\r\n', { t: 'array', v: [{ t: 'simple', v: 'OK' }, { t: 'array', v: [{ t: 'int', v: 0 }] }] }],
  ])('parses %s', (_name, wire, expected) => {
    expect(parseAll(wire)).toEqual({ kind: 'replies', replies: [expected] });
  });

  it('keeps a status PONG and a bulk PONG apart (only the status is a valid PING reply)', () => {
    const { replies } = parseAll('+PONG\r\n$4\r\nPONG\r\n');
    expect(replies.map((r) => r.t)).toEqual(['simple', 'bulk']);
  });

  it('keeps binary bulk bytes exact, CRLF inside included', () => {
    expect(parseAll('$6\r\n\x00\r\n\xff\x80x\r\n').replies).toEqual([{ t: 'bulk', v: '\x00\r\n\xff\x80x' }]);
  });

  it('returns pipelined replies in order', () => {
    expect(parseAll('+OK\r\n+PONG\r\n:1\r\n').replies).toEqual([
      { t: 'simple', v: 'OK' },
      { t: 'simple', v: 'PONG' },
      { t: 'int', v: 1 },
    ]);
  });

  it('waits for the rest of a reply split at every byte', () => {
    const wire = '*2\r\n$5\r\nhello\r\n*2\r\n+a\r\n$-1\r\n+PONG\r\n';
    const reader = new ReplyReader();
    const got: Reply[] = [];
    for (const ch of wire) got.push(...feed(reader, ch).replies);
    expect(got).toEqual([
      { t: 'array', v: [{ t: 'bulk', v: 'hello' }, { t: 'array', v: [{ t: 'simple', v: 'a' }, { t: 'nullbulk' }] }] },
      { t: 'simple', v: 'PONG' },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('collects a large bulk arriving in many chunks', () => {
    const payload = 'x'.repeat(200_000);
    const wire = `$${payload.length}\r\n${payload}\r\n`;
    const reader = new ReplyReader();
    const got: Reply[] = [];
    for (let i = 0; i < wire.length; i += 1000) got.push(...feed(reader, wire.slice(i, i + 1000)).replies);
    expect(got).toEqual([{ t: 'bulk', v: payload }]);
  });

  it.each([
    ['an unknown type byte', '?x\r\n', 'unexpected reply type byte "?"'],
    ['a RESP3 map', '%1\r\n+a\r\n+b\r\n', 'unexpected reply type byte "%"'],
    ['a RESP3 null', '_\r\n', 'unexpected reply type byte "_"'],
    ['a malformed integer', ':12a\r\n', 'invalid integer'],
    ['a lone minus', ':-\r\n', 'invalid integer'],
    ['a negative bulk length', '$-2\r\n', 'invalid bulk length'],
    ['a malformed bulk length', '$x\r\n', 'invalid bulk length'],
    ['a bulk without its CRLF', '$2\r\nabXY', 'bulk string not terminated by CRLF'],
    ['a malformed array length', '*1a\r\n', 'invalid multibulk length'],
    ['a negative array length', '*-5\r\n', 'invalid multibulk length'],
    ['a bulk over the limit', '$101\r\n', 'bulk string too long'],
    ['an array over the limit', '*11\r\n', 'too many array elements'],
    ['arrays nested too deep', '*1\r\n*1\r\n*1\r\n*1\r\n', 'arrays nested too deep'],
    ['a status line over the limit', `+${'a'.repeat(51)}\r\n`, 'line too long'],
    ['an endless line', '+' + 'a'.repeat(60), 'line too long'],
  ])('rejects %s', (_name, wire, message) => {
    expect(parseAll(wire, small)).toEqual({ kind: 'protocol-error', replies: [], message });
  });

  it('rejects at its header a reply that can never fit the byte bound', () => {
    const limits = { ...small, maxBulkLength: 5000 };
    expect(parseAll('*2\r\n$995\r\n', limits)).toMatchObject({ kind: 'protocol-error', message: 'reply too large' });
  });

  it('bounds one reply made of many small elements', () => {
    const limits = { ...small, maxArrayLength: 1000 };
    const r = parseAll('*1000\r\n' + '+aaaaaaaaaa\r\n'.repeat(100), limits);
    expect(r).toMatchObject({ kind: 'protocol-error', message: 'reply too large' });
  });

  it('returns the replies framed before an error, and refuses everything after it', () => {
    const reader = new ReplyReader(small);
    expect(feed(reader, '+OK\r\n!bad\r\n')).toEqual({ kind: 'protocol-error', replies: [{ t: 'simple', v: 'OK' }], message: 'unexpected reply type byte "!"' });
    expect(feed(reader, '+PONG\r\n')).toMatchObject({ kind: 'protocol-error', replies: [] });
    expect(reader.bufferedBytes).toBe(0);
  });

  it('keeps no reference to the bytes it was given (the link adapter reuses one read buffer)', () => {
    const wire = '*3\r\n$7\r\nmessage\r\n$18\r\n__sentinel__:hello\r\n$11\r\n127.0.0.1,1\r\n+PONG\r\n$5\r\nhello\r\n';
    const shared = Buffer.alloc(16);
    const reader = new ReplyReader();
    const got: Reply[] = [];
    for (let i = 0; i < wire.length; i += 7) {
      const n = shared.write(wire.slice(i, i + 7), 'latin1');
      expect(reader.read(shared, n, (r) => got.push(r))).toBeNull();
      shared.fill(0x21); // what the next socket read would overwrite
    }
    expect(got).toEqual([
      { t: 'array', v: [{ t: 'bulk', v: 'message' }, { t: 'bulk', v: '__sentinel__:hello' }, { t: 'bulk', v: '127.0.0.1,1' }] },
      { t: 'simple', v: 'PONG' },
      { t: 'bulk', v: 'hello' },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('reports a protocol error from read() once, and nothing after it', () => {
    const reader = new ReplyReader(small);
    const got: Reply[] = [];
    const bytes = Buffer.from(':1\r\n?\r\n', 'latin1');
    expect(reader.read(bytes, bytes.length, (r) => got.push(r))).toBe('unexpected reply type byte "?"');
    expect(got).toEqual([{ t: 'int', v: 1 }]);
    expect(reader.read(Buffer.from('+OK\r\n'), 5, (r) => got.push(r))).toBe('unexpected reply type byte "?"');
    expect(got).toHaveLength(1);
  });

  it('accepts a line of exactly the maximum length split before its LF', () => {
    const reader = new ReplyReader(small);
    const line = '+' + 'a'.repeat(50) + '\r';
    expect(feed(reader, line)).toEqual({ kind: 'replies', replies: [] });
    expect(feed(reader, '\n').replies).toEqual([{ t: 'simple', v: 'a'.repeat(50) }]);
  });
});

/** RESP2 reply trees, as a Redis node or a peer sentinel can send them. */
const byteString = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength });
const lineString = fc.string({
  unit: fc.integer({ min: 0, max: 255 }).filter((c) => c !== 13 && c !== 10).map((c) => String.fromCharCode(c)),
  maxLength: 30,
});
const { reply: replyArb } = fc.letrec<{ reply: Reply }>((tie) => ({
  reply: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    lineString.map((v): Reply => ({ t: 'simple', v })),
    lineString.map((v): Reply => ({ t: 'error', v })),
    fc.integer().map((v): Reply => ({ t: 'int', v })),
    byteString(60).map((v): Reply => ({ t: 'bulk', v })),
    fc.constant<Reply>({ t: 'nullbulk' }),
    fc.constant<Reply>({ t: 'nullarray' }),
    fc.array(tie('reply'), { maxLength: 5 }).map((v): Reply => ({ t: 'array', v })),
  ),
}));

function depth(r: Reply): number {
  return r.t === 'array' ? 1 + Math.max(0, ...r.v.map(depth)) : 0;
}

describe('ReplyReader properties', () => {
  it('parses back any RESP2 encoding however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(replyArb, { minLength: 1, maxLength: 8 }).filter((rs) => rs.every((r) => depth(r) <= DEFAULT_REPLY_LIMITS.maxDepth)),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (replies, cuts) => {
          const wire = Buffer.from(replies.map((r) => encodeReply(r, 2)).join(''), 'latin1');
          const reader = new ReplyReader();
          const got: Reply[] = [];
          let pos = 0;
          for (let i = 0; pos < wire.length; i++) {
            const size = cuts[i % cuts.length]!;
            const r = reader.feed(wire.subarray(pos, pos + size));
            expect(r.kind).toBe('replies');
            got.push(...r.replies);
            pos += size;
          }
          expect(got).toEqual(replies);
          expect(reader.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws and stays within its bounds on random or mutated input (fuzz)', () => {
    const valid = encodeReply({ t: 'array', v: [{ t: 'bulk', v: 'message' }, { t: 'simple', v: 'PONG' }, { t: 'int', v: 7 }, { t: 'nullbulk' }] }, 2);
    const mutated = fc
      .array(fc.record({ at: fc.nat(valid.length * 3 - 1), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 })
      .map((edits) => {
        const b = Buffer.from(valid.repeat(3), 'latin1');
        for (const e of edits) b[e.at] = e.byte;
        return b;
      });
    const random = fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a));
    const headers = fc
      .array(fc.constantFrom('*', '$', '+', '-', ':', '\r\n', '9', '-1', '1', '0', 'x'), { maxLength: 60 })
      .map((parts) => Buffer.from(parts.join(''), 'latin1'));
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated, random, headers), { minLength: 1, maxLength: 8 }), (chunks) => {
        const reader = new ReplyReader(small);
        for (const chunk of chunks) {
          const r = reader.feed(chunk);
          expect(reader.bufferedBytes).toBeLessThanOrEqual(small.maxReplyBytes);
          for (const reply of r.replies) expect(depth(reply)).toBeLessThanOrEqual(small.maxDepth);
          if (r.kind === 'protocol-error') break;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
