/** ROLE on a sentinel: `sentinel` and the names of the monitored masters, in table order. */
import { arr, bulk, bulks, type Reply } from '../../../resp/values.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { capturedArity } from './command-data.js';

function roleCommand(ctx: CommandContext): Reply {
  return arr([bulk('sentinel'), bulks([...ctx.env.state.masters.keys()])]);
}

export const ROLE: CommandSpec = {
  name: 'role',
  arity: capturedArity('role'),
  handler: roleCommand,
};
