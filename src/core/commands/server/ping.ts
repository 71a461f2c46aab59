/**
 * PING: `+PONG` or the echoed argument; in a RESP2 subscribed context the `pong` pair that
 * go-redis health checks expect.
 */
import { arr, bulk, PONG } from '../../../resp/values.js';
import type { CommandSpec } from '../types.js';
import { capturedArity } from './command-data.js';

export const PING: CommandSpec = {
  name: 'ping',
  arity: capturedArity('ping'),
  allowedWhileSubscribed: true,
  handler: (ctx, argv) => {
    const c = ctx.client;
    if (argv.length > 2) return { t: 'error', v: "ERR wrong number of arguments for 'ping' command" };
    if (c.proto === 2 && c.channels.size + c.patterns.size > 0) {
      return arr([bulk('pong'), bulk(argv[1] ?? '')]);
    }
    return argv.length === 2 ? bulk(argv[1]!) : PONG;
  },
};
