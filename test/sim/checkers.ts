/**
 * Invariants checked after every step of a simulation (World.addChecker). Each factory gets
 * the cluster and returns a checker; a broken invariant throws, with the time and the node.
 * Keep them cheap: they run after every event.
 */
import { loadConfig } from '../../src/persistence/config-load.js';
import { Rng } from '../../src/core/rng.js';
import type { Cluster } from './cluster.js';
import type { Checker } from './world.js';

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
  return (world) => {
    for (const host of cluster.sentinels.values()) {
      if (!host.up || checked.get(host.nodeId) === host.persistCount) continue;
      checked.set(host.nodeId, host.persistCount);
      const loaded = loadConfig(host.configText, { nowMono: 0, rng: new Rng(0), isExecutable: () => true, resolved: new Map() });
      if (!loaded.ok) throw new Error(`t=${world.now} ${host.nodeId}: its config file does not load: ${loaded.error.message}`);
      if (loaded.state.myid !== host.myid()) throw new Error(`t=${world.now} ${host.nodeId}: its config file has another myid`);
    }
  };
};

export const DEFAULT_CHECKERS: readonly CheckerFactory[] = [traceInTimeOrder, configLoadsBack];
