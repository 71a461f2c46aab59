/**
 * IP literal acceptance and normalization, table captured from redis-sentinel 7.0.15 on glibc
 * (`SENTINEL MONITOR n <ip> ...` then the `ip` field of `SENTINEL MASTER n`).
 */
import { describe, expect, it } from 'vitest';
import { looksLikeHostname, normalizeIpLiteral } from '../../../src/core/commands/sentinel/ip-literal.js';

const OBSERVED: readonly (readonly [string, string | null])[] = [
  ["1.2.3.256",null],
  ["1","0.0.0.1"],
  ["4294967295","255.255.255.255"],
  ["4294967296",null],
  ["0x1.0x2.3.4","1.2.3.4"],
  ["1.2.3.4.5",null],
  ["::","::"],
  ["FE80::ABCD","fe80::abcd"],
  ["1:2:3:4:5:6:7:8","1:2:3:4:5:6:7:8"],
  ["1:0:0:2:0:0:0:3","1:0:0:2::3"],
  ["1:0:0:0:2:0:0:3","1::2:0:0:3"],
  ["0:0:0:0:0:0:0:1","::1"],
  ["::ffff:0:0","::ffff:0.0.0.0"],
  ["::1.2.3.4","::1.2.3.4"],
  ["[::1]",null],
  ["1::2::3",null],
  ["08.1.1.1",null],
  ["1.2.3.4 ",null],
  [" 1.2.3.4",null],
  ["1.2.3.",null],
  ["0xffffffff","255.255.255.255"],
  ["1.0xffffff","1.255.255.255"],
  ["1:2:3:4:5:6:1.2.3.4","1:2:3:4:5:6:102:304"],
  ["::FFFF:1.2.3.4","::ffff:1.2.3.4"],
  ["64:ff9b::1.2.3.4","64:ff9b::102:304"],
  ["1:0:0:0:0:0:0:0","1::"],
  ["0:0:1::","0:0:1::"],
  ["fe80::1%eth99",null],
  ["::ffff:1.2.3",null],
  ["0x",null],
  ["0","0.0.0.0"],
  ["00","0.0.0.0"],
  ["0x.1.2.3",null],
  ["1.2.3.0x",null],
  ["0xg",null],
  ["1.2.3.4a",null],
  ["0X10.0.0.1","16.0.0.1"],
  ["0377.0.0.1","255.0.0.1"],
  ["0400.0.0.1",null],
  ["1.65535","1.0.255.255"],
  ["1.16777215","1.255.255.255"],
  ["1.16777216",null],
  ["1.2.65536",null],
  ["::ffff:01.2.3.4",null],
  ["::ffff:1.2.3.04",null],
  ["::1:2:3:4:5:6:7","0:1:2:3:4:5:6:7"],
  ["1:2:3:4:5:6:7::","1:2:3:4:5:6:7:0"],
  ["1:2:3:4:5:6:7:8:9",null],
  [":1::",null],
  ["::00001",null],
  ["::abcd:1.2.3.4","::abcd:102:304"],
  ["::0.0.0.2","::2"],
  ["::0.0.1.0","::100"],
  ["127.0.0.1","127.0.0.1"],
  ["1.2.3","1.2.0.3"],
  ["01.2.3.4","1.2.3.4"],
  ["0x7f.1","127.0.0.1"],
  ["localhost",null],
  ["",null],
];

describe('normalizeIpLiteral', () => {
  it.each(OBSERVED)('%j -> %j', (input, expected) => {
    expect(normalizeIpLiteral(input)).toBe(expected);
  });
});

describe('looksLikeHostname', () => {
  it.each([
    ['localhost', true],
    ['redis-1.example.com.', true],
    ['a_b', true],
    ['bad..host', false],
    ['', false],
    ['has space', false],
    ['x'.repeat(64), false],
  ] as const)('%j -> %j', (input, expected) => {
    expect(looksLikeHostname(input)).toBe(expected);
  });
});
