/**
 * One swarm seed, start to verdict. Everything is drawn from the seed: the deployment
 * (topology.ts), the fault stream (faults.ts) and the simulation's own randomness, so a seed
 * replays to the identical trace. Two phases:
 *  1. safety: after a fault-free warm-up (discovery), faults arrive at a drawn rate for the
 *     safety phase's length; in one seed of four an operator also issues SENTINEL FAILOVER on
 *     one sentinel at a drawn moment (drawn from a stream of its own, so the seed's deployment
 *     and fault draws are the same with or without it); the safety checkers run after every step;
 *  2. liveness: every fault is healed (all processes up, network whole, clocks true, the
 *     topology's priorities back) and the group must converge (liveness.ts) within the bound,
 *     stay converged for a while, and every sentinel must answer the agreed address over the
 *     wire. Safety is still checked throughout.
 * A throw from a checker (or from the simulated runtime's own contract checks) fails the seed.
 */
import type { PlantedBug } from '../../../src/core/planted-bugs.js';
import { Rng } from '../../../src/core/rng.js';
import { configLoadsBack, traceInTimeOrder } from '../checkers.js';
import type { Cluster } from '../cluster.js';
import { safetyChecker } from '../safety.js';
import { FaultMenu, MAX_EXTRA_DELAY_MS, MIN_CLOCK_RATE } from './faults.js';
import { agreedAddress, askSentinels, convergence, wrongAnswers } from './liveness.js';
import { buildCluster, describeTopology, drawTopology, MASTER_NAME, pick, type Topology } from './topology.js';

export const DEFAULT_SAFETY_MS = 300_000;
const WARM_UP_MS = 15_000;
/** Converged must hold this long (a state that flips back right away is not convergence). */
const STABLE_MS = 10_000;
const CHECK_EVERY_MS = 500;
/** Sentinel's INFO period: a replica's record may be 3 periods old when it is chosen. */
const INFO_PERIOD_MS = 10_000;

export interface SwarmOptions {
  /** Length of the safety phase (after the warm-up), simulated ms. */
  readonly safetyMs?: number;
  /** Planted bugs to switch on (the swarm's self-test). */
  readonly bugs?: readonly (PlantedBug | 'forget-epoch')[];
}

export interface SeedResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly phase: 'safety' | 'liveness' | null;
  readonly failure: string | null;
  readonly topology: string;
  /** Simulated ms from heal to convergence (null if it failed before). */
  readonly convergedAfterMs: number | null;
  readonly faults: number;
  readonly switches: number;
  readonly cluster: Cluster;
}

/**
 * The liveness bound, from the deployment's timers. After the heal, the worst path the swarm
 * allows to converge is: a TILT still running (tilt-period 30 s, restarted by a clock jump just
 * before the heal), a stuck failover running into failover-timeout, the 2 x failover-timeout
 * wait before the next attempt, down-after plus the INFO periods Sentinel takes to call a
 * master that reports itself a replica down (down-after + 2 INFO periods) or to convert an
 * old master (4 INFO periods), and a second election when the first one splits its votes
 * (an election timeout of 10 s, then a new try after 2 x failover-timeout again).
 */
export function livenessBoundMs(t: Topology): number {
  const tilt = 30_000;
  const failoverRound = 3 * t.failoverTimeoutMs + 10_000;
  return tilt + 2 * failoverRound + t.downAfterMs + 4 * INFO_PERIOD_MS + 20_000;
}

export function runSeed(seed: number, options: SwarmOptions = {}): SeedResult {
  const safetyMs = options.safetyMs ?? DEFAULT_SAFETY_MS;
  const rng = new Rng((Math.imul(seed, 0x9e3779b1) ^ 0x5eedfa17) >>> 0);
  const topology = drawTopology(rng);
  const c = buildCluster(seed, topology);
  for (const bug of options.bugs ?? []) {
    if (bug === 'forget-epoch') c.ctx.bugs.forgetEpochOnRestart = true;
    else c.ctx.bugs.core.add(bug);
  }
  c.note('swarm', `seed ${seed} ${describeTopology(topology)}`);
  // Planted core bugs are set at start; the first sentinels started before the switch.
  for (const s of c.sentinels.values()) if (s.core !== null && c.ctx.bugs.core.size > 0) s.core.env.state.plantedBugs = new Set(c.ctx.bugs.core);
  c.world.addChecker(traceInTimeOrder(c));
  c.world.addChecker(configLoadsBack(c));
  const staleMs = Math.ceil((3 * INFO_PERIOD_MS) / MIN_CLOCK_RATE) + MAX_EXTRA_DELAY_MS + 2_000;
  c.world.addChecker(safetyChecker(c, { priorityStaleBoundMs: staleMs }));

  const menu = new FaultMenu(c, rng, topology);
  const meanGapMs = pick(rng, [2_000, 4_000, 8_000, 15_000]);
  const faultsEnd = WARM_UP_MS + safetyMs;
  const scheduleFault = (): void => {
    const at = c.world.now + 1 + rng.below(2 * meanGapMs);
    if (at >= faultsEnd) return;
    c.world.at(at, null, 'fault', () => {
      menu.draw();
      scheduleFault();
    });
  };
  scheduleOperator(c, seed, safetyMs);
  let phase: 'safety' | 'liveness' = 'safety';
  let convergedAfterMs: number | null = null;
  const result = (failure: string | null): SeedResult => ({
    seed,
    ok: failure === null,
    phase: failure === null ? null : phase,
    failure,
    topology: describeTopology(topology),
    convergedAfterMs,
    faults: [...menu.counts.values()].reduce((a, b) => a + b, 0),
    switches: c.trace.lines.filter((l) => l.type === '+switch-master').length,
    cluster: c,
  });
  try {
    c.world.at(WARM_UP_MS, null, 'faults begin', scheduleFault);
    c.world.runUntil(faultsEnd);
    phase = 'liveness';
    menu.healAll();
    const healedAt = c.world.now;
    const bound = livenessBoundMs(topology);
    let since: number | null = null;
    let why: string | null = 'not checked yet';
    while (c.world.now - healedAt <= bound) {
      c.world.runFor(CHECK_EVERY_MS);
      why = convergence(c);
      if (why !== null) since = null;
      else if (since === null) since = c.world.now;
      else if (c.world.now - since >= STABLE_MS) break;
    }
    if (why !== null || since === null) return result(`liveness: not converged ${bound} ms after the heal: ${why ?? 'flapping'}`);
    convergedAfterMs = since - healedAt;
    const askedAt = c.world.now;
    const expected = agreedAddress(c);
    askSentinels(c);
    c.world.runFor(1_000);
    const wrong = wrongAnswers(c, askedAt, expected);
    if (wrong.length > 0) return result(`liveness: get-master-addr-by-name is not ${expected} everywhere: ${wrong.join('; ')}`);
    return result(null);
  } catch (e) {
    return result((e as Error).message);
  }
}

/** The operator's manual failover (see the header): one seed in four, on a random sentinel. */
function scheduleOperator(c: Cluster, seed: number, safetyMs: number): void {
  const operator = new Rng((Math.imul(seed, 0x85ebca6b) ^ 0x0fa11e55) >>> 0);
  if (operator.below(4) !== 0) return;
  const at = WARM_UP_MS + operator.below(safetyMs);
  const names = [...c.sentinels.keys()];
  const target = names[operator.below(names.length)]!;
  c.world.at(at, null, 'operator', () => {
    c.note('operator', `SENTINEL FAILOVER ${MASTER_NAME} on ${target}`);
    c.command(target, [['SENTINEL', 'FAILOVER', MASTER_NAME]]);
  });
}
