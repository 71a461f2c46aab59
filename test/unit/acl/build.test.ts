/**
 * buildAcl: the ACL a sentinel starts with, from `requirepass` and `user` lines, in Redis's
 * order (requirepass while reading the file, user lines after, so `user default` wins), and
 * Redis's start-up errors for bad rules.
 */
import { describe, expect, it } from 'vitest';
import { AclConfigError, buildAcl } from '../../../src/core/acl/build.js';
import { describeUser } from '../../../src/core/acl/describe.js';
import { sha256 } from './server-box.js';

const lines = (acl: ReturnType<typeof buildAcl>): string[] => acl.sortedUsers().map(describeUser);

describe('buildAcl', () => {
  it('without configuration: the open default user', () => {
    const acl = buildAcl({ requirepass: null, users: [] }, sha256);
    expect(lines(acl)).toEqual(['user default on nopass ~* &* +@all']);
    expect(acl.defaultUserOpen).toBe(true);
  });

  it('requirepass becomes the only password of default (as captured: requirepass secret)', () => {
    const acl = buildAcl({ requirepass: 'secret', users: [] }, sha256);
    expect(lines(acl)).toEqual(['user default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~* &* +@all']);
    expect(acl.defaultUserOpen).toBe(false);
    expect(acl.authenticate('default', 'secret')).toBe('default');
    expect(acl.authenticate('default', 'nope')).toBeNull();
  });

  it('an empty requirepass leaves default without a password', () => {
    expect(buildAcl({ requirepass: '', users: [] }, sha256).defaultUserOpen).toBe(true);
  });

  it('user lines define users, joining selectors written over several words', () => {
    const acl = buildAcl(
      {
        requirepass: 'secret',
        users: [
          { name: 'alice', rules: ['on', '>pw', '+@all', '-sentinel'] },
          { name: 'bob', rules: ['off', 'nopass'] },
          { name: 'mon', rules: ['on', 'nopass', '(+sentinel|masters', '+ping)'] },
        ],
      },
      sha256,
    );
    const [alice, ...others] = lines(acl);
    expect(alice).toMatch(/^user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 resetchannels \+@all -@admin \+/);
    expect(others).toEqual([
      'user bob off nopass resetchannels -@all',
      'user default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~* &* +@all',
      'user mon on nopass resetchannels -@all (resetchannels -@all +ping +sentinel|masters)',
    ]);
    expect(acl.canRun('mon', 'sentinel|masters')).toBe(true);
    expect(acl.canRun('mon', 'sentinel|myid')).toBe(false);
    expect(acl.canRun('alice', 'sentinel|myid')).toBe(false);
    expect(acl.canRun('alice', 'client|list')).toBe(true);
  });

  it('a user default line resets default, so it wins over requirepass', () => {
    const acl = buildAcl({ requirepass: 'secret', users: [{ name: 'default', rules: ['on', 'nopass', '+@all'] }] }, sha256);
    expect(lines(acl)).toEqual(['user default on nopass sanitize-payload resetchannels +@all']);
  });

  it.each([
    [[{ name: 'x', rules: ['+nope'] }], "Error loading ACL rule '+nope' for the user named 'x': Unknown command or category name in ACL"],
    [[{ name: 'x', rules: ['on', '(+ping'] }], "Unmatched parenthesis in acl selector starting at '(+ping'."],
  ])('refuses %j like Redis refuses to start', (users, message) => {
    expect(() => buildAcl({ requirepass: null, users }, sha256)).toThrow(new AclConfigError(message));
  });

  it('keeps the Valkey SENTINEL aliases under the permissions of the commands they stand for', () => {
    const acl = buildAcl({ requirepass: null, users: [{ name: 'mon', rules: ['on', 'nopass', '+sentinel|masters'] }] }, sha256);
    expect(acl.canRun('mon', 'sentinel|primaries')).toBe(true);
    expect(acl.canRun('mon', 'sentinel|primary')).toBe(false);
  });
});
