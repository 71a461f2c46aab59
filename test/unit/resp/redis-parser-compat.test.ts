/**
 * Our RESP2 output must decode in an independent, widely deployed RESP2 parser (redis-parser,
 * the one ioredis 4 and node-redis 3 used) to exactly the values the reply describes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import RedisParser from 'redis-parser';
import { encodeReply } from '../../../src/resp/encode.js';
import type { Reply } from '../../../src/resp/values.js';

const text = fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 20 });
const line = text.map((s) => s.replace(/[\r\n]/g, ''));

const replyArb: fc.Arbitrary<Reply> = fc.letrec<{ reply: Reply }>((tie) => ({
  reply: fc.oneof(
    { depthSize: 'small' },
    line.map((v): Reply => ({ t: 'simple', v })),
    line.map((v): Reply => ({ t: 'error', v: 'ERR ' + v })),
    fc.integer().map((v): Reply => ({ t: 'int', v })),
    text.map((v): Reply => ({ t: 'bulk', v })),
    fc.constant<Reply>({ t: 'nullbulk' }),
    fc.constant<Reply>({ t: 'nullarray' }),
    fc.array(tie('reply'), { maxLength: 4 }).map((v): Reply => ({ t: 'array', v })),
    fc.array(fc.tuple(text, tie('reply')), { maxLength: 3 }).map((pairs): Reply => ({ t: 'map', v: pairs.map(([k, v]) => [{ t: 'bulk', v: k }, v] as const) })),
  ),
})).reply;

/** What redis-parser should produce for a reply. */
function expected(r: Reply): unknown {
  switch (r.t) {
    case 'simple':
    case 'bulk':
      return r.v;
    case 'int':
      return r.v;
    case 'error':
      return { error: r.v };
    case 'nullbulk':
    case 'nullarray':
      return null;
    case 'array':
    case 'push':
      return r.v.map(expected);
    case 'map':
      return r.v.flatMap(([k, v]) => [expected(k), expected(v)]);
    case 'raw':
      return undefined;
  }
}

function normalise(v: unknown): unknown {
  if (v instanceof Error) return { error: v.message };
  if (Array.isArray(v)) return v.map(normalise);
  return v;
}

describe('RESP2 encoding against redis-parser', () => {
  it('decodes every encoded reply to the same value', () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        const got: unknown[] = [];
        const parser = new RedisParser({
          returnReply: (r) => got.push(normalise(r)),
          returnError: (e) => got.push(normalise(e)),
        });
        parser.execute(Buffer.from(encodeReply(reply, 2), 'latin1'));
        expect(got).toEqual([expected(reply)]);
      }),
      { numRuns: 500 },
    );
  });
});
