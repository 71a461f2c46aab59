/**
 * The sentinel timer (§7.1). Each tick: the TILT check, then every master in table order, each
 * followed by its replicas and its peers. Handling an instance means:
 *  1. reconnect what is missing, send the periodic INFO/PING/hello (also in TILT);
 *  2. outside TILT: the SDOWN check, and for a master the ODOWN check, the failover step and
 *     asking the peers;
 * then, after all masters, the master whose failover reached UPDATE_CONFIG is switched (one per
 * tick), queued scripts are started and overlong ones killed (also in TILT, as in Redis), and
 * the next tick is scheduled.
 *
 * Tick spacing copies Redis's timer, which re-randomises hz to 10 + rand()%10 after every run:
 * the next tick comes floor(1000 / hz) ms later, 52 to 100 ms, drawn from the core's seeded RNG.
 */
import type { Rng } from '../rng.js';
import { runScriptTimer } from '../scripts/scheduler.js';
import type { AnyInstance, MasterRecord } from '../state.js';
import { askPeersAboutMaster } from './ask-peers.js';
import type { MonitorContext } from './context.js';
import { checkObjectivelyDown, checkSubjectivelyDown } from './down.js';
import { runFailoverStep, switchFinishedFailover } from './failover-seam.js';
import { reconnectInstance, sendPeriodicCommands } from './periodic.js';
import { checkTiltCondition, stillInTilt } from './tilt.js';

const MIN_HZ = 10;
const HZ_SPREAD = 10;

export function runTick(ctx: MonitorContext): void {
  checkTiltCondition(ctx);
  let switchTo: MasterRecord | null = null;
  for (const master of ctx.env.state.masters.values()) {
    handleInstance(ctx, master, master);
    for (const replica of master.replicas.values()) handleInstance(ctx, replica, master);
    for (const peer of master.sentinels.values()) handleInstance(ctx, peer, master);
    if (master.failoverState === 'update_config') switchTo = master;
  }
  if (switchTo !== null) switchFinishedFailover(ctx, switchTo);
  runScriptTimer(ctx.env, ctx.batch, ctx.now);
  scheduleNextTick(ctx);
}

export function scheduleNextTick(ctx: MonitorContext): void {
  ctx.batch.actions.push({ kind: 'schedule-tick', delayMs: nextTickDelayMs(ctx.env.rng) });
}

/** 1000 / (10 + rand()%10) ms, as Redis's serverCron spacing. */
export function nextTickDelayMs(rng: Rng): number {
  return Math.floor(1000 / (MIN_HZ + rng.below(HZ_SPREAD)));
}

function handleInstance(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  reconnectInstance(ctx, instance, master);
  sendPeriodicCommands(ctx, instance, master);
  if (stillInTilt(ctx)) return;
  checkSubjectivelyDown(ctx, instance, master);
  if (instance.kind !== 'master') return;
  checkObjectivelyDown(ctx, instance);
  runFailoverStep(ctx, instance);
  askPeersAboutMaster(ctx, instance, false);
}
