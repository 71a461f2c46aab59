/**
 * AUTH [username] password: Redis 7.0's ACL semantics. The one-argument form means the
 * default user and is refused outright while that user has no password (clients such as
 * ioredis recognise that text); failures are logged in ACL LOG under the user tried.
 */
import { err, OK, type Reply } from '../../../resp/values.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { capturedArity } from './command-data.js';
import { logDenial } from './acl-check.js';

export const WRONGPASS = err('WRONGPASS invalid username-password pair or user is disabled.');
const NO_DEFAULT_PASSWORD = err(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);

/** Authenticates the client as `username`; false (and an ACL LOG entry) on failure. */
export function authenticateClient(ctx: CommandContext, argv: readonly string[], username: string, password: string): boolean {
  const user = ctx.env.acl.authenticate(username, password);
  if (user === null) {
    logDenial(ctx, 'auth', argv[0]!, username, argv);
    return false;
  }
  ctx.client.user = user;
  return true;
}

function authCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 3) return err('ERR syntax error');
  if (argv.length === 2 && ctx.env.acl.defaultUser.nopass) return NO_DEFAULT_PASSWORD;
  const [username, password] = argv.length === 2 ? ['default', argv[1]!] : [argv[1]!, argv[2]!];
  return authenticateClient(ctx, argv, username, password) ? OK : WRONGPASS;
}

export const AUTH: CommandSpec = {
  name: 'auth',
  arity: capturedArity('auth'),
  noAuth: true,
  handler: authCommand,
};
