/**
 * The ACL as commands meet it: Redis's NOPERM replies and ACL LOG entries. The dispatcher
 * checks command rules; handlers of PUBLISH and (P)SUBSCRIBE call `checkChannels` because
 * channel rules need the arguments. `checkPermissions` does both, for a dispatcher that
 * passes argv.
 */
import { err, type Reply } from '../../../resp/values.js';
import type { Denial } from '../../acl/acl.js';
import type { DenialReason } from '../../acl/log.js';
import type { CommandContext } from '../types.js';
import { clientInfoLine } from './client-info.js';

/** Records a denial in ACL LOG with the client's CLIENT LIST line. */
export function logDenial(ctx: CommandContext, reason: DenialReason, object: string, username: string, argv: readonly string[]): void {
  ctx.env.acl.log.record({
    reason,
    object,
    username,
    wallMs: ctx.now.wall,
    clientInfo: clientInfoLine(ctx.client, ctx.now.mono, argv),
  });
}

export function deniedReply(denial: Denial): Reply {
  return denial.reason === 'command'
    ? err(`NOPERM this user has no permissions to run the '${denial.object}' command`)
    : err('NOPERM this user has no permissions to access one of the channels used as arguments');
}

/** The full ACL check of one command: null when allowed, else the logged NOPERM reply. */
export function checkPermissions(ctx: CommandContext, fullName: string, argv: readonly string[]): Reply | null {
  const user = ctx.client.user;
  if (user === null) return null;
  const denial = ctx.env.acl.check(user, fullName, argv);
  if (denial === null) return null;
  logDenial(ctx, denial.reason, denial.object, user, argv);
  return deniedReply(denial);
}

/** Channel rules only (the dispatcher has already checked the command itself). */
export function checkChannels(ctx: CommandContext, fullName: string, argv: readonly string[]): Reply | null {
  const user = ctx.client.user;
  if (user === null) return null;
  const denial = ctx.env.acl.check(user, fullName, argv);
  if (denial === null || denial.reason !== 'channel') return null;
  logDenial(ctx, denial.reason, denial.object, user, argv);
  return deniedReply(denial);
}
