/**
 * From the elected leader to a confirmed promotion (§9.2-§9.5). Rules:
 *  1. SELECT_SLAVE: no candidate (commands/sentinel/select-replica.ts) -> abort with
 *     `-failover-abort-no-good-slave`; else `+selected-slave`, the replica is marked promoted,
 *     SEND_SLAVEOF_NOONE with `+failover-state-send-slaveof-noone`. Vigil only: when replicas
 *     are excluded just for the age of their last INFO, they are asked for INFO and the
 *     selection waits up to 1 s for it before giving up. Redis reaches this state a few timer
 *     ticks after ODOWN, by which time its 1 s INFO poll has usually refreshed them; vigil gets
 *     here in the step of the election and would otherwise abort (and wait 2 x failover-timeout);
 *  2. SEND_SLAVEOF_NOONE: while the chosen replica's link is down (or, in a manual failover
 *     from a reachable master, until it caught up with the paused old master: demotion.ts),
 *     wait, and abort with `-failover-abort-slave-timeout` after failover-timeout in this state;
 *     once the promotion transaction (SLAVEOF NO ONE) is queued:
 *     `+failover-state-wait-promotion`, WAIT_PROMOTION. Vigil only: if the INFO polled while
 *     waiting shows the chosen replica now has replica-priority 0, abort with
 *     `-failover-abort-no-good-slave` rather than promote it (7.0.15 leaves this state within a
 *     tick of the choice; the hand-over's catch-up can wait up to 2 s, and the swarm found a
 *     priority set to 0 inside that wait);
 *  3. WAIT_PROMOTION: the tick only enforces failover-timeout (`-failover-abort-slave-timeout`);
 *  4. the promoted replica's INFO saying role:master while in WAIT_PROMOTION confirms it: the
 *     master's config epoch becomes the failover epoch, RECONF_SLAVES, flush,
 *     `+promoted-slave`, the crash-after-promotion simulation, `+failover-state-reconf-slaves`,
 *     then hellos are forced so the new configuration spreads at once. From here on the
 *     failover can no longer be aborted.
 * Right after `+failover-state-reconf-slaves` the client-reconfig-script is queued as `leader`,
 * from the old master's address to the promoted replica's (§11.1), and a paused old master of
 * a manual failover is made a replica of the promoted one (demotion.ts).
 */
import { selectReplica, staleInfoReplicas } from '../commands/sentinel/select-replica.js';
import { sendCommand } from '../monitor/connections.js';
import { hasPlantedBug } from '../planted-bugs.js';
import { commandName, instanceEvent, wiresOf, type MonitorContext } from '../monitor/context.js';
import { forceHelloUpdate } from '../monitor/hello.js';
import { maybeQueueClientReconfig } from '../scripts/reconfig.js';
import { sendReplicaOf } from '../monitor/reconfigure.js';
import { promotedReplica, SIMFAILURE_CRASH_AFTER_PROMOTION, type MasterRecord, type ReplicaRecord } from '../state.js';
import { demoteOldMaster, maybeStartDemotion, readyToPromote } from './demotion.js';
import { abortFailover, enterState, maybeSimulatedCrash, stateTimedOut } from './common.js';

/** How long SELECT_SLAVE waits for INFO from replicas excluded only for stale INFO. */
const FRESH_INFO_WAIT_MS = 1_000;

/** How often that INFO is asked again meanwhile. */
const FRESH_INFO_RETRY_MS = 20;

/** Rule 1. */
export function runSelectReplica(ctx: MonitorContext, master: MasterRecord): void {
  const ignorePriorityZero = hasPlantedBug(ctx.env.state, 'promote-priority-zero');
  const replica = selectReplica(master, ctx.env.state.timing, ctx.now.mono, { ignorePriorityZero });
  if (replica === null) {
    if (awaitFreshInfo(ctx, master, ignorePriorityZero)) return;
    instanceEvent(ctx, 'warning', '-failover-abort-no-good-slave', master, master);
    abortFailover(ctx, master);
    return;
  }
  instanceEvent(ctx, 'warning', '+selected-slave', replica, master);
  replica.promoted = true;
  maybeStartDemotion(ctx, master);
  enterState(ctx, master, 'send_slaveof_noone');
  instanceEvent(ctx, 'notice', '+failover-state-send-slaveof-noone', replica, master);
}

/**
 * Rule 1's wait: replicas excluded only because their last INFO is too old are asked for INFO
 * (at most every FRESH_INFO_RETRY_MS) and the selection waits for the answer, up to
 * FRESH_INFO_WAIT_MS in this state. True while waiting.
 */
function awaitFreshInfo(ctx: MonitorContext, master: MasterRecord, ignorePriorityZero: boolean): boolean {
  if (ctx.now.mono - master.failoverStateChangeTime > FRESH_INFO_WAIT_MS) return false;
  const stale = staleInfoReplicas(master, ctx.env.state.timing, ctx.now.mono, { ignorePriorityZero });
  for (const replica of stale) {
    const wires = wiresOf(replica.link);
    if (ctx.now.mono - wires.lastInfoSentTime < FRESH_INFO_RETRY_MS) continue;
    if (sendCommand(ctx, replica, master, [commandName(master, 'INFO')], 'info')) wires.lastInfoSentTime = ctx.now.mono;
  }
  return stale.length > 0;
}

/** Rule 2. */
export function runSendSlaveofNoOne(ctx: MonitorContext, master: MasterRecord): void {
  const replica = promotedReplica(master);
  if (replica !== null && replica.priority === 0 && !hasPlantedBug(ctx.env.state, 'promote-priority-zero')) {
    instanceEvent(ctx, 'warning', '-failover-abort-no-good-slave', master, master);
    abortFailover(ctx, master);
    return;
  }
  if (replica === null || replica.link.disconnected || !readyToPromote(ctx, master, replica)) {
    if (stateTimedOut(ctx, master)) abortForSlaveTimeout(ctx, master);
    return;
  }
  if (!sendReplicaOf(ctx, replica, master, null, { followWithInfo: true })) return;
  instanceEvent(ctx, 'notice', '+failover-state-wait-promotion', replica, master);
  enterState(ctx, master, 'wait_promotion');
}

/** Rule 3. */
export function runWaitPromotion(ctx: MonitorContext, master: MasterRecord): void {
  if (stateTimedOut(ctx, master)) abortForSlaveTimeout(ctx, master);
}

function abortForSlaveTimeout(ctx: MonitorContext, master: MasterRecord): void {
  instanceEvent(ctx, 'warning', '-failover-abort-slave-timeout', master, master);
  abortFailover(ctx, master);
}

/** Rule 4; true when the INFO was the awaited confirmation. */
export function confirmPromotion(ctx: MonitorContext, replica: ReplicaRecord, master: MasterRecord): boolean {
  if (!replica.promoted || master.failoverState !== 'wait_promotion') return false;
  master.configEpoch = master.failoverEpoch;
  enterState(ctx, master, 'reconf_slaves');
  ctx.batch.flushConfig('promoted replica');
  instanceEvent(ctx, 'warning', '+promoted-slave', replica, master);
  if (maybeSimulatedCrash(ctx, SIMFAILURE_CRASH_AFTER_PROMOTION)) return true;
  instanceEvent(ctx, 'warning', '+failover-state-reconf-slaves', master, master);
  maybeQueueClientReconfig(ctx.env.state, master, 'leader', master.addr, replica.addr);
  demoteOldMaster(ctx, master, replica);
  forceHelloUpdate(ctx, master);
  return true;
}
