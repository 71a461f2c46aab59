/**
 * HELLO and AUTH, with and without `requirepass`, against bytes captured from redis-sentinel
 * 7.0.15: one sentinel with no password, one with `requirepass secret`,
 * `user alice on >pw +@all -sentinel` and `user bob off nopass`. Client ids differ between
 * vigil and Redis, so HELLO maps are compared with the id written in.
 */
import { describe, expect, it } from 'vitest';
import { ServerBox, T0 } from '../acl/server-box.js';

const SECURED = {
  requirepass: 'secret',
  users: [
    { name: 'alice', rules: ['on', '>pw', '+@all', '-sentinel'] },
    { name: 'bob', rules: ['off', 'nopass'] },
  ],
};

const NOAUTH_HELLO =
  '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n';
const WRONGPASS = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';

function helloMap(proto: 2 | 3, id: number): string {
  const head = proto === 3 ? '%6' : '*12';
  return `${head}\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n`;
}

/** Fresh connection to the secured sentinel, RESP2. */
const SECURED_ROWS: readonly (readonly [readonly string[], string])[] = [
  [['PING'], '-NOAUTH Authentication required.\r\n'],
  [['HELLO'], NOAUTH_HELLO],
  [['HELLO', '3'], NOAUTH_HELLO],
  [['HELLO', '3', 'SETNAME', 'x y'], '-ERR Client names cannot contain spaces, newlines or special characters.\r\n'],
  [['HELLO', '3', 'AUTH', 'default', 'bad'], WRONGPASS],
  [['HELLO', '3', 'AUTH', 'alice'], "-ERR Syntax error in HELLO option 'AUTH'\r\n"],
  [['AUTH', 'bad'], WRONGPASS],
  [['AUTH', 'a', 'b', 'c'], '-ERR syntax error\r\n'],
  [['AUTH', 'nobody', 'x'], WRONGPASS],
  [['AUTH', 'bob', 'x'], WRONGPASS],
  [['AUTH', 'alice', 'pw'], '+OK\r\n'],
  [['AUTH', 'secret'], '+OK\r\n'],
  [['AUTH', 'default', 'secret'], '+OK\r\n'],
  [['CLIENT', 'ID'], '-NOAUTH Authentication required.\r\n'],
  [['FOOBAR', 'x'], "-ERR unknown command 'FOOBAR', with args beginning with: 'x' \r\n"],
  [['HELLO', 'x'], '-ERR Protocol version is not an integer or out of range\r\n'],
  [['HELLO', '4'], '-NOPROTO unsupported protocol version\r\n'],
];

/** Fresh connection to the open sentinel, RESP2. */
const OPEN_ROWS: readonly (readonly [readonly string[], string])[] = [
  [['AUTH', 'pw'], '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n'],
  [['AUTH', 'default', 'anything'], '+OK\r\n'],
  [['AUTH', 'nosuchuser', 'pw'], WRONGPASS],
  [['HELLO', '2'], helloMap(2, 1)],
  [['HELLO', '3', 'SETNAME', 'n1'], helloMap(3, 1)],
  [['HELLO', '2', 'AUTH', 'default', 'x', 'SETNAME', 'n2'], helloMap(2, 1)],
  [['HELLO', '3', 'FOO'], "-ERR Syntax error in HELLO option 'FOO'\r\n"],
  [['HELLO', '3', 'SETNAME'], "-ERR Syntax error in HELLO option 'SETNAME'\r\n"],
  [['HELLO', '0'], '-NOPROTO unsupported protocol version\r\n'],
  [['HELLO', '-1'], '-NOPROTO unsupported protocol version\r\n'],
  [['HELLO', '3.0'], '-ERR Protocol version is not an integer or out of range\r\n'],
];

describe('AUTH and HELLO answer like redis-sentinel 7.0.15', () => {
  it.each(SECURED_ROWS)('with requirepass and users: %j', (argv, expected) => {
    expect(new ServerBox(SECURED).run(argv).bytes).toBe(expected);
  });

  it.each(OPEN_ROWS)('without a password: %j', (argv, expected) => {
    expect(new ServerBox().run(argv).bytes).toBe(expected);
  });

  it('HELLO without a version answers in the current protocol, and HELLO 2 switches back', () => {
    const box = new ServerBox();
    expect(box.run3(['HELLO']).bytes).toBe(helloMap(3, 1));
    expect(box.run(['HELLO', '2']).bytes).toBe(helloMap(2, 1));
    expect(box.run(['PING']).bytes).toBe('+PONG\r\n');
  });
});

describe('authentication state', () => {
  it('HELLO AUTH authenticates, names the connection and switches to RESP3 at once', () => {
    const box = new ServerBox(SECURED);
    expect(box.run(['HELLO', '3', 'AUTH', 'alice', 'pw', 'SETNAME', 'app']).bytes).toBe(helloMap(3, 1));
    const client = box.core.env.clients.get(1)!;
    expect([client.user, client.name, client.proto]).toEqual(['alice', 'app', 3]);
    expect(box.run(['ACL', 'WHOAMI']).bytes).toBe('$5\r\nalice\r\n');
  });

  it('a failed HELLO changes nothing: no name, no protocol switch', () => {
    const box = new ServerBox(SECURED);
    box.run(['HELLO', '3', 'AUTH', 'alice', 'nope', 'SETNAME', 'app']);
    const client = box.core.env.clients.get(1)!;
    expect([client.user, client.name, client.proto]).toEqual([null, '', 2]);
  });

  it('the command rules of the user apply after AUTH', () => {
    const box = new ServerBox(SECURED);
    box.run(['AUTH', 'alice', 'pw']);
    expect(box.run(['SENTINEL', 'MYID']).bytes).toBe("-NOPERM this user has no permissions to run the 'sentinel|myid' command\r\n");
    expect(box.run(['PING']).bytes).toBe('+PONG\r\n');
  });

  it('new connections are authenticated as default while default has no password', () => {
    const box = new ServerBox();
    box.open(1);
    expect(box.core.env.clients.get(1)!.user).toBe('default');
  });

  it('a default user made passwordless lets waiting connections in, as Redis does', () => {
    const box = new ServerBox(SECURED);
    box.open(2);
    box.run(['AUTH', 'secret']);
    box.run(['ACL', 'SETUSER', 'default', 'nopass']);
    expect(box.run(['PING'], 2).bytes).toBe('+PONG\r\n');
  });

  it('logs failed attempts in ACL LOG, grouping repeats, with the client as it was', () => {
    // The object is the command name as typed, so `auth` and `AUTH` would be two entries.
    const box = new ServerBox();
    box.run(['AUTH', 'nobody', 'x'], 2);
    box.run(['AUTH', 'nobody', 'y'], 2, { mono: T0.mono + 500, wall: T0.wall + 500 });
    box.run(['HELLO', '3', 'AUTH', 'bob', 'x'], 3, { mono: T0.mono + 700, wall: T0.wall + 700 });
    const later = { mono: T0.mono + 2_000, wall: T0.wall + 2_000 };
    const [log] = box.run(['ACL', 'LOG'], 1, later).replies;
    expect(log).toEqual({
      t: 'array',
      v: [
        logEntry(1, 'HELLO', 'bob', '1.3', 'id=3 addr=127.0.0.1:50003 laddr=127.0.0.1:26379 fd=-1 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=48 qbuf-free=0 argv-mem=14 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=hello user=default redir=-1 resp=2'),
        logEntry(2, 'AUTH', 'nobody', '1.5', 'id=2 addr=127.0.0.1:50002 laddr=127.0.0.1:26379 fd=-1 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=33 qbuf-free=0 argv-mem=11 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=auth user=default redir=-1 resp=2'),
      ],
    });
  });

  it('ACL LOG writes age-seconds as a double: a bulk string in RESP2, `,` in RESP3', () => {
    const box = new ServerBox();
    box.run(['AUTH', 'nobody', 'x'], 2);
    const later = { mono: T0.mono + 1, wall: T0.wall + 1 };
    expect(box.run3(['ACL', 'LOG'], 1, later).bytes).toContain('$11\r\nage-seconds\r\n,0.001\r\n');
    expect(box.run(['HELLO', '2'], 1, later).bytes).toContain('proto');
    expect(box.run(['ACL', 'LOG'], 1, later).bytes).toContain('$11\r\nage-seconds\r\n$5\r\n0.001\r\n');
  });
});

function logEntry(count: number, object: string, username: string, age: string, clientInfo: string): unknown {
  return {
    t: 'map',
    v: [
      [{ t: 'bulk', v: 'count' }, { t: 'int', v: count }],
      [{ t: 'bulk', v: 'reason' }, { t: 'bulk', v: 'auth' }],
      [{ t: 'bulk', v: 'context' }, { t: 'bulk', v: 'toplevel' }],
      [{ t: 'bulk', v: 'object' }, { t: 'bulk', v: object }],
      [{ t: 'bulk', v: 'username' }, { t: 'bulk', v: username }],
      [{ t: 'bulk', v: 'age-seconds' }, { t: 'raw', v2: `$${age.length}\r\n${age}\r\n`, v3: `,${age}\r\n` }],
      [{ t: 'bulk', v: 'client-info' }, { t: 'bulk', v: clientInfo }],
    ],
  };
}
