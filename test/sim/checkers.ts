/**
 * Invariants checked after every step of a simulation (World.addChecker). Each factory gets
 * the cluster and returns a checker; a broken invariant throws, with the time and the node.
 * Keep them cheap: they run after every event. The group's safety rules live in safety.ts.
 */
import { loadConfig } from '../../src/persistence/config-load.js';
import { Rng } from '../../src/core/rng.js';
import type { Cluster } from './cluster.js';
import type { Checker } from './world.js';
import { safetyChecker } from './safety.js';

export type CheckerFactory = (cluster: Cluster) => Checker;

/** The trace only moves forward in time. */
export const traceInTimeOrder: CheckerFactory = (cluster) => {
  let seen = 0;
  let last = 0;
  return () => {
    const lines = cluster.trace.lines;
    for (; seen < lines.length; seen++) {
      const t = lines[seen]!.t;
      if (t < last) throw new Error(`trace went back in time: t=${t} after t=${last}`);
      last = t;
    }
  };
};

/** Every config file a sentinel writes loads back, with the same myid (checked once per write). */
export const configLoadsBack: CheckerFactory = (cluster) => {
  const checked = new Map<string, number>();
  return (world, event) => {
    // A sentinel writes its file in its own steps (or starts in the world's): look only there.
    const only = event.node === null ? undefined : cluster.sentinels.get(event.node);
    if (event.node !== null && only === undefined) return;
    for (const host of only === undefined ? cluster.sentinels.values() : [only]) {
      if (!host.up || checked.get(host.nodeId) === host.persistCount) continue;
      checked.set(host.nodeId, host.persistCount);
      const loaded = loadConfig(host.configText, { nowMono: 0, rng: new Rng(0), isExecutable: () => true, resolved: new Map() });
      if (!loaded.ok) throw new Error(`t=${world.now} ${host.nodeId}: its config file does not load: ${loaded.error.message}`);
      if (loaded.state.myid !== host.myid()) throw new Error(`t=${world.now} ${host.nodeId}: its config file has another myid`);
    }
  };
};

/** The group's safety rules (safety.ts) with their default bounds. */
export const groupSafety: CheckerFactory = (cluster) => safetyChecker(cluster);

export const DEFAULT_CHECKERS: readonly CheckerFactory[] = [traceInTimeOrder, configLoadsBack, groupSafety];
