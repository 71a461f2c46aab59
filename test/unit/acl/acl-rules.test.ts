/**
 * ACL SETUSER's rule language and how ACL LIST writes a user back, against redis-sentinel
 * 7.0.15 (each row: `ACL SETUSER probe <rules>` on a fresh user, then its ACL LIST line).
 * Redis fixes single commands in hash order, so those rules are compared as a set; the start
 * (+@all/-@all) and the categories the greedy fit picks must match exactly, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Acl } from '../../../src/core/acl/acl.js';
import { describeUser } from '../../../src/core/acl/describe.js';
import { sha256 } from './server-box.js';

/** [rules, SETUSER reply, ACL LIST line (null when refused)]. */
const CAPTURED: readonly (readonly [readonly string[], string, string | null])[] = [
  [[], "+OK", "user probe off resetchannels -@all"],
  [["on",">pw"], "+OK", "user probe on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 resetchannels -@all"],
  [["on","nopass","+@all"], "+OK", "user probe on nopass resetchannels +@all"],
  [["+@all","-sentinel"], "+OK", "user probe off resetchannels +@all -@admin +client|pause +client|kill +client|unpause +client|unblock +client|no-evict +client|list +acl|dryrun +acl|setuser +acl|getuser +acl|log +acl|deluser +acl|list +acl|load +acl|users +acl|save +shutdown +role"],
  [["+@all","-@admin"], "+OK", "user probe off resetchannels +@all -@admin"],
  [["+@admin"], "+OK", "user probe off resetchannels -@all +@admin"],
  [["-@all","+@admin","-sentinel","+sentinel|myid"], "+OK", "user probe off resetchannels -@all +client|pause +client|kill +client|unpause +client|unblock +client|no-evict +client|list +acl|dryrun +acl|setuser +acl|getuser +acl|log +acl|deluser +acl|list +acl|load +acl|users +acl|save +sentinel|myid +shutdown +role"],
  [["+@all","-@dangerous"], "+OK", "user probe off resetchannels +@all -@dangerous"],
  [["+@pubsub","+@connection"], "+OK", "user probe off resetchannels -@all +@connection +@pubsub"],
  [["+@slow"], "+OK", "user probe off resetchannels -@all +@slow"],
  [["+@fast","-ping"], "+OK", "user probe off resetchannels -@all +@fast -ping"],
  [["allcommands","-client|kill","-acl"], "+OK", "user probe off resetchannels +@all -client|kill -acl"],
  [["+info|server","+info|clients","+ping"], "+OK", "user probe off resetchannels -@all +ping +info|server +info|clients"],
  [["+@all","-info","+info|server"], "+OK", "user probe off resetchannels +@all -info +info|server"],
  [["~k*","%R~r*","%W~w*","%RW~rw*","&ch","&ev*"], "+OK", "user probe off ~k* %R~r* %W~w* ~rw* resetchannels &ch &ev* -@all"],
  [["allkeys","allchannels"], "+OK", "user probe off ~* &* -@all"],
  [["reset"], "+OK", "user probe off sanitize-payload resetchannels -@all"],
  [["skip-sanitize-payload"], "+OK", "user probe off skip-sanitize-payload resetchannels -@all"],
  [["sanitize-payload","on"], "+OK", "user probe on sanitize-payload resetchannels -@all"],
  [["#0000000000000000000000000000000000000000000000000000000000000000",">b",">a",">b"], "+OK", "user probe off #0000000000000000000000000000000000000000000000000000000000000000 #3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d #ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb resetchannels -@all"],
  [[">a","<a"], "+OK", "user probe off resetchannels -@all"],
  [["(+ping ~x)","(&c -@all +subscribe)"], "+OK", "user probe off resetchannels -@all (~x resetchannels -@all +ping) (resetchannels &c -@all +subscribe)"],
  [["+ping","(+ping"], "-ERR Unmatched parenthesis in acl selector starting at '(+ping'.", null],
  [["+client|list|x"], "-ERR Error in ACL SETUSER modifier '+client|list|x': Allowing first-arg of a subcommand is not supported", null],
  [["-info|server"], "-ERR Error in ACL SETUSER modifier '-info|server': Unknown command or category name in ACL", null],
  [["+client|"], "-ERR Error in ACL SETUSER modifier '+client|': Syntax error", null],
  [["+nope"], "-ERR Error in ACL SETUSER modifier '+nope': Unknown command or category name in ACL", null],
  [["+@nope"], "-ERR Error in ACL SETUSER modifier '+@nope': Unknown command or category name in ACL", null],
  [["~a","allkeys","~b"], "-ERR Error in ACL SETUSER modifier '~b': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns", null],
  [["&a","allchannels","&b"], "-ERR Error in ACL SETUSER modifier '&b': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels", null],
  [["<nope"], "-ERR Error in ACL SETUSER modifier '<nope': The password you are trying to remove from the user does not exist", null],
  [["#abc"], "-ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters", null],
  [["%X~a"], "-ERR Error in ACL SETUSER modifier '%X~a': Syntax error", null],
  [["%~a"], "-ERR Error in ACL SETUSER modifier '%~a': Syntax error", null],
  [["bogus"], "-ERR Error in ACL SETUSER modifier 'bogus': Syntax error", null],
  [["(+bogus)"], "-ERR Error in ACL SETUSER modifier '(+bogus)': Unknown command or category name in ACL", null],
  [["+@all","-@all","+hello","+auth"], "+OK", "user probe off resetchannels -@all +hello +auth"],
  [["+client","-client|kill"], "+OK", "user probe off resetchannels -@all +@connection -hello +client -client|kill -ping -auth -command"],
  [["+sentinel|help","+command"], "+OK", "user probe off resetchannels -@all +sentinel|help +command"],
  [["+@connection","-@slow"], "+OK", "user probe off resetchannels -@all +@fast -publish -role"],
  [["(+ping","~a)","on"], "+OK", "user probe on resetchannels -@all (~a resetchannels -@all +ping)"],
  [["%R","%W~"], "+OK", "user probe off ~ resetchannels -@all"],
  [["~","&"], "+OK", "user probe off ~ resetchannels & -@all"],
  [["ON","NOPASS","+PING","~K","ALLCHANNELS"], "+OK", "user probe on nopass ~K &* -@all +ping"],
  [["+@ALL","-CLIENT|KILL"], "+OK", "user probe off resetchannels +@all -client|kill"],
];

/** Splits a description into [ordered head, sorted single-command rules]. */
function shape(line: string): [string[], string[]] {
  const head: string[] = [];
  const singles: string[] = [];
  for (const token of line.split(' ')) {
    const single = /^[+-][^@]/.test(token) && !token.startsWith('(');
    (single ? singles : head).push(token);
  }
  return [head, singles.sort()];
}

function setuser(acl: Acl, rules: readonly string[]): string {
  const error = acl.setUser('probe', rules);
  return error === null ? '+OK' : `-ERR ${error}`;
}

describe('ACL SETUSER and ACL LIST match redis-sentinel 7.0.15', () => {
  it.each(CAPTURED)('%j', (rules, reply, line) => {
    const acl = new Acl(sha256);
    expect(setuser(acl, rules)).toBe(reply);
    const user = acl.users.get('probe');
    expect(user === undefined ? null : shape(describeUser(user))).toEqual(line === null ? null : shape(line));
  });

  it('a refused SETUSER changes nothing, even on an existing user', () => {
    const acl = new Acl(sha256);
    acl.setUser('probe', ['on', '>pw', '+ping']);
    const before = describeUser(acl.users.get('probe')!);
    expect(acl.setUser('probe', ['off', '-ping', '+nope'])).toBe("Error in ACL SETUSER modifier '+nope': Unknown command or category name in ACL");
    expect(describeUser(acl.users.get('probe')!)).toBe(before);
  });

  it('refuses user names with spaces', () => {
    expect(new Acl(sha256).setUser('a b', [])).toBe("Usernames can't contain spaces or null characters");
  });
});

const COMMANDS = ['ping', 'info', 'role', 'auth', 'hello', 'publish', 'subscribe', 'shutdown', 'acl', 'client', 'command', 'sentinel'];
const SUBS = ['client|list', 'client|kill', 'client|setname', 'acl|whoami', 'sentinel|myid', 'sentinel|help', 'command|docs'];
const CATEGORIES = ['all', 'admin', 'dangerous', 'slow', 'fast', 'connection', 'pubsub'];
const RULE = fc.oneof(
  fc.tuple(fc.constantFrom('+', '-'), fc.constantFrom(...COMMANDS, ...SUBS)).map(([s, c]) => s + c),
  fc.tuple(fc.constantFrom('+@', '-@'), fc.constantFrom(...CATEGORIES)).map(([s, c]) => s + c),
  fc.constantFrom('+info|server', '+ping|x', 'allcommands', 'nocommands', 'on', 'off', 'nopass', '~k*', '&c*', 'reset'),
);

describe('ACL LIST lines are rules that rebuild the same user', () => {
  it('re-applying a described user gives the same description and the same permissions', () => {
    fc.assert(
      fc.property(fc.array(RULE, { maxLength: 8 }), (rules) => {
        const acl = new Acl(sha256);
        expect(acl.setUser('u', rules)).toBeNull();
        const line = describeUser(acl.users.get('u')!);
        const again = new Acl(sha256);
        expect(again.setUser('u', line.split(' ').slice(2))).toBeNull();
        expect(describeUser(again.users.get('u')!)).toBe(line);
        for (const cmd of [...COMMANDS, ...SUBS]) {
          expect(again.canRun('u', cmd, [cmd, 'server'])).toBe(acl.canRun('u', cmd, [cmd, 'server']));
        }
      }),
      { numRuns: 300 },
    );
  });
});
