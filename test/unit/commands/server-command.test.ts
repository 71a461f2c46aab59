/**
 * COMMAND over the sentinel's 15 commands. Expected bytes were captured from redis-sentinel
 * 7.0.15 (RESP2, and RESP3 where it differs); replies whose order is Redis's hash order are
 * compared as sets. The command table itself is checked against the captured data: same
 * commands, same subcommands, same arities.
 */
import { describe, expect, it } from 'vitest';
import { SENTINEL_CATALOG } from '../../../src/core/acl/catalog.js';
import { COMMAND_TABLE } from '../../../src/core/commands/registry.js';
import { COMMAND } from '../../../src/core/commands/server/command.js';
import { CAPTURED_COMMANDS } from '../../../src/core/commands/server/command-data.js';
import { encodeReply } from '../../../src/resp/encode.js';
import type { Reply } from '../../../src/resp/values.js';
import { parseReply, type RespNode } from '../../helpers/resp-client.js';
import { Batch } from '../../../src/core/batch.js';
import { ServerBox, T0 } from '../acl/server-box.js';

const SAME = null;

/** [argv, RESP2 bytes, RESP3 bytes or SAME]. */
const CAPTURED: readonly (readonly [readonly string[], string, string | null])[] = [
  [["COMMAND", "COUNT"], ":15\r\n", SAME],
  [["COMMAND", "COUNT", "x"], "-ERR wrong number of arguments for 'command|count' command\r\n", SAME],
  [["COMMAND", "NOPE"], "-ERR unknown subcommand 'NOPE'. Try COMMAND HELP.\r\n", SAME],
  [["COMMAND", "GETKEYS", "ping"], "-ERR wrong number of arguments for 'command|getkeys' command\r\n", SAME],
  [["COMMAND", "GETKEYS", "ping", "x"], "-ERR The command has no key arguments\r\n", SAME],
  [["COMMAND", "GETKEYS", "foo", "x"], "-ERR Invalid command specified\r\n", SAME],
  [["COMMAND", "GETKEYS", "client", "x", "y"], "-ERR Invalid command specified\r\n", SAME],
  [["COMMAND", "GETKEYS", "client", "list", "y"], "-ERR The command has no key arguments\r\n", SAME],
  [["COMMAND", "GETKEYS", "client|list", "x", "y"], "-ERR Invalid command specified\r\n", SAME],
  [["COMMAND", "GETKEYS", "role", "x", "y"], "-ERR The command has no key arguments\r\n", SAME],
  [["COMMAND", "GETKEYSANDFLAGS", "publish", "a", "b"], "-ERR The command has no key arguments\r\n", SAME],
  [["COMMAND", "GETKEYSANDFLAGS", "sentinel", "x"], "-ERR Invalid command specified\r\n", SAME],
  [["COMMAND", "INFO", "ping", "client|list", "sentinel|myid", "foo", "ping|x", "client|list|x", ""], "*7\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n*10\r\n$11\r\nclient|list\r\n:-2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n+@connection\r\n*1\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n*10\r\n$13\r\nsentinel|myid\r\n:2\r\n*1\r\n+admin\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n", "*7\r\n*10\r\n$4\r\nping\r\n:-1\r\n~1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n*10\r\n$11\r\nclient|list\r\n:-2\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n+@connection\r\n~1\r\n$23\r\nnondeterministic_output\r\n~0\r\n~0\r\n*10\r\n$13\r\nsentinel|myid\r\n:2\r\n~1\r\n+admin\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n_\r\n_\r\n_\r\n_\r\n"],
  [["COMMAND", "INFO", "AUTH"], "*1\r\n*10\r\n$4\r\nauth\r\n:-2\r\n*6\r\n+noscript\r\n+loading\r\n+stale\r\n+fast\r\n+no_auth\r\n+allow_busy\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n", "*1\r\n*10\r\n$4\r\nauth\r\n:-2\r\n~6\r\n+noscript\r\n+loading\r\n+stale\r\n+fast\r\n+no_auth\r\n+allow_busy\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n"],
  [["COMMAND", "DOCS", "ping", "foo", "client|list", "PING"], "*6\r\n$4\r\nping\r\n*10\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$11\r\nclient|list\r\n*12\r\n$7\r\nsummary\r\n$34\r\nGet the list of client connections\r\n$5\r\nsince\r\n$5\r\n2.4.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$48\r\nO(N) where N is the number of client connections\r\n$7\r\nhistory\r\n*6\r\n*2\r\n$6\r\n2.8.12\r\n$31\r\nAdded unique client `id` field.\r\n*2\r\n$5\r\n5.0.0\r\n$29\r\nAdded optional `TYPE` filter.\r\n*2\r\n$5\r\n6.0.0\r\n$19\r\nAdded `user` field.\r\n*2\r\n$5\r\n6.2.0\r\n$85\r\nAdded `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.\r\n*2\r\n$5\r\n7.0.0\r\n$50\r\nAdded `resp`, `multi-mem`, `rbs` and `rbp` fields.\r\n*2\r\n$5\r\n7.0.3\r\n$19\r\nAdded `ssub` field.\r\n$9\r\narguments\r\n*2\r\n*12\r\n$4\r\nname\r\n$28\r\nnormal_master_replica_pubsub\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\ntoken\r\n$4\r\nTYPE\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*4\r\n*6\r\n$4\r\nname\r\n$6\r\nnormal\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nNORMAL\r\n*6\r\n$4\r\nname\r\n$6\r\nmaster\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nMASTER\r\n*6\r\n$4\r\nname\r\n$7\r\nreplica\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nREPLICA\r\n*6\r\n$4\r\nname\r\n$6\r\npubsub\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nPUBSUB\r\n*12\r\n$4\r\nname\r\n$2\r\nid\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$2\r\nID\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$9\r\nclient-id\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n$4\r\nping\r\n*10\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*1\r\n+optional\r\n", "%3\r\n$4\r\nping\r\n%5\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$11\r\nclient|list\r\n%6\r\n$7\r\nsummary\r\n$34\r\nGet the list of client connections\r\n$5\r\nsince\r\n$5\r\n2.4.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$48\r\nO(N) where N is the number of client connections\r\n$7\r\nhistory\r\n~6\r\n*2\r\n$6\r\n2.8.12\r\n$31\r\nAdded unique client `id` field.\r\n*2\r\n$5\r\n5.0.0\r\n$29\r\nAdded optional `TYPE` filter.\r\n*2\r\n$5\r\n6.0.0\r\n$19\r\nAdded `user` field.\r\n*2\r\n$5\r\n6.2.0\r\n$85\r\nAdded `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.\r\n*2\r\n$5\r\n7.0.0\r\n$50\r\nAdded `resp`, `multi-mem`, `rbs` and `rbp` fields.\r\n*2\r\n$5\r\n7.0.3\r\n$19\r\nAdded `ssub` field.\r\n$9\r\narguments\r\n*2\r\n%6\r\n$4\r\nname\r\n$28\r\nnormal_master_replica_pubsub\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\ntoken\r\n$4\r\nTYPE\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*4\r\n%3\r\n$4\r\nname\r\n$6\r\nnormal\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nNORMAL\r\n%3\r\n$4\r\nname\r\n$6\r\nmaster\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nMASTER\r\n%3\r\n$4\r\nname\r\n$7\r\nreplica\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nREPLICA\r\n%3\r\n$4\r\nname\r\n$6\r\npubsub\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nPUBSUB\r\n%6\r\n$4\r\nname\r\n$2\r\nid\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$2\r\nID\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$9\r\nclient-id\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n$4\r\nping\r\n%5\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"],
  [["COMMAND", "DOCS", "nope"], "*0\r\n", "%0\r\n"],
  [["COMMAND", "DOCS", "hello"], "*2\r\n$5\r\nhello\r\n*12\r\n$7\r\nsummary\r\n$20\r\nHandshake with Redis\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n6.2.0\r\n$109\r\n`protover` made optional; when called without arguments the command reports the current connection's context.\r\n$9\r\narguments\r\n*1\r\n*8\r\n$4\r\nname\r\n$9\r\narguments\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n*4\r\n$4\r\nname\r\n$8\r\nprotover\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*10\r\n$4\r\nname\r\n$17\r\nusername_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*4\r\n$4\r\nname\r\n$8\r\nusername\r\n$4\r\ntype\r\n$6\r\nstring\r\n*4\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n*8\r\n$4\r\nname\r\n$10\r\nclientname\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$7\r\nSETNAME\r\n$5\r\nflags\r\n*1\r\n+optional\r\n", "%1\r\n$5\r\nhello\r\n%6\r\n$7\r\nsummary\r\n$20\r\nHandshake with Redis\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.2.0\r\n$109\r\n`protover` made optional; when called without arguments the command reports the current connection's context.\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$9\r\narguments\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n%2\r\n$4\r\nname\r\n$8\r\nprotover\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%5\r\n$4\r\nname\r\n$17\r\nusername_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname\r\n$8\r\nusername\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\nstring\r\n%4\r\n$4\r\nname\r\n$10\r\nclientname\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$7\r\nSETNAME\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"],
  [["COMMAND", "LIST", "FILTERBY", "PATTERN", "p?ng"], "*1\r\n$4\r\nping\r\n", SAME],
  [["COMMAND", "LIST", "FILTERBY", "aclcat", "nope"], "*0\r\n", SAME],
  [["COMMAND", "LIST", "FILTERBY", "module", "x"], "*0\r\n", SAME],
  [["COMMAND", "LIST", "FILTERBY", "foo", "x"], "-ERR syntax error\r\n", SAME],
  [["COMMAND", "LIST", "foo"], "-ERR syntax error\r\n", SAME],
  [["COMMAND", "LIST", "FILTERBY", "aclcat"], "-ERR syntax error\r\n", SAME],
  [["COMMAND", "LIST", "FILTERBY", "aclcat", "pubsub", "x"], "-ERR syntax error\r\n", SAME],
  [["COMMAND", "HELP"], "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n+    Return details about all Redis commands.\r\n+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n+LIST\r\n+    Return a list of all commands in this Redis server.\r\n+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n", SAME],
  [["COMMAND", "HELP", "x"], "-ERR wrong number of arguments for 'command|help' command\r\n", SAME],
];

function names(reply: Reply | undefined): string[] {
  if (reply?.t !== 'array') throw new Error('expected an array');
  return reply.v.map((r) => (r.t === 'bulk' ? r.v : '?'));
}

/** A parsed COMMAND INFO entry with its subcommands (element 9) sorted by name. */
function sortedEntry(node: RespNode): RespNode {
  if (node.type !== 'array' || node.value.length !== 10) return node;
  const subs = node.value[9]!;
  if (subs.type !== 'array' && subs.type !== 'set') return node;
  const sorted = [...subs.value].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { type: 'array', value: [...node.value.slice(0, 9), { ...subs, value: sorted }] };
}

function key(n: RespNode): string {
  return n.type === 'array' && n.value[0]?.type === 'bulk' ? n.value[0].value : '';
}

describe('COMMAND answers like redis-sentinel 7.0.15', () => {
  it.each(CAPTURED)('%j', (argv, resp2, resp3) => {
    expect(new ServerBox().bytes(2, argv)).toBe(resp2);
    expect(new ServerBox().bytes(3, argv)).toBe(resp3 ?? resp2);
  });

  it('LIST FILTERBY PATTERN matches full names without case (hash order aside)', () => {
    const got = names(new ServerBox().run(['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'SENTINEL|M*']).replies[0]);
    expect(got.sort()).toEqual(['sentinel|master', 'sentinel|masters', 'sentinel|monitor', 'sentinel|myid']);
  });

  it('LIST names the 15 commands and every subcommand; FILTERBY ACLCAT uses the captured categories', () => {
    const box = new ServerBox();
    const all = names(box.run(['COMMAND', 'LIST']).replies[0]);
    expect(all.filter((n) => !n.includes('|'))).toEqual([
      'acl', 'auth', 'client', 'command', 'hello', 'info', 'ping', 'psubscribe', 'publish', 'punsubscribe', 'role',
      'sentinel', 'shutdown', 'subscribe', 'unsubscribe',
    ]);
    expect(all.length).toBe(15 + 13 + 16 + 7 + 21);
    expect(names(box.run(['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'PUBSUB']).replies[0])).toEqual([
      'psubscribe', 'publish', 'punsubscribe', 'subscribe', 'unsubscribe',
    ]);
  });

  it('INFO and DOCS of a container are the captured entry with subcommands in name order', () => {
    // redis-sentinel 7.0.15 `COMMAND INFO command` (its subcommands sorted: Redis prints them in hash order).
    const real =
      '*1\r\n*10\r\n$7\r\ncommand\r\n:-1\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*7\r\n' +
      '*10\r\n$13\r\ncommand|count\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n' +
      '*10\r\n$12\r\ncommand|docs\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n' +
      '*10\r\n$15\r\ncommand|getkeys\r\n:-4\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n' +
      '*10\r\n$23\r\ncommand|getkeysandflags\r\n:-4\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n' +
      '*10\r\n$12\r\ncommand|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n' +
      '*10\r\n$12\r\ncommand|info\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n' +
      '*10\r\n$12\r\ncommand|list\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n';
    expect(new ServerBox().run(['COMMAND', 'INFO', 'command']).bytes).toBe(real);
  });

  it('lists the subcommands of every container in name order', () => {
    const parsed = parseReply(new ServerBox().run(['COMMAND', 'INFO']).bytes)!.node;
    const entries = parsed.type === 'array' ? parsed.value : [];
    expect(entries.map(sortedEntry)).toEqual(entries);
    expect(entries.map(key)).toEqual(CAPTURED_COMMANDS.map((c) => c.fullName));
  });

  it('the bare COMMAND lists every INFO entry, as COMMAND INFO does', () => {
    const box = new ServerBox().open(1);
    const ctx = { env: box.core.env, client: box.core.env.clients.get(1)!, now: T0, batch: new Batch() };
    const reply = COMMAND.handler!(ctx, ['COMMAND']);
    if (typeof reply === 'symbol') throw new Error('expected a reply');
    const info = box.run(['COMMAND', 'INFO']).replies[0]!;
    expect(encodeReply(reply, 3)).toBe(encodeReply(info, 3));
    expect(reply.t === 'array' ? reply.v.length : 0).toBe(15);
  });
});

describe('the command table matches the captured 7.0.15 data', () => {
  it('has exactly the 15 commands, each with Redis arity', () => {
    expect([...COMMAND_TABLE.keys()].sort()).toEqual(CAPTURED_COMMANDS.map((c) => c.fullName));
    for (const captured of CAPTURED_COMMANDS) expect([captured.fullName, COMMAND_TABLE.get(captured.fullName)!.arity]).toEqual([captured.fullName, captured.arity]);
  });

  it('has every captured subcommand of ACL, CLIENT and COMMAND with its arity', () => {
    for (const name of ['acl', 'client', 'command']) {
      const table = COMMAND_TABLE.get(name)!.subcommands!;
      for (const sub of CAPTURED_COMMANDS.find((c) => c.fullName === name)!.subcommands) {
        const spec = table.get(sub.fullName.split('|')[1]!);
        expect([sub.fullName, spec?.arity]).toEqual([sub.fullName, sub.arity]);
      }
    }
  });

  it('gives the ACL the captured categories (SENTINEL subcommands are admin except HELP)', () => {
    const cat = (name: string): string[] => [...SENTINEL_CATALOG.lookup(name)!.categories];
    expect(cat('sentinel|myid')).toEqual(['admin', 'slow', 'dangerous']);
    expect(cat('sentinel|help')).toEqual(['slow']);
    expect(cat('client|kill')).toEqual(['admin', 'slow', 'dangerous', 'connection']);
    expect(cat('role')).toEqual(['admin', 'fast', 'dangerous']);
    expect(cat('client|setinfo')).toEqual(['slow', 'connection']);
  });
});
