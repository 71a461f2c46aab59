/**
 * Runs one client command through Redis's checks, in Redis's order: lookup (unknown command
 * or subcommand), arity, authentication, ACL permission, the RESP2 subscribed-context rule;
 * then the handler. Error texts are Redis 7.0.15's.
 */
import { err, type Reply } from '../../resp/values.js';
import { commandNamesOf } from './renames.js';
import { checkPermissions } from './server/acl-check.js';
import { NO_REPLY, type CommandContext, type CommandSpec, type SubcommandSpec, type HandlerResult } from './types.js';

const ARGS_PREVIEW_LIMIT = 128;

export function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

export function unknownCommandError(argv: readonly string[]): Reply {
  let args = '';
  for (let i = 1; i < argv.length && args.length < ARGS_PREVIEW_LIMIT; i++) {
    args += `'${argv[i]!.slice(0, ARGS_PREVIEW_LIMIT - args.length)}' `;
  }
  return err(`ERR unknown command '${sanitize(argv[0]!.slice(0, 128))}', with args beginning with: ${sanitize(args)}`);
}

export function wrongArity(fullName: string): Reply {
  return err(`ERR wrong number of arguments for '${fullName}' command`);
}

/** Redis replaces CR/LF in error texts so a reply stays one line. */
export function sanitize(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

const SUBSCRIBED_OK = new Set(['ping', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset', 'ssubscribe', 'sunsubscribe']);

export function dispatch(
  table: ReadonlyMap<string, CommandSpec>,
  ctx: CommandContext,
  argv: readonly string[],
): HandlerResult {
  // Server-level rename-command: the typed name maps to the command's own name (renames.ts).
  const own = commandNamesOf(ctx.env.server).ownName(argv[0]!);
  const spec = own === undefined ? undefined : table.get(own);
  if (spec === undefined) return unknownCommandError(argv);
  if (!arityOk(spec.arity, argv.length)) return wrongArity(spec.name);

  let sub: SubcommandSpec | undefined;
  let fullName = spec.name;
  // A container called bare (COMMAND) runs its own handler when it has one.
  if (spec.subcommands !== undefined && (argv.length > 1 || spec.handler === undefined)) {
    sub = spec.subcommands.get((argv[1] ?? '').toLowerCase());
    if (sub === undefined) {
      return err(
        `ERR unknown subcommand '${sanitize(argv[1]!.slice(0, 128))}'. Try ${sanitize(argv[0]!.toUpperCase())} HELP.`,
      );
    }
    fullName = sub.fullName;
    if (!arityOk(sub.arity, argv.length)) return wrongArity(fullName);
  }

  const client = ctx.client;
  client.lastCommand = fullName;
  const noAuth = sub?.noAuth ?? spec.noAuth ?? false;
  if (client.user === null && !noAuth) return err('NOAUTH Authentication required.');
  if (!noAuth) {
    const denied = checkPermissions(ctx, fullName, argv);
    if (denied !== null) return denied;
  }
  if (client.proto === 2 && client.channels.size + client.patterns.size > 0 && !SUBSCRIBED_OK.has(spec.name)) {
    return err(
      `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
  }
  const handler = sub?.handler ?? spec.handler;
  if (handler === undefined) return unknownCommandError(argv);
  // Like Redis, count commands that ran (an error reply from the handler included), not rejections.
  ctx.env.stats.totalCommandsProcessed++;
  return handler(ctx, argv);
}

export { NO_REPLY };
