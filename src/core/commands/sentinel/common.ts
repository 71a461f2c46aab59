/**
 * Pieces every SENTINEL handler shares: master lookup with Redis's error, strict number
 * parsing with the ranges vigil accepts, and the event shorthand for master-scoped events.
 */
import { err, type Reply } from '../../../resp/values.js';
import { emitEvent } from '../../events.js';
import type { LogLevel } from '../../io.js';
import type { InstanceBase, MasterRecord } from '../../state.js';
import { parseLongLong } from '../helpers.js';
import type { CommandContext } from '../types.js';

export const NO_SUCH_MASTER = err('ERR No such master with that name');

/** The master called `name` (case-sensitive), or Redis's error reply. */
export function masterOrError(ctx: CommandContext, name: string): MasterRecord | Reply {
  return ctx.env.state.masters.get(name) ?? NO_SUCH_MASTER;
}

export function isReply(value: MasterRecord | Reply): value is Reply {
  return 't' in value;
}

/**
 * A strict integer (Redis string2ll) that JS numbers hold exactly. Redis accepts up to 2^63-1;
 * vigil refuses what it could not store or print exactly, so a config rewrite never writes a
 * number different from the one the administrator gave.
 */
export function parseSafeInteger(text: string): number | null {
  const n = parseLongLong(text);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

/** Fields Redis keeps in a C int (quorum, parallel-syncs): larger values would wrap there. */
export const INT_MAX = 2147483647;

/** Emits an event whose `%@` prefix describes `instance` (a master, or a replica/peer of `master`). */
export function emitInstanceEvent(
  ctx: CommandContext,
  level: LogLevel,
  type: string,
  instance: InstanceBase,
  master: MasterRecord | null,
  text = '',
): void {
  emitEvent(ctx.env, ctx.batch, level, type, { instance, master }, text);
}

