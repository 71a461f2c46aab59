/**
 * SENTINEL FAILOVER name: refuse while a failover runs (-INPROG) or when no replica could be
 * promoted right now (-NOGOODSLAVE); otherwise start a forced attempt and reply +OK. Starting
 * only sets the master's failover fields (§8.2); the state machine runs them on later ticks.
 * Like Redis, the epoch bump is not flushed here: the flush comes with the vote.
 */
import { err, OK, type Reply } from '../../../resp/values.js';
import type { Batch } from '../../batch.js';
import { emitEvent } from '../../events.js';
import { failoverInProgress, type MasterRecord } from '../../state.js';
import type { Now } from '../../time.js';
import type { CommandContext, CoreEnv } from '../types.js';
import { isReply, masterOrError } from './common.js';
import { selectReplica } from './select-replica.js';

/** Random delay added to a failover start so sentinels do not collide (SENTINEL_MAX_DESYNC). */
export const MAX_DESYNC_MS = 1000;

const INPROG = err('INPROG Failover already in progress');
const NOGOODSLAVE = err('NOGOODSLAVE No suitable replica to promote');

export function failoverCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  if (isReply(master)) return master;
  if (failoverInProgress(master)) return INPROG;
  if (selectReplica(master, ctx.env.state.timing, ctx.now.mono) === null) return NOGOODSLAVE;
  ctx.batch.log('warning', `Executing user requested FAILOVER of '${master.name}'`);
  startFailover(ctx.env, ctx.batch, master, ctx.now);
  master.forceFailover = true;
  return OK;
}

/**
 * Enters WAIT_START with a fresh epoch (`+new-epoch`, `+try-failover`). Shared with the tick's
 * automatic start, hence the plain env/batch/now arguments.
 */
export function startFailover(env: CoreEnv, batch: Batch, master: MasterRecord, now: Now): void {
  const { state } = env;
  master.failoverState = 'wait_start';
  state.currentEpoch++;
  master.failoverEpoch = state.currentEpoch;
  emitEvent(env, batch, 'warning', '+new-epoch', null, String(state.currentEpoch));
  emitEvent(env, batch, 'warning', '+try-failover', { instance: master, master: null }, '');
  master.failoverStartTime = now.mono + env.rng.below(MAX_DESYNC_MS);
  master.failoverStateChangeTime = now.mono;
}
