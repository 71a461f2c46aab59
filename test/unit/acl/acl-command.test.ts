/**
 * The ACL subcommands. Expected bytes were captured from a fresh redis-sentinel 7.0.15 (RESP2,
 * and RESP3 where it differs); ACL CAT lists in hash order there, so it is compared as a set.
 */
import { describe, expect, it } from 'vitest';
import { ServerBox } from './server-box.js';

const SAME = null;

/** [argv, RESP2 bytes, RESP3 bytes or SAME]. */
const CAPTURED: readonly (readonly [readonly string[], string, string | null])[] = [
  [["ACL"], "-ERR wrong number of arguments for 'acl' command\r\n", SAME],
  [["ACL", "NOPE"], "-ERR unknown subcommand 'NOPE'. Try ACL HELP.\r\n", SAME],
  [["ACL", "HELP"], "*29\r\n+ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CAT [<category>]\r\n+    List all commands that belong to <category>, or all command categories\r\n+    when no category is specified.\r\n+DELUSER <username> [<username> ...]\r\n+    Delete a list of users.\r\n+DRYRUN <username> <command> [<arg> ...]\r\n+    Returns whether the user can execute the given command without executing the command.\r\n+GETUSER <username>\r\n+    Get the user's details.\r\n+GENPASS [<bits>]\r\n+    Generate a secure 256-bit user password. The optional `bits` argument can\r\n+    be used to specify a different size.\r\n+LIST\r\n+    Show users details in config file format.\r\n+LOAD\r\n+    Reload users from the ACL file.\r\n+LOG [<count> | RESET]\r\n+    Show the ACL log entries.\r\n+SAVE\r\n+    Save the current config to the ACL file.\r\n+SETUSER <username> <attribute> [<attribute> ...]\r\n+    Create or modify a user with the specified attributes.\r\n+USERS\r\n+    List all the registered usernames.\r\n+WHOAMI\r\n+    Return the current connection username.\r\n+HELP\r\n+    Prints this help.\r\n", SAME],
  [["ACL", "HELP", "x"], "-ERR wrong number of arguments for 'acl|help' command\r\n", SAME],
  [["ACL", "WHOAMI"], "$7\r\ndefault\r\n", SAME],
  [["ACL", "WHOAMI", "x"], "-ERR wrong number of arguments for 'acl|whoami' command\r\n", SAME],
  [["ACL", "USERS"], "*1\r\n$7\r\ndefault\r\n", SAME],
  [["ACL", "LIST"], "*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n", SAME],
  [["ACL", "CAT"], "*21\r\n$8\r\nkeyspace\r\n$4\r\nread\r\n$5\r\nwrite\r\n$3\r\nset\r\n$9\r\nsortedset\r\n$4\r\nlist\r\n$4\r\nhash\r\n$6\r\nstring\r\n$6\r\nbitmap\r\n$11\r\nhyperloglog\r\n$3\r\ngeo\r\n$6\r\nstream\r\n$6\r\npubsub\r\n$5\r\nadmin\r\n$4\r\nfast\r\n$4\r\nslow\r\n$8\r\nblocking\r\n$9\r\ndangerous\r\n$10\r\nconnection\r\n$11\r\ntransaction\r\n$9\r\nscripting\r\n", SAME],
  [["ACL", "CAT", "foo"], "-ERR Unknown category 'foo'\r\n", SAME],
  [["ACL", "CAT", "a", "b"], "-ERR unknown subcommand or wrong number of arguments for 'CAT'. Try ACL HELP.\r\n", SAME],
  [["ACL", "CAT", "hyperloglog"], "*0\r\n", SAME],
  [["ACL", "GETUSER", "default"], "*12\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n$9\r\nselectors\r\n*0\r\n", "%6\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n$9\r\nselectors\r\n*0\r\n"],
  [["ACL", "GETUSER", "nosuch"], "$-1\r\n", "_\r\n"],
  [["ACL", "GETUSER"], "-ERR wrong number of arguments for 'acl|getuser' command\r\n", SAME],
  [["ACL", "LOG"], "*0\r\n", SAME],
  [["ACL", "LOG", "x"], "-ERR value is not an integer or out of range\r\n", SAME],
  [["ACL", "LOG", "-1"], "*0\r\n", SAME],
  [["ACL", "LOG", "1", "2"], "-ERR unknown subcommand or wrong number of arguments for 'LOG'. Try ACL HELP.\r\n", SAME],
  [["ACL", "LOG", "RESET"], "+OK\r\n", SAME],
  [["ACL", "DRYRUN", "default", "ping"], "+OK\r\n", SAME],
  [["ACL", "DRYRUN", "nobody", "ping"], "-ERR User 'nobody' not found\r\n", SAME],
  [["ACL", "DRYRUN", "default", "foo"], "-ERR Command 'foo' not found\r\n", SAME],
  [["ACL", "DRYRUN", "default", "CLIENT"], "-ERR wrong number of arguments for 'client' command\r\n", SAME],
  [["ACL", "DRYRUN", "default", "client", "foo"], "-ERR Command 'client' not found\r\n", SAME],
  [["ACL", "DRYRUN", "default", "role", "x"], "-ERR wrong number of arguments for 'role' command\r\n", SAME],
  [["ACL", "DRYRUN", "default"], "-ERR wrong number of arguments for 'acl|dryrun' command\r\n", SAME],
  [["ACL", "SAVE"], "-ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.\r\n", SAME],
  [["ACL", "LOAD"], "-ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.\r\n", SAME],
  [["ACL", "GENPASS", "0"], "-ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096\r\n", SAME],
  [["ACL", "GENPASS", "4097"], "-ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096\r\n", SAME],
  [["ACL", "GENPASS", "x"], "-ERR value is not an integer or out of range\r\n", SAME],
  [["ACL", "GENPASS", "1", "2"], "-ERR unknown subcommand or wrong number of arguments for 'GENPASS'. Try ACL HELP.\r\n", SAME],
  [["ACL", "DELUSER", "default"], "-ERR The 'default' user cannot be removed\r\n", SAME],
  [["ACL", "DELUSER", "nobody", "default"], "-ERR The 'default' user cannot be removed\r\n", SAME],
  [["ACL", "DELUSER", "nobody"], ":0\r\n", SAME],
  [["ACL", "SETUSER", "a b"], "-ERR Usernames can't contain spaces or null characters\r\n", SAME],
  [["ACL", "SETUSER"], "-ERR wrong number of arguments for 'acl|setuser' command\r\n", SAME],
  [
    ['ACL', 'GETUSER', 'x'],
    '*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$9\r\npasswords\r\n*1\r\n$64\r\nca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\r\n$8\r\ncommands\r\n$5\r\n-@all\r\n$4\r\nkeys\r\n$0\r\n\r\n$8\r\nchannels\r\n$2\r\n&c\r\n$9\r\nselectors\r\n*1\r\n*6\r\n$8\r\ncommands\r\n$11\r\n-@all +ping\r\n$4\r\nkeys\r\n$2\r\n~a\r\n$8\r\nchannels\r\n$0\r\n\r\n',
    '%6\r\n$5\r\nflags\r\n~1\r\n$2\r\non\r\n$9\r\npasswords\r\n*1\r\n$64\r\nca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\r\n$8\r\ncommands\r\n$5\r\n-@all\r\n$4\r\nkeys\r\n$0\r\n\r\n$8\r\nchannels\r\n$2\r\n&c\r\n$9\r\nselectors\r\n*1\r\n%3\r\n$8\r\ncommands\r\n$11\r\n-@all +ping\r\n$4\r\nkeys\r\n$2\r\n~a\r\n$8\r\nchannels\r\n$0\r\n\r\n',
  ],
];

/** A sentinel with `user x on >a (+ping ~a) &c` (captured as ACL GETUSER x). */
function box(): ServerBox {
  return new ServerBox({ users: [{ name: 'x', rules: ['on', '>a', '(+ping', '~a)', '&c'] }] });
}

function strings(argv: readonly string[], b = new ServerBox()): string[] {
  const [reply] = b.run(argv).replies;
  return reply?.t === 'array' ? reply.v.map((r) => (r.t === 'bulk' ? r.v : '?')) : [];
}

describe('ACL answers like redis-sentinel 7.0.15', () => {
  it.each(CAPTURED)('%j', (argv, resp2, resp3) => {
    const make = (): ServerBox => (argv[2] === 'x' ? box() : new ServerBox());
    expect(make().bytes(2, argv)).toBe(resp2);
    expect(make().bytes(3, argv)).toBe(resp3 ?? resp2);
  });

  it('CAT admin lists the admin commands and subcommands (hash order aside)', () => {
    expect(strings(['ACL', 'CAT', 'ADMIN']).sort()).toEqual(
      ('acl|deluser acl|dryrun acl|getuser acl|list acl|load acl|log acl|save acl|setuser acl|users client|kill client|list ' +
        'client|no-evict client|pause client|unblock client|unpause role sentinel sentinel|ckquorum sentinel|config ' +
        'sentinel|debug sentinel|failover sentinel|flushconfig sentinel|get-master-addr-by-name sentinel|info-cache ' +
        'sentinel|is-master-down-by-addr sentinel|master sentinel|masters sentinel|monitor sentinel|myid ' +
        'sentinel|pending-scripts sentinel|remove sentinel|replicas sentinel|reset sentinel|sentinels sentinel|set ' +
        'sentinel|simulate-failure sentinel|slaves shutdown').split(' '),
    );
  });
});

describe('ACL subcommands', () => {
  it('GENPASS draws hex digits from the seeded generator: 64 by default, bits/4 rounded up', () => {
    const b = new ServerBox();
    const lengths = [[], ['1'], ['7'], ['9'], ['4096']].map((args) => {
      const [reply] = b.run(['ACL', 'GENPASS', ...args]).replies;
      const v = reply?.t === 'bulk' ? reply.v : '';
      expect(v).toMatch(/^[0-9a-f]+$/);
      return v.length;
    });
    expect(lengths).toEqual([64, 1, 2, 3, 1024]);
  });

  it('USERS and LIST are in name order', () => {
    const b = new ServerBox();
    b.run(['ACL', 'SETUSER', 'zed']);
    b.run(['ACL', 'SETUSER', 'Amy', 'on', 'nopass', '+@all']);
    expect(strings(['ACL', 'USERS'], b)).toEqual(['Amy', 'default', 'zed']);
    expect(strings(['ACL', 'LIST'], b)).toEqual([
      'user Amy on nopass resetchannels +@all',
      'user default on nopass ~* &* +@all',
      'user zed off resetchannels -@all',
    ]);
  });

  it('DELUSER counts deleted users and closes their connections, the caller after its reply', () => {
    const b = new ServerBox({ users: [{ name: 'app', rules: ['on', 'nopass', '+@all'] }] });
    b.run(['AUTH', 'app', 'x'], 2);
    b.run(['AUTH', 'app', 'x'], 3);
    const other = b.run(['ACL', 'DELUSER', 'app', 'nobody'], 2);
    expect(other.bytes).toBe(':1\r\n');
    expect(other.ready.actions.filter((a) => a.kind === 'close-client')).toEqual([
      { kind: 'close-client', clientId: 3 },
      { kind: 'close-client', clientId: 2 },
    ]);
    expect(b.core.env.clients.get(3)).toBeUndefined();
  });

  it('DRYRUN reports command and channel denials as Redis words them', () => {
    const b = new ServerBox({
      users: [
        { name: 'carol', rules: ['on', '-@all', '+info|server', '+client|id'] },
        { name: 'bob', rules: ['on', 'resetchannels', '&ch*', '+@all'] },
      ],
    });
    const rows: [string[], string][] = [
      [['carol', 'INFO', 'server'], '+OK\r\n'],
      [['carol', 'INFO'], "$54\r\nThis user has no permissions to run the 'info' command\r\n"],
      [['carol', 'CLIENT', 'LIST'], "$61\r\nThis user has no permissions to run the 'client|list' command\r\n"],
      [['carol', 'auth', 'x'], '+OK\r\n'],
      [['bob', 'publish', 'foo', 'x'], "$56\r\nThis user has no permissions to access the 'foo' channel\r\n"],
      [['bob', 'subscribe', 'ch1', 'foo'], "$56\r\nThis user has no permissions to access the 'foo' channel\r\n"],
      [['bob', 'psubscribe', 'ch*'], '+OK\r\n'],
      [['bob', 'psubscribe', 'c*'], "$55\r\nThis user has no permissions to access the 'c*' channel\r\n"],
      [['bob', 'unsubscribe', 'zzz'], '+OK\r\n'],
    ];
    for (const [args, expected] of rows) expect({ args, got: b.run(['ACL', 'DRYRUN', ...args]).bytes }).toEqual({ args, got: expected });
  });

  it('LOAD and SAVE with an aclfile are refused (the core does no file I/O) and say so in the log', () => {
    const b = new ServerBox({ aclfile: '/etc/vigil/users.acl' });
    const save = b.run(['ACL', 'SAVE']);
    expect(save.bytes).toBe('-ERR There was an error trying to save the ACLs. Please check the server logs for more information\r\n');
    expect(save.ready.actions[0]).toEqual({ kind: 'log', level: 'warning', text: 'ACL SAVE with aclfile /etc/vigil/users.acl is not supported by vigil yet' });
    expect(b.run(['ACL', 'LOAD']).bytes).toMatch(/^-ERR Error loading ACLs from \/etc\/vigil\/users.acl/);
  });

  it('WHOAMI names the authenticated user', () => {
    const b = box();
    b.run(['AUTH', 'x', 'a']);
    expect(b.run(['ACL', 'WHOAMI']).bytes).toBe("-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
    expect(b.run(['PING']).bytes).toBe('+PONG\r\n');
  });
});
