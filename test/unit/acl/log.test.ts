/**
 * ACL LOG bookkeeping: newest first, repeats of a recent identical denial counted on one
 * entry (and moved to the front) within 60 s, at most 128 entries.
 */
import { describe, expect, it } from 'vitest';
import { ACL_LOG_MAX_LEN, AclLog } from '../../../src/core/acl/log.js';

const denial = (object: string, wallMs: number, username = 'u') => ({ reason: 'command' as const, object, username, wallMs, clientInfo: `at ${wallMs}` });

describe('AclLog', () => {
  it('groups a repeat within 60 s, moving it to the front with the latest time and client', () => {
    const log = new AclLog();
    log.record(denial('ping', 0));
    log.record(denial('role', 1_000));
    log.record(denial('ping', 60_000));
    expect(log.newest(10).map((e) => [e.object, e.count, e.wallMs, e.clientInfo])).toEqual([
      ['ping', 2, 60_000, 'at 60000'],
      ['role', 1, 1_000, 'at 1000'],
    ]);
  });

  it('starts a new entry after 60 s, for another user, or for another reason', () => {
    const log = new AclLog();
    log.record(denial('ping', 0));
    log.record(denial('ping', 60_001));
    log.record(denial('ping', 60_002, 'other'));
    log.record({ ...denial('ping', 60_003), reason: 'channel' });
    expect(log.newest(10).map((e) => e.count)).toEqual([1, 1, 1, 1]);
  });

  it('looks for a match only among the 10 newest entries', () => {
    const log = new AclLog();
    log.record(denial('old', 0));
    for (let i = 0; i < 10; i++) log.record(denial(`c${i}`, 1));
    log.record(denial('old', 2));
    expect(log.newest(20).filter((e) => e.object === 'old').length).toBe(2);
  });

  it('keeps at most 128 entries and returns at most the count asked', () => {
    const log = new AclLog();
    for (let i = 0; i < 200; i++) log.record(denial(`c${i}`, i));
    expect(log.newest(1_000).length).toBe(ACL_LOG_MAX_LEN);
    expect(log.newest(1_000)[0]!.object).toBe('c199');
    expect(log.newest(0)).toEqual([]);
    log.reset();
    expect(log.newest(10)).toEqual([]);
  });
});
