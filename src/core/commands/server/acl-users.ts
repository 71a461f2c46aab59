/**
 * ACL SETUSER, DELUSER, GETUSER, LIST and USERS, with what they do to connected clients:
 * deleting a user closes its connections; narrowing a user's channel rules closes its pub/sub
 * connections subscribed to something no longer allowed (Redis's rule: only when some old
 * channel pattern is missing from the new rules); a default user that becomes passwordless
 * lets waiting connections in, as Redis's authentication check does.
 */
import { arr, bulk, bulks, err, int, map, NULL_BULK, OK, type Reply } from '../../../resp/values.js';
import { channelAllowed, type AclUser } from '../../acl/acl.js';
import { channelsText, describeCommandRules, describeUser, keysText, userFlags } from '../../acl/describe.js';
import type { Selector } from '../../acl/selector.js';
import { clientType } from '../../clients.js';
import type { CommandContext } from '../types.js';
import { killClient } from './client-list.js';
import { setOf } from './reply-types.js';

export function aclSetuser(ctx: CommandContext, argv: readonly string[]): Reply {
  const { acl } = ctx.env;
  const name = argv[2]!;
  const before = acl.users.get(name)?.clone() ?? null;
  const error = acl.setUser(name, argv.slice(3));
  if (error !== null) return err(`ERR ${error}`);
  if (before !== null) closeRevokedSubscribers(ctx, before, acl.users.get(name)!);
  if (name === 'default' && acl.defaultUserOpen) {
    for (const c of ctx.env.clients.all()) if (c.user === null) c.user = 'default';
  }
  return OK;
}

/** Redis's ACLKillPubsubClientsIfNeeded. */
function closeRevokedSubscribers(ctx: CommandContext, before: AclUser, after: AclUser): void {
  if (after.selectors.some((s) => s.allChannels)) return;
  const upcoming = after.selectors.flatMap((s) => s.channels);
  const kept = before.selectors.every((s) => s.channels.every((ch) => upcoming.includes(ch)));
  if (kept) return;
  for (const c of [...ctx.env.clients.all()]) {
    if ((c.user ?? 'default') !== after.name || clientType(c) !== 'pubsub') continue;
    const revoked =
      [...c.patterns].some((p) => !channelAllowed(upcoming, p, true)) ||
      [...c.channels].some((ch) => !channelAllowed(upcoming, ch, false));
    if (revoked) killClient(ctx, c);
  }
}

export function aclDeluser(ctx: CommandContext, argv: readonly string[]): Reply {
  const names = argv.slice(2);
  if (names.includes('default')) return err("ERR The 'default' user cannot be removed");
  let deleted = 0;
  for (const name of names) {
    if (!ctx.env.acl.deleteUser(name)) continue;
    deleted++;
    for (const c of [...ctx.env.clients.all()]) if (c.user === name) killClient(ctx, c);
  }
  return int(deleted);
}

function selectorMap(s: Selector): Reply {
  return map([
    ['commands', bulk(describeCommandRules(s))],
    ['keys', bulk(keysText(s))],
    ['channels', bulk(channelsText(s))],
  ]);
}

export function aclGetuser(ctx: CommandContext, argv: readonly string[]): Reply {
  const user = ctx.env.acl.users.get(argv[2]!);
  if (user === undefined) return NULL_BULK;
  return map([
    ['flags', setOf(userFlags(user).map(bulk))],
    ['passwords', bulks(user.passwords)],
    ['commands', bulk(describeCommandRules(user.root))],
    ['keys', bulk(keysText(user.root))],
    ['channels', bulk(channelsText(user.root))],
    ['selectors', arr(user.selectors.slice(1).map(selectorMap))],
  ]);
}

export function aclList(ctx: CommandContext): Reply {
  return bulks(ctx.env.acl.sortedUsers().map(describeUser));
}

export function aclUsers(ctx: CommandContext): Reply {
  return bulks(ctx.env.acl.sortedUsers().map((u) => u.name));
}
