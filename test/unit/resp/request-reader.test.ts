import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RequestReader } from '../../../src/resp/request-reader.js';

const limits = { queryBufferLimit: 1024 * 1024, maxBulkLength: 512 * 1024 };
const resp = (...args: string[]): string => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
const feed = (r: RequestReader, s: string) => r.feed(Buffer.from(s, 'latin1'));

describe('RequestReader', () => {
  it('frames a RESP array of bulk strings', () => {
    const result = feed(new RequestReader(limits), resp('SENTINEL', 'get-master-addr-by-name', 'mymaster'));
    expect(result).toEqual({ kind: 'commands', commands: [['SENTINEL', 'get-master-addr-by-name', 'mymaster']] });
  });

  it('frames pipelined requests in order', () => {
    const result = feed(new RequestReader(limits), resp('PING') + resp('PING', 'x') + 'PING\r\n');
    expect(result.commands).toEqual([['PING'], ['PING', 'x'], ['PING']]);
  });

  it('accepts inline commands as HAProxy sends them, with quotes', () => {
    const result = feed(new RequestReader(limits), 'PING\r\nSENTINEL get-master-addr-by-name "my master"\n\r\n');
    expect(result.commands).toEqual([['PING'], ['SENTINEL', 'get-master-addr-by-name', 'my master']]);
  });

  it('waits for the rest of a request split at every byte', () => {
    const wire = resp('SENTINEL', 'masters') + 'PING\r\n';
    const reader = new RequestReader(limits);
    const got: string[][] = [];
    for (const ch of wire) got.push(...feed(reader, ch).commands);
    expect(got).toEqual([['SENTINEL', 'masters'], ['PING']]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('keeps binary bytes exact', () => {
    const arg = '\x00\xff\r\n\x80';
    expect(feed(new RequestReader(limits), resp('PING', arg)).commands).toEqual([['PING', arg]]);
  });

  it('skips empty multibulk and blank inline lines', () => {
    expect(feed(new RequestReader(limits), '*0\r\n\r\n*-1\r\nPING\r\n').commands).toEqual([['PING']]);
  });

  it.each([
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*2000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n+PING\r\n', "Protocol error: expected '$', got '+'"],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$999999999\r\n', 'Protocol error: invalid bulk length'],
    ['PING "unbalanced\r\n', 'Protocol error: unbalanced quotes in request'],
  ])('rejects %j with Redis’s message', (wire, message) => {
    const result = feed(new RequestReader(limits), wire);
    expect(result).toMatchObject({ kind: 'protocol-error', message });
  });

  it('returns the commands framed before a protocol error', () => {
    const result = feed(new RequestReader(limits), 'PING\r\n*1\r\n+x\r\n');
    expect(result).toMatchObject({ kind: 'protocol-error', commands: [['PING']] });
  });

  it('rejects an endless inline line', () => {
    const result = feed(new RequestReader(limits), 'x'.repeat(70 * 1024));
    expect(result).toMatchObject({ kind: 'protocol-error', message: 'Protocol error: too big inline request' });
  });

  it('rejects an endless multibulk count line', () => {
    const result = feed(new RequestReader(limits), '*' + '1'.repeat(70 * 1024));
    expect(result).toMatchObject({ kind: 'protocol-error', message: 'Protocol error: too big mbulk count string' });
  });

  it('limits requests from unauthenticated clients like Redis', () => {
    const reader = new RequestReader(limits);
    reader.unauthenticated = true;
    expect(feed(reader, '*11\r\n')).toMatchObject({ message: 'Protocol error: unauthenticated multibulk length' });
    const reader2 = new RequestReader(limits);
    reader2.unauthenticated = true;
    expect(feed(reader2, '*2\r\n$4\r\nAUTH\r\n$20000\r\n')).toMatchObject({ message: 'Protocol error: unauthenticated bulk length' });
  });

  it('drops a client whose incomplete request outgrows the query buffer', () => {
    const reader = new RequestReader({ queryBufferLimit: 1000, maxBulkLength: 100_000 });
    expect(feed(reader, '*1\r\n$5000\r\n' + 'a'.repeat(1500)).kind).toBe('query-buffer-overflow');
  });

  it('frames any sequence of commands however the bytes are chunked (property)', () => {
    const argArb = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(fc.array(argArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (commands, cuts) => {
          const wire = Buffer.from(commands.map((c) => resp(...c)).join(''), 'latin1');
          const reader = new RequestReader(limits);
          const got: string[][] = [];
          let pos = 0;
          let i = 0;
          while (pos < wire.length) {
            const size = cuts[i++ % cuts.length]!;
            const r = reader.feed(wire.subarray(pos, pos + size));
            expect(r.kind).toBe('commands');
            got.push(...r.commands);
            pos += size;
          }
          expect(got).toEqual(commands);
        },
      ),
    );
  });

  it('never throws and keeps memory bounded on random or mutated input (fuzz)', () => {
    const small = { queryBufferLimit: 4096, maxBulkLength: 1024 };
    const valid = resp('SENTINEL', 'get-master-addr-by-name', 'mymaster') + 'PING\r\n';
    const mutated = fc
      .array(fc.record({ at: fc.nat(valid.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 })
      .map((edits) => {
        const b = Buffer.from(valid.repeat(3), 'latin1');
        for (const e of edits) b[e.at] = e.byte;
        return b;
      });
    const random = fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated, random), { minLength: 1, maxLength: 8 }), (chunks) => {
        const reader = new RequestReader(small);
        for (const chunk of chunks) {
          const r = reader.feed(chunk);
          expect(reader.bufferedBytes).toBeLessThanOrEqual(small.queryBufferLimit + 64 * 1024);
          if (r.kind !== 'commands') break;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
