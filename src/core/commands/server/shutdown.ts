/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: Redis 7.0's syntax checks, then the process
 * exits. A sentinel has no dataset, so SAVE/NOSAVE change nothing, nothing waits for replicas
 * and there is never a shutdown in progress to abort. The client gets no reply: its
 * connection closes when vigil exits.
 */
import { err } from '../../../resp/values.js';
import { NO_REPLY, type CommandContext, type CommandSpec, type HandlerResult } from '../types.js';
import { capturedArity } from './command-data.js';

const SYNTAX_ERROR = err('ERR syntax error');
const SHUTDOWN_LOG = 'User requested shutdown...';

interface ShutdownFlags {
  save: boolean;
  nosave: boolean;
  now: boolean;
  force: boolean;
  abort: boolean;
}

function parseFlags(args: readonly string[]): ShutdownFlags | null {
  const flags: ShutdownFlags = { save: false, nosave: false, now: false, force: false, abort: false };
  for (const arg of args) {
    const key = arg.toLowerCase();
    if (key !== 'save' && key !== 'nosave' && key !== 'now' && key !== 'force' && key !== 'abort') return null;
    flags[key] = true;
  }
  return flags;
}

function shutdownCommand(ctx: CommandContext, argv: readonly string[]): HandlerResult {
  const flags = parseFlags(argv.slice(1));
  if (flags === null) return SYNTAX_ERROR;
  const others = flags.save || flags.nosave || flags.now || flags.force;
  if ((flags.abort && others) || (flags.save && flags.nosave)) return SYNTAX_ERROR;
  if (flags.abort) return err('ERR No shutdown in progress.');
  ctx.batch.log('warning', SHUTDOWN_LOG);
  ctx.batch.exit(0, SHUTDOWN_LOG);
  return NO_REPLY;
}

export const SHUTDOWN: CommandSpec = {
  name: 'shutdown',
  arity: capturedArity('shutdown'),
  handler: shutdownCommand,
};
