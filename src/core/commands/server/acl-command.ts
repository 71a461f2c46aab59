/**
 * ACL in a sentinel: every 7.0 subcommand. User management lives in acl-users.ts; this file has
 * the read-only and utility subcommands. ACL LOAD/SAVE need an ACL file: without `aclfile`
 * they answer Redis's error; with one they are refused, since the pure core does no file I/O
 * (the runtime would have to carry them out).
 */
import { bulk, bulks, err, int, map, OK, type Reply } from '../../../resp/values.js';
import { ACL_CATEGORIES } from '../../acl/catalog.js';
import type { AclLogEntry } from '../../acl/log.js';
import { isCategory } from '../../acl/selector.js';
import { parseLongLong } from '../helpers.js';
import { commandNamesOf } from '../renames.js';
import { defineSubcommands, type CommandContext, type CommandSpec } from '../types.js';
import { aclDeluser, aclGetuser, aclList, aclSetuser, aclUsers } from './acl-users.js';
import { capturedArity } from './command-data.js';
import { NOT_AN_INTEGER, subcommandSyntaxError } from './errors.js';
import { double, helpReply } from './reply-types.js';

const HELP_LINES: readonly string[] = [
  'ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
  'HELP',
  '    Prints this help.',
];

const NO_ACL_FILE = err(
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
);
const GENPASS_MAX_BITS = 4096;

function whoami(ctx: CommandContext): Reply {
  return bulk(ctx.client.user ?? 'default');
}

/** ACL CAT [category]: the categories, or every command and subcommand in one. */
function cat(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 2) return bulks(ACL_CATEGORIES);
  if (argv.length > 3) return subcommandSyntaxError(argv);
  const name = argv[2]!;
  if (!isCategory(name)) return err(`ERR Unknown category '${name.slice(0, 128)}'`);
  const wanted = name.toLowerCase();
  return bulks([...ctx.env.acl.catalog.walk()].filter((c) => c.categories.has(wanted)).map((c) => c.fullName));
}

/** ACL GENPASS [bits]: hex digits from the core's seeded generator (4 bits each, rounded up). */
function genpass(ctx: CommandContext, argv: readonly string[]): Reply {
  let bits = 256;
  if (argv.length === 3) {
    const n = parseLongLong(argv[2]!);
    if (n === null) return NOT_AN_INTEGER;
    bits = n;
  } else if (argv.length > 3) {
    return subcommandSyntaxError(argv);
  }
  if (bits <= 0 || bits > GENPASS_MAX_BITS) {
    return err(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
  }
  return bulk(ctx.env.rng.hex(Math.ceil(bits / 4)));
}

function logEntry(e: AclLogEntry, nowWall: number): Reply {
  return map([
    ['count', int(e.count)],
    ['reason', bulk(e.reason)],
    ['context', bulk(e.context)],
    ['object', bulk(e.object)],
    ['username', bulk(e.username)],
    ['age-seconds', double((nowWall - e.wallMs) / 1000)],
    ['client-info', bulk(e.clientInfo)],
  ]);
}

/** ACL LOG [count | RESET]: the newest entries first, 10 by default. */
function log(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 3) return subcommandSyntaxError(argv);
  let count = 10;
  if (argv.length === 3) {
    if (argv[2]!.toLowerCase() === 'reset') {
      ctx.env.acl.log.reset();
      return OK;
    }
    const n = parseLongLong(argv[2]!);
    if (n === null) return NOT_AN_INTEGER;
    count = Math.max(0, n);
  }
  return { t: 'array', v: ctx.env.acl.log.newest(count).map((e) => logEntry(e, ctx.now.wall)) };
}

function fileCommand(verb: 'load' | 'save') {
  return (ctx: CommandContext): Reply => {
    if (ctx.env.server.aclfile === null) return NO_ACL_FILE;
    ctx.batch.log('warning', `ACL ${verb.toUpperCase()} with aclfile ${ctx.env.server.aclfile} is not supported by vigil yet`);
    return verb === 'save'
      ? err('ERR There was an error trying to save the ACLs. Please check the server logs for more information')
      : err(`ERR Error loading ACLs from ${ctx.env.server.aclfile}: not supported by vigil yet`);
  };
}

/** ACL DRYRUN user command [arg ...]: would `user` be allowed to run this command? */
function dryrun(ctx: CommandContext, argv: readonly string[]): Reply {
  const { acl } = ctx.env;
  const username = argv[2]!;
  if (!acl.users.has(username)) return err(`ERR User '${username}' not found`);
  const args = argv.slice(3);
  // The command is named as a client would type it: under its rename-command name (renames.ts).
  const own = commandNamesOf(ctx.env.server).ownName(args[0]!);
  const cmd = own === undefined ? undefined : acl.catalog.lookupArgv([own, ...args.slice(1)]);
  if (cmd === undefined) return err(`ERR Command '${args[0]}' not found`);
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) {
    return err(`ERR wrong number of arguments for '${cmd.fullName}' command`);
  }
  const denial = acl.check(username, cmd.fullName, args);
  if (denial === null) return OK;
  return bulk(
    denial.reason === 'command'
      ? `This user has no permissions to run the '${denial.object}' command`
      : `This user has no permissions to access the '${denial.object}' channel`,
  );
}

export const ACL: CommandSpec = {
  name: 'acl',
  arity: capturedArity('acl'),
  subcommands: defineSubcommands('acl', [
    { name: 'cat', arity: capturedArity('acl|cat'), handler: cat },
    { name: 'deluser', arity: capturedArity('acl|deluser'), handler: aclDeluser },
    { name: 'dryrun', arity: capturedArity('acl|dryrun'), handler: dryrun },
    { name: 'genpass', arity: capturedArity('acl|genpass'), handler: genpass },
    { name: 'getuser', arity: capturedArity('acl|getuser'), handler: aclGetuser },
    { name: 'help', arity: capturedArity('acl|help'), handler: () => helpReply(HELP_LINES) },
    { name: 'list', arity: capturedArity('acl|list'), handler: aclList },
    { name: 'load', arity: capturedArity('acl|load'), handler: fileCommand('load') },
    { name: 'log', arity: capturedArity('acl|log'), handler: log },
    { name: 'save', arity: capturedArity('acl|save'), handler: fileCommand('save') },
    { name: 'setuser', arity: capturedArity('acl|setuser'), handler: aclSetuser },
    { name: 'users', arity: capturedArity('acl|users'), handler: aclUsers },
    { name: 'whoami', arity: capturedArity('acl|whoami'), handler: whoami },
  ]),
};
