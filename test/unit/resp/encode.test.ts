import { describe, expect, it } from 'vitest';
import { encodeReply } from '../../../src/resp/encode.js';
import { bulk, bulkMap, err, int, NULL_ARRAY, NULL_BULK, push, arr, OK } from '../../../src/resp/values.js';

describe('encodeReply', () => {
  it('writes scalars identically in both protocols', () => {
    for (const proto of [2, 3] as const) {
      expect(encodeReply(OK, proto)).toBe('+OK\r\n');
      expect(encodeReply(err('ERR x'), proto)).toBe('-ERR x\r\n');
      expect(encodeReply(int(-3), proto)).toBe(':-3\r\n');
      expect(encodeReply(bulk('6380'), proto)).toBe('$4\r\n6380\r\n');
    }
  });

  it('spells nulls per protocol (get-master-addr-by-name of an unknown master)', () => {
    expect(encodeReply(NULL_ARRAY, 2)).toBe('*-1\r\n');
    expect(encodeReply(NULL_BULK, 2)).toBe('$-1\r\n');
    expect(encodeReply(NULL_ARRAY, 3)).toBe('_\r\n');
  });

  it('writes maps as maps in RESP3 and flat arrays in RESP2', () => {
    const m = bulkMap([['name', 'mymaster'], ['port', '6380']]);
    expect(encodeReply(m, 3)).toBe('%2\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6380\r\n');
    expect(encodeReply(m, 2)).toBe('*4\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6380\r\n');
  });

  it('writes push frames as > in RESP3 and arrays in RESP2', () => {
    const p = push([bulk('message'), bulk('+sdown'), bulk('x')]);
    expect(encodeReply(p, 3).startsWith('>3\r\n')).toBe(true);
    expect(encodeReply(p, 2).startsWith('*3\r\n')).toBe(true);
  });

  it('counts bytes, not UTF-16 units, for latin1 byte strings', () => {
    expect(encodeReply(arr([bulk('\xff\x00')]), 2)).toBe('*1\r\n$2\r\n\xff\x00\r\n');
  });
});
