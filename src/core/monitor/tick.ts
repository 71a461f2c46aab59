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
 * Vigil only: while a failover waits on data nodes (a fresh INFO before selecting, the chosen
 * replica catching up or being promoted, replicas being reconfigured), ticks come every
 * FAILOVER_TICK_MS so the 20 ms INFO polls of those states (periodic.ts) are not held to the
 * timer's 52-100 ms; for at most 2 s per state (failover/common.ts, watchedClosely).
 */
import type { Rng } from '../rng.js';
import { watchedClosely } from '../failover/common.js';
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
  const delayMs = nextTickDelayMs(ctx.env.rng);
  const fast = waitingOnDataNodes(ctx.env.state.masters.values(), ctx.now.mono);
  ctx.batch.actions.push({ kind: 'schedule-tick', delayMs: fast ? Math.min(delayMs, FAILOVER_TICK_MS) : delayMs });
}

/** The tick spacing while a failover waits on data nodes (see the header). */
export const FAILOVER_TICK_MS = 10;

function waitingOnDataNodes(masters: Iterable<MasterRecord>, nowMono: number): boolean {
  for (const m of masters) if (watchedClosely(m, nowMono)) return true;
  return false;
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
