/** The SENTINEL container command and its subcommand table. */
import { defineSubcommands, type CommandSpec } from '../types.js';
import { err } from '../../../resp/values.js';

export const SENTINEL_COMMAND: CommandSpec = {
  name: 'sentinel',
  arity: -2,
  helpName: 'SENTINEL',
  subcommands: defineSubcommands('sentinel', [
    { name: 'myid', arity: 2, handler: (ctx) => ({ t: 'bulk', v: ctx.env.state.myid }) },
    { name: 'help', arity: 2, handler: () => err('ERR not yet') },
  ]),
};
