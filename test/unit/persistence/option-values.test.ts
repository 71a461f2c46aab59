/**
 * The C parsers and the per-type option rules: what each accepts, the canonical value it
 * keeps, and how a rewrite prints it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { atoi, formatMemory, formatTrimmedDouble, memtoull, parseOctal, string2d, string2ll, strtoull } from '../../../src/persistence/numbers.js';
import { OPTION_BY_NAME, OPTION_TABLE, type NumericSpec } from '../../../src/persistence/option-table.js';
import { parseNumeric, renderValue } from '../../../src/persistence/option-values.js';
import { sha256Hex } from '../../../src/persistence/sha256.js';
import { bareOrQuoted } from '../../../src/persistence/text.js';
import { splitArgs } from '../../../src/resp/split-args.js';

const numeric = (name: string): NumericSpec => OPTION_BY_NAME.get(name) as NumericSpec;

describe('C number parsers', () => {
  it.each([
    ['0', 0n],
    ['-12', -12n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', null],
    ['012', null],
    ['+1', null],
    [' 1', null],
    ['', null],
    ['1e3', null],
  ])('string2ll(%j) = %s', (text, want) => expect(string2ll(text)).toBe(want));

  it.each([
    ['42', 42],
    ['  -7x', -7],
    ['x', 0],
    ['99999999999', 2147483647],
  ])('atoi(%j) = %i', (text, want) => expect(atoi(text)).toBe(want));

  it.each([
    ['5', 5n],
    ['abc', 0n],
    ['-1', 18446744073709551615n],
    ['12junk', 12n],
  ])('strtoull(%j) = %s', (text, want) => expect(strtoull(text)).toBe(want));

  it.each([
    ['100', 100n],
    ['1k', 1000n],
    ['1KB', 1024n],
    ['2mb', 2n * 1024n * 1024n],
    ['1g', 1000000000n],
    ['3gb', 3n * 1024n ** 3n],
    ['5b', 5n],
    ['kb', 0n],
    ['-1', null],
    ['1x', null],
    ['1 mb', null],
  ])('memtoull(%j) = %s', (text, want) => expect(memtoull(text)).toBe(want));

  it.each([
    ['777', 0o777n],
    ['', 0n],
    ['8', null],
    ['+', null],
  ])('parseOctal(%j) = %s', (text, want) => expect(parseOctal(text)).toBe(want));

  it.each([
    [0n, '0'],
    [1024n, '1kb'],
    [1536n, '1536'],
    [64n * 1024n * 1024n, '64mb'],
    [2n * 1024n ** 3n, '2gb'],
    [1000000000n, '1000000000'],
  ])('formatMemory(%s) = %s', (bytes, want) => expect(formatMemory(bytes)).toBe(want));

  it.each([
    [50, '50'],
    [99.9, '99.9'],
    [0, '0'],
    [99.99, '99.99'],
  ])('formatTrimmedDouble(%d) = %s', (v, want) => expect(formatTrimmedDouble(v)).toBe(want));

  it.each([
    ['99.9', 99.9],
    ['1e2', 100],
    ['.5', 0.5],
    ['', null],
    [' 1', null],
    ['nan', null],
    ['abc', null],
  ])('string2d(%j) = %s', (text, want) => expect(string2d(text)).toBe(want));
});

describe('numeric options', () => {
  it('keeps percentages negated and prints them back with %', () => {
    const spec = numeric('maxmemory-clients');
    expect(parseNumeric(spec, '10%')).toEqual({ ok: true, value: '-10' });
    expect(renderValue(spec, '-10')).toBe('10%');
    expect(renderValue(spec, String(2 * 1024 ** 2))).toBe('2mb');
  });

  it('compares unsigned options unsigned and prints octal bounds in octal', () => {
    expect(parseNumeric(numeric('maxmemory'), '18446744073709551615')).toEqual({ ok: true, value: '18446744073709551615' });
    expect(parseNumeric(numeric('maxclients'), '4294967296')).toEqual({ ok: false, error: 'argument must be between 1 and 4294967295 inclusive' });
    expect(parseNumeric(numeric('maxmemory'), '16gb')).toEqual({ ok: true, value: String(16 * 1024 ** 3) });
    expect(parseNumeric(numeric('unixsocketperm'), '-1')).toEqual({ ok: false, error: 'argument must be between 0 and 777 inclusive' });
  });

  it('has a spec for every option name redis-server 7.0.15 lists in CONFIG GET *', () => {
    const names = OPTION_TABLE.flatMap((s) => (s.alias ? [s.name, s.alias] : [s.name]));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(192 + 5); // 192 from CONFIG GET *, plus 5 hidden ones
  });
});

describe('quoting for rewritten values', () => {
  it('writes plain words bare and quotes anything that would not split back to itself', () => {
    expect(bareOrQuoted('mymaster')).toBe('mymaster');
    expect(bareOrQuoted('a b')).toBe('"a b"');
    expect(bareOrQuoted('')).toBe('""');
    expect(bareOrQuoted("it's")).toBe('"it\'s"');
  });

  it('round-trips any byte string through splitArgs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(splitArgs(`x ${bareOrQuoted(s)} y`)).toEqual(['x', s, 'y']);
      }),
    );
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto on byte strings of every length around the block size', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), '\xff\x00\x80\xe9']) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(Buffer.from(s, 'latin1')).digest('hex'));
    }
  });
});
