/**
 * checkPermissions: the ACL check a dispatcher can run with the whole command line (first
 * arguments such as `+info|server`, and channels), answering Redis's NOPERM texts and
 * writing ACL LOG entries as Redis does for refused commands.
 */
import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/core/batch.js';
import { checkPermissions } from '../../../src/core/commands/server/acl-check.js';
import { ServerBox, T0 } from './server-box.js';

function check(box: ServerBox, user: string, fullName: string, argv: string[]): string | null {
  box.open(1);
  const client = box.core.env.clients.get(1)!;
  client.user = user;
  const denied = checkPermissions({ env: box.core.env, client, now: T0, batch: new Batch() }, fullName, argv);
  return denied?.t === 'error' ? denied.v : null;
}

describe('checkPermissions', () => {
  const box = new ServerBox({
    users: [
      { name: 'carol', rules: ['on', 'nopass', '-@all', '+info|server', '+client|id'] },
      { name: 'bob', rules: ['on', 'nopass', 'resetchannels', '&ch*', '+@all'] },
    ],
  });

  it.each([
    ['carol', 'info', ['INFO', 'SERVER'], null],
    ['carol', 'info', ['INFO'], "NOPERM this user has no permissions to run the 'info' command"],
    ['carol', 'client|list', ['CLIENT', 'LIST'], "NOPERM this user has no permissions to run the 'client|list' command"],
    ['carol', 'auth', ['AUTH', 'x'], null],
    ['bob', 'subscribe', ['SUBSCRIBE', 'ch1', 'x'], 'NOPERM this user has no permissions to access one of the channels used as arguments'],
    ['bob', 'sentinel|primaries', ['SENTINEL', 'PRIMARIES'], null],
    ['default', 'ping', ['PING'], null],
  ] as const)('%s running %s %j: %s', (user, fullName, argv, expected) => {
    expect(check(box, user, fullName, [...argv])).toBe(expected);
  });

  it('logs a refused command with the command as object', () => {
    const b = new ServerBox({ users: [{ name: 'carol', rules: ['on', 'nopass', '-@all'] }] });
    check(b, 'carol', 'role', ['ROLE']);
    const [entry] = b.core.env.acl.log.newest(1);
    expect([entry?.reason, entry?.object, entry?.username]).toEqual(['command', 'role', 'carol']);
  });
});
