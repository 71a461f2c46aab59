/**
 * SENTINEL FAILOVER name: refuse while a failover runs (-INPROG) or when no replica could be
 * promoted right now (-NOGOODSLAVE); otherwise start a forced attempt and reply +OK. Starting
 * only sets the master's failover fields (§8.2, core/failover/start.ts); the same state machine
 * (core/failover/machine.ts) runs them on later ticks, skipping only the election.
 * Unlike Redis, the epoch bump is flushed here, before +OK: Redis flushes it only with the vote
 * its first failover step casts, and in TILT that step does not run, so a sentinel killed
 * meanwhile restarted with an older epoch (found by the simulation swarm, seed 3223 of the
 * operator's SENTINEL FAILOVER).
 */
import { err, OK, type Reply } from '../../../resp/values.js';
import { startFailover } from '../../failover/start.js';
import { failoverInProgress } from '../../state.js';
import type { CommandContext } from '../types.js';
import { isReply, masterOrError } from './common.js';
import { selectReplica } from './select-replica.js';

/** Random delay added to a failover start so sentinels do not collide (SENTINEL_MAX_DESYNC). */
export { MAX_DESYNC_MS } from '../../../consensus/timing.js';

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
  ctx.batch.flushConfig('forced failover epoch');
  return OK;
}
