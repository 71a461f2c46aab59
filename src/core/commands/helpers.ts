/**
 * Small shared pieces for command handlers: Redis's number parsing rules and the
 * flush-then-reply pattern of SENTINEL admin commands.
 */
import { err, OK, type Reply } from '../../resp/values.js';
import type { CommandContext } from './types.js';

export const FLUSH_FAILED = err('ERR Failed to save config file. Check server logs.');

/** Requests a config flush and returns `reply`, which becomes FLUSH_FAILED if the write fails. */
export function flushConfigAndReply(ctx: CommandContext, reason: string, reply: Reply = OK): Reply {
  ctx.batch.flushConfig(reason);
  ctx.batch.failReplyForNextReply = FLUSH_FAILED;
  return reply;
}

/** Strict signed 64-bit decimal as Redis's string2ll: no spaces, no '+', no leading zeros. */
export function parseLongLong(text: string): number | null {
  if (!/^(0|-?[1-9][0-9]{0,18})$/.test(text)) return null;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return Number(value);
}

/** C atoi: leading whitespace, optional sign, digits; garbage yields 0 (config-file parsing). */
export function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  if (m === null) return 0;
  const n = parseInt(m[1]!, 10);
  return Math.max(-2147483648, Math.min(2147483647, n));
}

export const NOT_AN_INTEGER = err('ERR value is not an integer or out of range');
