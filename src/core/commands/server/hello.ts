/**
 * HELLO [protover [AUTH user pass] [SETNAME name]]: switches the connection's protocol and
 * answers the server map. In sentinel mode the map has six fields (no `role`); `proto` and
 * `id` are integers (redis-py 8 insists on the integer 3). Options are checked in Redis's
 * order: version, then each option's syntax (SETNAME's name validated while parsing), then
 * AUTH, then the authentication requirement; only then do the name and protocol change.
 */
import { arr, bulk, err, int, map, type Reply } from '../../../resp/values.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { authenticateClient, WRONGPASS } from './auth.js';
import { capturedArity } from './command-data.js';
import { parseLongLong } from '../helpers.js';
import { validClientName, INVALID_CLIENT_NAME } from './client-names.js';

export const REDIS_VERSION = '7.0.15';

const NOAUTH_HELLO = err(
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
);

interface HelloOptions {
  readonly auth: readonly [string, string] | null;
  readonly name: string | null;
}

/** Parses the options after the version; an error reply for bad syntax or a bad name. */
function parseOptions(argv: readonly string[], from: number): HelloOptions | Reply {
  let auth: readonly [string, string] | null = null;
  let name: string | null = null;
  for (let j = from; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (opt.toLowerCase() === 'auth' && more >= 2) {
      auth = [argv[j + 1]!, argv[j + 2]!];
      j += 2;
    } else if (opt.toLowerCase() === 'setname' && more >= 1) {
      name = argv[j + 1]!;
      if (!validClientName(name)) return INVALID_CLIENT_NAME;
      j++;
    } else {
      return err(`ERR Syntax error in HELLO option '${opt}'`);
    }
  }
  return { auth, name };
}

function helloCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  let version = 0;
  if (argv.length >= 2) {
    const v = parseLongLong(argv[1]!);
    if (v === null) return err('ERR Protocol version is not an integer or out of range');
    if (v < 2 || v > 3) return err('NOPROTO unsupported protocol version');
    version = v;
  }
  const options = parseOptions(argv, argv.length >= 2 ? 2 : 1);
  if ('t' in options) return options;
  if (options.auth !== null && !authenticateClient(ctx, argv, options.auth[0], options.auth[1])) return WRONGPASS;
  if (ctx.client.user === null) return NOAUTH_HELLO;
  if (options.name !== null) ctx.client.name = options.name;
  if (version === 2 || version === 3) ctx.client.proto = version;
  return helloMap(ctx);
}

/** The server map (RESP2: a flat array of 12). */
export function helloMap(ctx: CommandContext): Reply {
  return map([
    ['server', bulk('redis')],
    ['version', bulk(REDIS_VERSION)],
    ['proto', int(ctx.client.proto)],
    ['id', int(ctx.client.id)],
    ['mode', bulk('sentinel')],
    ['modules', arr([])],
  ]);
}

export const HELLO: CommandSpec = {
  name: 'hello',
  arity: capturedArity('hello'),
  noAuth: true,
  handler: helloCommand,
};
