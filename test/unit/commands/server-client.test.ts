/**
 * CLIENT. Expected bytes (RESP2, and RESP3 where it differs) were captured from
 * redis-sentinel 7.0.15 on a fresh connection per row. SETINFO, which 7.0.15 does not have,
 * follows Redis 7.2; CLIENT LIST keeps 7.0.15's fields.
 */
import { describe, expect, it } from 'vitest';
import { finishCommand } from '../../../src/core/clients.js';
import { ServerBox, T0 } from '../acl/server-box.js';

const SAME = null;

/** [argv, RESP2 bytes, RESP3 bytes or SAME]. */
const CAPTURED: readonly (readonly [readonly string[], string, string | null])[] = [
  [["CLIENT"], "-ERR wrong number of arguments for 'client' command\r\n", SAME],
  [["CLIENT", "HELP"], "*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n+    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.\r\n+GETREDIR\r\n+    Return the client ID we are redirecting to when tracking is enabled.\r\n+GETNAME\r\n+    Return the name of the current connection.\r\n+ID\r\n+    Return the ID of the current connection.\r\n+INFO\r\n+    Return information about the current client connection.\r\n+KILL <ip:port>\r\n+    Kill connection made from <ip:port>.\r\n+KILL <option> <value> [<option> <value> [...]]\r\n+    Kill connections. Options are:\r\n+    * ADDR (<ip:port>|<unixsocket>:0)\r\n+      Kill connections made from the specified address\r\n+    * LADDR (<ip:port>|<unixsocket>:0)\r\n+      Kill connections made to specified local address\r\n+    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\r\n+      Kill connections by type.\r\n+    * USER <username>\r\n+      Kill connections authenticated by <username>.\r\n+    * SKIPME (YES|NO)\r\n+      Skip killing current connection (default: yes).\r\n+LIST [options ...]\r\n+    Return information about client connections. Options:\r\n+    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\r\n+      Return clients of specified type.\r\n+UNPAUSE\r\n+    Stop the current client pause, resuming traffic.\r\n+PAUSE <timeout> [WRITE|ALL]\r\n+    Suspend all, or just write, clients for <timeout> milliseconds.\r\n+REPLY (ON|OFF|SKIP)\r\n+    Control the replies sent to the current connection.\r\n+SETNAME <name>\r\n+    Assign the name <name> to the current connection.\r\n+UNBLOCK <clientid> [TIMEOUT|ERROR]\r\n+    Unblock the specified blocked client.\r\n+TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]\r\n+         [OPTIN] [OPTOUT] [NOLOOP]\r\n+    Control server assisted client side caching.\r\n+TRACKINGINFO\r\n+    Report tracking status for the current connection.\r\n+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n", SAME],
  [["CLIENT", "HELP", "x"], "-ERR wrong number of arguments for 'client|help' command\r\n", SAME],
  [["CLIENT", "NOPE"], "-ERR unknown subcommand 'NOPE'. Try CLIENT HELP.\r\n", SAME],
  [["CLIENT", "MAINT_NOTIFICATIONS", "ON", "moving-endpoint-type", "internal-ip"], "-ERR unknown subcommand 'MAINT_NOTIFICATIONS'. Try CLIENT HELP.\r\n", SAME],
  [["CLIENT", "GETNAME"], "$-1\r\n", "_\r\n"],
  [["CLIENT", "GETNAME", "x"], "-ERR wrong number of arguments for 'client|getname' command\r\n", SAME],
  [["CLIENT", "SETNAME", "a b"], "-ERR Client names cannot contain spaces, newlines or special characters.\r\n", SAME],
  [["CLIENT", "SETNAME", "\u00e9"], "-ERR Client names cannot contain spaces, newlines or special characters.\r\n", SAME],
  [["CLIENT", "SETNAME", "ok-name"], "+OK\r\n", SAME],
  [["CLIENT", "SETNAME", ""], "+OK\r\n", SAME],
  [["CLIENT", "ID", "x"], "-ERR wrong number of arguments for 'client|id' command\r\n", SAME],
  [["CLIENT", "KILL", "1.2.3.4:5"], "-ERR No such client\r\n", SAME],
  [["CLIENT", "KILL", "ID", "abc"], "-ERR client-id should be greater than 0\r\n", SAME],
  [["CLIENT", "KILL", "ID", "0"], "-ERR client-id should be greater than 0\r\n", SAME],
  [["CLIENT", "KILL", "ID", "-1"], "-ERR client-id should be greater than 0\r\n", SAME],
  [["CLIENT", "KILL", "ID", "99999"], ":0\r\n", SAME],
  [["CLIENT", "KILL", "ID", "1", "TYPE"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "KILL", "TYPE", "foo"], "-ERR Unknown client type 'foo'\r\n", SAME],
  [["CLIENT", "KILL", "USER", "nobody"], "-ERR No such user 'nobody'\r\n", SAME],
  [["CLIENT", "KILL", "SKIPME", "x"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "KILL", "BOGUS", "x"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "KILL", "MAXAGE", "1"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "KILL", "ADDR", "1.1.1.1:1", "LADDR", "x"], ":0\r\n", SAME],
  [["CLIENT", "KILL", "TYPE", "master"], ":0\r\n", SAME],
  [["CLIENT", "KILL", "TYPE", "replica", "SKIPME", "no"], ":0\r\n", SAME],
  [["CLIENT", "LIST", "TYPE", "foo"], "-ERR Unknown client type 'foo'\r\n", SAME],
  [["CLIENT", "LIST", "ID", "abc"], "-ERR Invalid client ID\r\n", SAME],
  [["CLIENT", "LIST", "ID", "999"], "$0\r\n\r\n", "=4\r\ntxt:\r\n"],
  [["CLIENT", "LIST", "ID", "0", "-5"], "$0\r\n\r\n", "=4\r\ntxt:\r\n"],
  [["CLIENT", "LIST", "TYPE", "pubsub"], "$0\r\n\r\n", "=4\r\ntxt:\r\n"],
  [["CLIENT", "LIST", "TYPE", "master"], "$0\r\n\r\n", "=4\r\ntxt:\r\n"],
  [["CLIENT", "LIST", "TYPE", "normal", "ID", "1"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "LIST", "foo"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "NO-EVICT", "on"], "+OK\r\n", SAME],
  [["CLIENT", "NO-EVICT", "OFF"], "+OK\r\n", SAME],
  [["CLIENT", "NO-EVICT", "x"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "REPLY", "x"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "REPLY", "ON"], "+OK\r\n", SAME],
  [["CLIENT", "REPLY", "ON", "x"], "-ERR wrong number of arguments for 'client|reply' command\r\n", SAME],
  [["CLIENT", "PAUSE", "x"], "-ERR timeout is not an integer or out of range\r\n", SAME],
  [["CLIENT", "PAUSE", "-1"], "-ERR timeout is negative\r\n", SAME],
  [["CLIENT", "PAUSE", "10", "foo"], "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", SAME],
  [["CLIENT", "PAUSE", "1", "ALL", "x"], "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n", SAME],
  [["CLIENT", "PAUSE", "99999999999999999999"], "-ERR timeout is not an integer or out of range\r\n", SAME],
  [["CLIENT", "PAUSE", "0", "write"], "+OK\r\n", SAME],
  [["CLIENT", "UNPAUSE"], "+OK\r\n", SAME],
  [["CLIENT", "UNPAUSE", "x"], "-ERR wrong number of arguments for 'client|unpause' command\r\n", SAME],
  [["CLIENT", "UNBLOCK", "1", "foo"], "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n", SAME],
  [["CLIENT", "UNBLOCK", "x"], "-ERR value is not an integer or out of range\r\n", SAME],
  [["CLIENT", "UNBLOCK", "1"], ":0\r\n", SAME],
  [["CLIENT", "UNBLOCK", "1", "ERROR"], ":0\r\n", SAME],
  [["CLIENT", "UNBLOCK", "1", "2", "3"], "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n", SAME],
  [["CLIENT", "CACHING", "yes"], "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n", SAME],
  [["CLIENT", "GETREDIR"], ":-1\r\n", SAME],
  [["CLIENT", "TRACKINGINFO"], "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n", "%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"],
  [["CLIENT", "TRACKING", "maybe"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "foo"], "-ERR syntax error\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "redirect", "999"], "-ERR The client ID you want redirect to does not exist\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "redirect", "x"], "-ERR value is not an integer or out of range\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "prefix", "a"], "-ERR PREFIX option requires BCAST mode to be enabled\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "ab"], "-ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap.\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "bcast", "optin"], "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n", SAME],
  [["CLIENT", "TRACKING", "on", "optin", "optout"], "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n", SAME],
  [["CLIENT", "TRACKING", "off"], "+OK\r\n", SAME],
];

describe('CLIENT answers like redis-sentinel 7.0.15', () => {
  it.each(CAPTURED)('%j', (argv, resp2, resp3) => {
    expect(new ServerBox().bytes(2, argv)).toBe(resp2);
    expect(new ServerBox().bytes(3, argv)).toBe(resp3 ?? resp2);
  });
});

const LINE =
  'id=1 addr=127.0.0.1:50001 laddr=127.0.0.1:26379 fd=-1 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 ' +
  'qbuf=26 qbuf-free=0 argv-mem=10 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|info user=default redir=-1 resp=';

describe('CLIENT INFO and LIST', () => {
  it('INFO is one line in 7.0.15 field order: a bulk string in RESP2, verbatim txt in RESP3', () => {
    const box = new ServerBox();
    expect(box.run(['CLIENT', 'INFO']).bytes).toBe(`$${LINE.length + 2}\r\n${LINE}2\n\r\n`);
    box.run(['HELLO', '3']);
    expect(box.run(['CLIENT', 'INFO']).bytes).toBe(`=${LINE.length + 6}\r\ntxt:${LINE}3\n\r\n`);
  });

  it('LIST shows every client with its name, age, idle time, flags, subscriptions, last command and user', () => {
    const box = new ServerBox({ requirepass: 'pw' });
    box.open(1, T0);
    box.open(2, { mono: T0.mono - 90_000, wall: T0.wall - 90_000 });
    box.run(['AUTH', 'pw'], 2, { mono: T0.mono - 5_000, wall: T0.wall - 5_000 });
    box.run(['CLIENT', 'SETNAME', 'watcher'], 2, { mono: T0.mono - 4_000, wall: T0.wall - 4_000 });
    box.run(['SUBSCRIBE', '+sdown', '+odown'], 2, { mono: T0.mono - 3_500, wall: T0.wall - 3_500 });
    box.run(['PSUBSCRIBE', '*'], 2, { mono: T0.mono - 3_000, wall: T0.wall - 3_000 });
    box.run(['AUTH', 'pw'], 1);
    box.run(['CLIENT', 'NO-EVICT', 'on'], 1);
    const [reply] = box.run(['CLIENT', 'LIST'], 1).replies;
    const body =
      'id=1 addr=127.0.0.1:50001 laddr=127.0.0.1:26379 fd=-1 name= age=0 idle=0 flags=e db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=0 argv-mem=10 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|list user=default redir=-1 resp=2\n' +
      'id=2 addr=127.0.0.1:50002 laddr=127.0.0.1:26379 fd=-1 name=watcher age=90 idle=3 flags=P db=0 sub=2 psub=1 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=psubscribe user=default redir=-1 resp=2\n';
    expect(reply?.t === 'raw' ? reply.v2 : '').toBe(`$${body.length}\r\n${body}\r\n`);
  });

  it('shows an unauthenticated client as user default, and socket facts the adapter filled in', () => {
    const box = new ServerBox({ requirepass: 'pw' });
    box.open(2);
    Object.assign(box.core.env.clients.get(2)!.io, { fd: 9, qbufFree: 20474, rbs: 1024, rbp: 7, totMem: 22272 });
    box.run(['AUTH', 'pw']);
    const text = box.run(['CLIENT', 'LIST', 'ID', '2']).replies[0];
    expect(text?.t === 'raw' ? text.v2 : '').toContain('fd=9 name= age=0 idle=0 flags=N');
    expect(text?.t === 'raw' ? text.v2 : '').toContain('qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=7 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=NULL user=default');
  });

  it('filters by TYPE (pubsub, normal) and by ID, in the order asked, repeats included', () => {
    const box = new ServerBox();
    box.open(1).open(2).open(3);
    box.run(['SUBSCRIBE', 'x'], 3);
    const ids = (argv: string[]): number[] => {
      const [r] = box.run(argv).replies;
      const text = r?.t === 'raw' ? r.v2.replace(/^\$\d+\r\n/, '') : '';
      return [...text.matchAll(/^id=(\d+)/gm)].map((m) => Number(m[1]));
    };
    expect(ids(['CLIENT', 'LIST', 'TYPE', 'pubsub'])).toEqual([3]);
    expect(ids(['CLIENT', 'LIST', 'TYPE', 'NORMAL'])).toEqual([1, 2]);
    expect(ids(['CLIENT', 'LIST', 'ID', '3', '1', '3', '7'])).toEqual([3, 1, 3]);
  });
});

describe('CLIENT KILL', () => {
  it('old form: kills the client at that address, the caller included, and replies +OK', () => {
    const box = new ServerBox();
    box.open(1).open(2);
    const { bytes, ready } = box.run(['CLIENT', 'KILL', '127.0.0.1:50002']);
    expect(bytes).toBe('+OK\r\n');
    expect(ready.actions).toContainEqual({ kind: 'close-client', clientId: 2 });
    expect(box.core.env.clients.get(2)).toBeUndefined();
    const self = box.run(['CLIENT', 'KILL', '127.0.0.1:50001']);
    expect(self.bytes).toBe('+OK\r\n');
    expect(self.ready.actions.at(-1)).toEqual({ kind: 'close-client', clientId: 1 });
  });

  it('filter form: counts matches, skips the caller unless SKIPME no', () => {
    const box = new ServerBox();
    box.open(1).open(2).open(3).open(4);
    box.run(['PSUBSCRIBE', '*'], 4);
    expect(box.run(['CLIENT', 'KILL', 'TYPE', 'pubsub']).bytes).toBe(':1\r\n');
    expect(box.run(['CLIENT', 'KILL', 'LADDR', '127.0.0.1:26379', 'ADDR', '127.0.0.1:50002']).bytes).toBe(':1\r\n');
    expect(box.run(['CLIENT', 'KILL', 'USER', 'default']).bytes).toBe(':1\r\n');
    expect([...box.core.env.clients.all()].map((c) => c.id)).toEqual([1]);
    const self = box.run(['CLIENT', 'KILL', 'ID', '1', 'SKIPME', 'no']);
    expect(self.bytes).toBe(':1\r\n');
    expect(self.ready.actions.at(-1)).toEqual({ kind: 'close-client', clientId: 1 });
  });

  it('USER matches the clients authenticated as that user', () => {
    const box = new ServerBox({ users: [{ name: 'app', rules: ['on', 'nopass', '+@all'] }] });
    box.open(1).open(2).open(3);
    box.run(['AUTH', 'app', 'x'], 3);
    expect(box.run(['CLIENT', 'KILL', 'USER', 'app']).bytes).toBe(':1\r\n');
    expect(box.core.env.clients.get(3)).toBeUndefined();
  });
});

describe('CLIENT SETNAME, GETNAME, SETINFO, NO-EVICT, REPLY, PAUSE', () => {
  it('SETNAME then GETNAME; an empty name clears it', () => {
    const box = new ServerBox();
    expect(box.run(['CLIENT', 'SETNAME', 'sentinel-1a2b3c4d-cmd']).bytes).toBe('+OK\r\n');
    expect(box.run(['CLIENT', 'GETNAME']).bytes).toBe('$21\r\nsentinel-1a2b3c4d-cmd\r\n');
    box.run(['CLIENT', 'SETNAME', '']);
    expect(box.run(['CLIENT', 'GETNAME']).bytes).toBe('$-1\r\n');
  });

  it.each([
    [['CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis'], '+OK\r\n'],
    [['client', 'setinfo', 'lib-ver', '6.0.0'], '+OK\r\n'],
    [['CLIENT', 'SETINFO', 'BOGUS', 'x'], "-ERR Unrecognized option 'BOGUS'\r\n"],
    [['CLIENT', 'SETINFO', 'lib-Name', 'has space'], '-ERR lib-Name cannot contain spaces, newlines or special characters.\r\n'],
    [['CLIENT', 'SETINFO', 'LIB-NAME'], "-ERR wrong number of arguments for 'client|setinfo' command\r\n"],
  ])('SETINFO as Redis 7.2: %j', (argv, expected) => {
    expect(new ServerBox().run(argv).bytes).toBe(expected);
  });

  it('SETINFO stores the library name and version', () => {
    const box = new ServerBox();
    box.run(['CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py']);
    box.run(['CLIENT', 'SETINFO', 'LIB-VER', '8.0.0']);
    const c = box.core.env.clients.get(1)!;
    expect([c.libName, c.libVer]).toEqual(['redis-py', '8.0.0']);
  });

  it('an unknown subcommand such as MAINT_NOTIFICATIONS is an error, not a disconnection', () => {
    const box = new ServerBox();
    const { ready } = box.run(['CLIENT', 'MAINT_NOTIFICATIONS', 'ON', 'moving-endpoint-type', 'internal-ip']);
    expect(ready.actions.some((a) => a.kind === 'close-client')).toBe(false);
    expect(box.core.env.clients.get(1)?.closing).toBe(false);
  });

  it('NO-EVICT sets the e flag; REPLY OFF and SKIP are not answered and set the reply mode', () => {
    const box = new ServerBox();
    box.run(['CLIENT', 'NO-EVICT', 'ON']);
    expect(box.core.env.clients.get(1)!.noEvict).toBe(true);
    expect(box.run(['CLIENT', 'REPLY', 'SKIP']).replies).toEqual([]);
    expect(box.core.env.clients.get(1)!.replyMode).toBe('skip-next');
    expect(box.run(['CLIENT', 'REPLY', 'OFF']).replies).toEqual([]);
    expect(box.core.env.clients.get(1)!.replyMode).toBe('off');
    box.run(['CLIENT', 'REPLY', 'SKIP']);
    expect(box.core.env.clients.get(1)!.replyMode).toBe('off');
    box.run(['CLIENT', 'REPLY', 'ON']);
    expect(box.core.env.clients.get(1)!.replyMode).toBe('on');
  });

  it('PAUSE accepts Redis timeouts, up to the largest 64-bit value', () => {
    const box = new ServerBox();
    expect(box.run(['CLIENT', 'PAUSE', '9223372036854775807', 'WRITE']).bytes).toBe('+OK\r\n');
    expect(box.run(['CLIENT', 'PAUSE', '9223372036854775808']).bytes).toBe('-ERR timeout is not an integer or out of range\r\n');
  });
});

describe('CLIENT TRACKING', () => {
  it('keeps and shows the tracking state as a sentinel does (captured sequence)', () => {
    const box = new ServerBox();
    box.open(7);
    const steps: [string[], string][] = [
      [['CLIENT', 'TRACKING', 'on'], '+OK\r\n'],
      [['CLIENT', 'TRACKINGINFO'], '*6\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n'],
      [['CLIENT', 'GETREDIR'], ':0\r\n'],
      [['CLIENT', 'CACHING', 'yes'], '-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n'],
      [['CLIENT', 'TRACKING', 'on', 'BCAST'], "-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.\r\n"],
      [['CLIENT', 'TRACKING', 'off'], '+OK\r\n'],
      [['CLIENT', 'TRACKING', 'on', 'optin', 'redirect', '7'], '+OK\r\n'],
      [['CLIENT', 'CACHING', 'yes'], '+OK\r\n'],
      [['CLIENT', 'TRACKINGINFO'], '*6\r\n$5\r\nflags\r\n*3\r\n$2\r\non\r\n$5\r\noptin\r\n$11\r\ncaching-yes\r\n$8\r\nredirect\r\n:7\r\n$8\r\nprefixes\r\n*0\r\n'],
      [['CLIENT', 'CACHING', 'no'], '-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n'],
      [['CLIENT', 'TRACKING', 'on', 'optout'], "-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.\r\n"],
      [['CLIENT', 'TRACKING', 'off'], '+OK\r\n'],
      [['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'b', 'prefix', 'a', 'noloop'], '+OK\r\n'],
      [['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'bc'], "-ERR Prefix 'bc' overlaps with an existing prefix 'b'. Prefixes for a single client must not overlap.\r\n"],
      [['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'c'], '+OK\r\n'],
      [['CLIENT', 'TRACKINGINFO'], '*6\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
    ];
    for (const [argv, expected] of steps) expect({ argv, bytes: box.run(argv).bytes }).toEqual({ argv, bytes: expected });
    const [info] = box.run(['CLIENT', 'INFO']).replies;
    expect(info?.t === 'raw' ? info.v2 : '').toContain(' flags=tB db=0 ');
    expect(info?.t === 'raw' ? info.v2 : '').toContain(' redir=0 resp=2\n');
  });

  it('CACHING lasts until a command other than CLIENT has run', () => {
    const box = new ServerBox();
    box.run(['CLIENT', 'TRACKING', 'on', 'optout']);
    box.run(['CLIENT', 'CACHING', 'no']);
    const session = box.core.env.clients.get(1)!;
    finishCommand(session, 'client|caching');
    expect(session.tracking?.caching).toBe(true);
    finishCommand(session, 'ping');
    expect(session.tracking?.caching).toBe(false);
  });
});
