/**
 * One non-sentinel config line, dispatched the way Redis 7.0.15's loadServerConfigFromString
 * does: standard options (argc 2 unless multi-argument), deprecated ones (ignored), include,
 * rename-command, user, loadmodule, module options (`a.b value`), vigil's own `log-format`,
 * and otherwise "Bad directive or wrong number of arguments".
 */
import type { ServerConfig } from '../core/server-config.js';
import { checkUserLine, mergeSelectorArgs } from './acl-users.js';
import { DEPRECATED_OPTIONS, OPTION_BY_NAME, type OptionSpec } from './option-table.js';
import { enumError, parseBool, parseEnum, parseFlags, parseNumeric, parseString, type Parsed } from './option-values.js';
import { setOption } from './server-model.js';
import { SPECIAL_APPLY, type SpecialEnv } from './special-options.js';

/** The commands redis-sentinel 7.0.15 has, i.e. the ones server `rename-command` can name. */
export const SENTINEL_MODE_COMMANDS: readonly string[] = [
  'acl', 'auth', 'client', 'command', 'hello', 'info', 'ping', 'psubscribe',
  'publish', 'punsubscribe', 'role', 'sentinel', 'shutdown', 'subscribe', 'unsubscribe',
];

/** What a line may need beyond the ServerConfig it changes. */
export interface LineContext extends SpecialEnv {
  /** Names of users declared so far (a name may be declared once). */
  readonly userNames: Set<string>;
  /** Current (lower-case) command names after the renames so far. */
  readonly commandNames: Set<string>;
  /** Loads an included file; absent: `include` is refused. */
  readInclude?(path: string): { readonly text: string } | { readonly error: string };
}

export type LineResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'sentinel' }
  | { readonly kind: 'include'; readonly text: string };

const done: LineResult = { kind: 'done' };
const error = (message: string): LineResult => ({ kind: 'error', message });

/** argv[0] must already be lower-cased. */
export function applyServerLine(server: ServerConfig, argv: readonly string[], ctx: LineContext): LineResult {
  const name = argv[0]!;
  const spec = OPTION_BY_NAME.get(name);
  if (spec !== undefined) return applyStandard(server, spec, argv, ctx);
  const deprecated = DEPRECATED_OPTIONS.get(name);
  if (deprecated !== undefined && argv.length >= deprecated[0] && argv.length <= deprecated[1]) return done;
  if (name === 'include' && argv.length === 2) return include(argv[1]!, ctx);
  if (name === 'rename-command' && argv.length === 3) return renameCommand(server, argv[1]!, argv[2]!, ctx);
  if (name === 'user' && argv.length >= 2) return addUser(server, argv, ctx);
  if (name === 'loadmodule' && argv.length >= 2) return error('Module loading is not supported by vigil');
  if (name.includes('.')) return argv.length === 2 ? done : error('Module config specified without value');
  if (name === 'sentinel') return { kind: 'sentinel' };
  if (name === 'log-format' && argv.length === 2) return logFormat(server, argv[1]!);
  return error('Bad directive or wrong number of arguments');
}

function applyStandard(server: ServerConfig, spec: OptionSpec, argv: readonly string[], ctx: LineContext): LineResult {
  const multiArg = spec.kind === 'flags' || (spec.kind === 'special' && spec.multiArg);
  if (!multiArg && argv.length !== 2) return error('wrong number of arguments');
  const args = argv.slice(1);
  if (spec.kind === 'special') {
    const err = SPECIAL_APPLY[spec.name]!(server, args, ctx);
    return err === null ? done : error(err);
  }
  const parsed = parseStandard(spec, args);
  if (!parsed.ok) return error(parsed.error);
  setOption(server, spec.name, parsed.value);
  return done;
}

function parseStandard(spec: Exclude<OptionSpec, { kind: 'special' }>, args: readonly string[]): Parsed {
  switch (spec.kind) {
    case 'bool':
      return parseBool(spec, args[0]!);
    case 'string':
      return parseString(spec, args[0]!);
    case 'enum':
      return parseEnum(spec, args[0]!);
    case 'flags':
      return parseFlags(spec, args);
    case 'numeric':
      return parseNumeric(spec, args[0]!);
  }
}

function include(path: string, ctx: LineContext): LineResult {
  if (ctx.readInclude === undefined) return error('include is not supported here');
  const read = ctx.readInclude(path);
  return 'error' in read ? error(read.error) : { kind: 'include', text: read.text };
}

/** Renames act on the current table: a renamed command is only known by its new name. */
function renameCommand(server: ServerConfig, from: string, to: string, ctx: LineContext): LineResult {
  const key = from.toLowerCase();
  if (!ctx.commandNames.has(key)) return error('No such command in rename-command');
  ctx.commandNames.delete(key);
  if (to !== '') {
    if (ctx.commandNames.has(to.toLowerCase())) return error('Target command name already exists');
    ctx.commandNames.add(to.toLowerCase());
  }
  server.commandRenames.push({ from, to });
  return done;
}

function addUser(server: ServerConfig, argv: readonly string[], ctx: LineContext): LineResult {
  const allChannelsByDefault = server.otherOptions.get('acl-pubsub-default') === 'allchannels';
  const err = checkUserLine(argv, ctx.userNames, { allChannelsByDefault });
  if (err !== null) return error(err);
  ctx.userNames.add(argv[1]!);
  const merged = mergeSelectorArgs(argv.slice(2));
  server.users.push({ name: argv[1]!, rules: 'rules' in merged ? merged.rules : argv.slice(2) });
  return done;
}

function logFormat(server: ServerConfig, value: string): LineResult {
  const v = value.toLowerCase();
  if (v !== 'json' && v !== 'text') return error(enumError(['json', 'text']));
  server.logFormat = v;
  return done;
}
