/**
 * COMMAND and its subcommands over the sentinel's 15 commands, answered from the data
 * captured from redis-sentinel 7.0.15 (command-data.ts), so INFO and DOCS entries are the
 * same bytes in RESP2 and RESP3. Redis lists commands in hash order, which differs from one
 * process to the next; vigil lists them by name. No sentinel command has key arguments, so
 * GETKEYS only ever reports that (or an unknown command).
 */
import { bulk, bulks, err, int, NULL_BULK, type Reply } from '../../../resp/values.js';
import { ACL_CATEGORIES } from '../../acl/catalog.js';
import { globMatch } from '../../glob.js';
import { commandNamesOf, type CommandNames } from '../renames.js';
import { defineSubcommands, type CommandContext, type CommandSpec } from '../types.js';
import { CAPTURED_COMMANDS, capturedArity, findCaptured, type CapturedCommand } from './command-data.js';
import { SYNTAX_ERROR } from './errors.js';
import { helpReply } from './reply-types.js';

const HELP_LINES: readonly string[] = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

/** The commands not removed by rename-command, each under its own name (renames.ts rule 3). */
function presentCommands(names: CommandNames): readonly CapturedCommand[] {
  return CAPTURED_COMMANDS.filter((c) => names.present(c.fullName));
}

/** A name as typed in COMMAND INFO / DOCS / GETKEYS, looked up under the current names. */
function findTyped(names: CommandNames, typed: string): CapturedCommand | undefined {
  const own = names.ownFullName(typed);
  return own === undefined ? undefined : findCaptured(own);
}

function allInfo(ctx: CommandContext): Reply {
  return { t: 'array', v: presentCommands(commandNamesOf(ctx.env.server)).map((c) => c.info) };
}

/** COMMAND INFO [name ...]: entries in argument order, null for unknown names. */
function info(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 2) return allInfo(ctx);
  const names = commandNamesOf(ctx.env.server);
  return { t: 'array', v: argv.slice(2).map((name) => findTyped(names, name)?.info ?? NULL_BULK) };
}

/** COMMAND DOCS [name ...]: a map from full name to docs; unknown names are left out. */
function docs(ctx: CommandContext, argv: readonly string[]): Reply {
  const names = commandNamesOf(ctx.env.server);
  const found = argv.length === 2 ? presentCommands(names) : argv.slice(2).flatMap((n) => findTyped(names, n) ?? []);
  return { t: 'map', v: found.map((c) => [bulk(c.fullName), c.docs] as const) };
}

type Filter = (cmd: CapturedCommand) => boolean;

/** COMMAND LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p]: full names, subcommands included. */
function list(ctx: CommandContext, argv: readonly string[]): Reply {
  let filter: Filter = () => true;
  for (let i = 2; i < argv.length; i += 3) {
    if (argv[i]!.toLowerCase() !== 'filterby' || argv.length - 1 - i !== 2) return SYNTAX_ERROR;
    const parsed = parseFilter(argv[i + 1]!, argv[i + 2]!);
    if (parsed === null) return SYNTAX_ERROR;
    filter = parsed;
  }
  const names: string[] = [];
  for (const cmd of presentCommands(commandNamesOf(ctx.env.server))) {
    for (const c of [cmd, ...cmd.subcommands]) if (filter(c)) names.push(c.fullName);
  }
  return bulks(names);
}

function parseFilter(type: string, arg: string): Filter | null {
  switch (type.toLowerCase()) {
    case 'module':
      return () => false;
    case 'aclcat': {
      const category = arg.toLowerCase();
      return ACL_CATEGORIES.includes(category) ? (c) => c.categories.includes(category) : () => false;
    }
    case 'pattern':
      return (c) => globMatch(arg, c.fullName, true);
    default:
      return null;
  }
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS: which key arguments a command line has (never any here). */
function getkeys(ctx: CommandContext, argv: readonly string[]): Reply {
  const [name, sub] = [argv[2]!, argv[3]];
  const names = commandNamesOf(ctx.env.server);
  const base = findTyped(names, name);
  const cmd = base !== undefined && base.subcommands.length > 0 && sub !== undefined ? findCaptured(`${base.fullName}|${sub}`) : base;
  if (cmd === undefined || name.includes('|')) return err('ERR Invalid command specified');
  return err('ERR The command has no key arguments');
}

/** The bare COMMAND: every command's INFO entry. */
function commandCommand(ctx: CommandContext): Reply {
  return allInfo(ctx);
}

export const COMMAND: CommandSpec = {
  name: 'command',
  arity: capturedArity('command'),
  handler: commandCommand,
  subcommands: defineSubcommands('command', [
    { name: 'count', arity: capturedArity('command|count'), handler: (ctx) => int(commandNamesOf(ctx.env.server).count) },
    { name: 'docs', arity: capturedArity('command|docs'), handler: docs },
    { name: 'getkeys', arity: capturedArity('command|getkeys'), handler: getkeys },
    { name: 'getkeysandflags', arity: capturedArity('command|getkeysandflags'), handler: getkeys },
    { name: 'help', arity: capturedArity('command|help'), handler: () => helpReply(HELP_LINES) },
    { name: 'info', arity: capturedArity('command|info'), handler: info },
    { name: 'list', arity: capturedArity('command|list'), handler: list },
  ]),
};
