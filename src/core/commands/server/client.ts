/**
 * CLIENT in a sentinel: the 7.0.15 subcommands plus SETINFO (which 7.2 clients send on every
 * connection; validated as Redis 7.2 does, stored, not shown by CLIENT LIST's 7.0.15 format).
 * Anything else, MAINT_NOTIFICATIONS included, is the dispatcher's ordinary unknown-subcommand
 * error: the connection stays open. PAUSE and UNPAUSE are accepted but pause nothing (a
 * sentinel has no writes to hold back).
 */
import { bulk, err, int, NULL_BULK, OK, type Reply } from '../../../resp/values.js';
import { defineSubcommands, NO_REPLY, type CommandContext, type CommandSpec, type HandlerResult } from '../types.js';
import { clientInfoLine } from './client-info.js';
import { clientKillCommand, clientListCommand } from './client-list.js';
import { INVALID_CLIENT_NAME, validClientName } from './client-names.js';
import { caching, getredir, tracking, trackinginfo, unblock } from './client-tracking.js';
import { capturedArity } from './command-data.js';
import { SYNTAX_ERROR, subcommandSyntaxError } from './errors.js';
import { helpReply, verbatimText } from './reply-types.js';

const HELP_LINES: readonly string[] = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

function setname(ctx: CommandContext, argv: readonly string[]): Reply {
  const name = argv[2]!;
  if (!validClientName(name)) return INVALID_CLIENT_NAME;
  ctx.client.name = name;
  return OK;
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2). */
function setinfo(ctx: CommandContext, argv: readonly string[]): Reply {
  const attr = argv[2]!;
  const value = argv[3]!;
  const key = attr.toLowerCase();
  if (key !== 'lib-name' && key !== 'lib-ver') return err(`ERR Unrecognized option '${attr}'`);
  if (!validClientName(value)) return err(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
  if (key === 'lib-name') ctx.client.libName = value;
  else ctx.client.libVer = value;
  return OK;
}

function onOff(argv: readonly string[]): boolean | null {
  const v = argv[2]!.toLowerCase();
  return v === 'on' ? true : v === 'off' ? false : null;
}

function noEvict(ctx: CommandContext, argv: readonly string[]): Reply {
  const on = onOff(argv);
  if (on === null) return SYNTAX_ERROR;
  ctx.client.noEvict = on;
  return OK;
}

/** CLIENT REPLY ON|OFF|SKIP: OFF and SKIP are themselves not answered. */
function reply(ctx: CommandContext, argv: readonly string[]): HandlerResult {
  const c = ctx.client;
  switch (argv[2]!.toLowerCase()) {
    case 'on':
      c.replyMode = 'on';
      return OK;
    case 'off':
      c.replyMode = 'off';
      return NO_REPLY;
    case 'skip':
      if (c.replyMode !== 'off') c.replyMode = 'skip-next';
      return NO_REPLY;
    default:
      return SYNTAX_ERROR;
  }
}

/** CLIENT PAUSE timeout [WRITE|ALL]: validated like Redis (mode first, then the timeout). */
function pause(_ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 4) return subcommandSyntaxError(argv);
  if (argv.length === 4) {
    const mode = argv[3]!.toLowerCase();
    if (mode !== 'write' && mode !== 'all') return err('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  if (!/^(0|-?[1-9][0-9]*)$/.test(argv[2]!)) return err('ERR timeout is not an integer or out of range');
  const timeout = BigInt(argv[2]!);
  if (timeout > 9223372036854775807n || timeout < -9223372036854775808n) return err('ERR timeout is not an integer or out of range');
  if (timeout < 0n) return err('ERR timeout is negative');
  return OK;
}

function info(ctx: CommandContext, argv: readonly string[]): Reply {
  return verbatimText(clientInfoLine(ctx.client, ctx.now.mono, argv) + '\n');
}

export const CLIENT: CommandSpec = {
  name: 'client',
  arity: capturedArity('client'),
  subcommands: defineSubcommands('client', [
    { name: 'caching', arity: capturedArity('client|caching'), handler: caching },
    { name: 'getname', arity: capturedArity('client|getname'), handler: (ctx) => (ctx.client.name === '' ? NULL_BULK : bulk(ctx.client.name)) },
    { name: 'getredir', arity: capturedArity('client|getredir'), handler: getredir },
    { name: 'help', arity: capturedArity('client|help'), handler: () => helpReply(HELP_LINES) },
    { name: 'id', arity: capturedArity('client|id'), handler: (ctx) => int(ctx.client.id) },
    { name: 'info', arity: capturedArity('client|info'), handler: info },
    { name: 'kill', arity: capturedArity('client|kill'), handler: clientKillCommand },
    { name: 'list', arity: capturedArity('client|list'), handler: clientListCommand },
    { name: 'no-evict', arity: capturedArity('client|no-evict'), handler: noEvict },
    { name: 'pause', arity: capturedArity('client|pause'), handler: pause },
    { name: 'reply', arity: capturedArity('client|reply'), handler: reply },
    { name: 'setinfo', arity: 4, handler: setinfo },
    { name: 'setname', arity: capturedArity('client|setname'), handler: setname },
    { name: 'tracking', arity: capturedArity('client|tracking'), handler: tracking },
    { name: 'trackinginfo', arity: capturedArity('client|trackinginfo'), handler: trackinginfo },
    { name: 'unblock', arity: capturedArity('client|unblock'), handler: unblock },
    { name: 'unpause', arity: capturedArity('client|unpause'), handler: () => OK },
  ]),
};
