/**
 * Shared bits for the persistence tests: a loader with a test environment, and a projection of
 * a SentinelState onto what the config file persists (so states can be compared after a trip
 * through the file, ignoring clocks and links).
 */
import { Rng } from '../../../src/core/rng.js';
import type { SentinelState } from '../../../src/core/state.js';
import { loadConfig, type LoadEnv, type LoadOutcome } from '../../../src/persistence/config-load.js';

export function testEnv(overrides: Partial<LoadEnv> = {}): LoadEnv {
  return { nowMono: 1000, rng: new Rng(7), isExecutable: () => true, resolved: new Map(), ...overrides };
}

export function load(text: string, overrides: Partial<LoadEnv> = {}): LoadOutcome {
  return loadConfig(text, testEnv(overrides));
}

/** Loads and fails the test with the config error if there is one. */
export function mustLoad(text: string, overrides: Partial<LoadEnv> = {}): Extract<LoadOutcome, { ok: true }> {
  const r = load(text, overrides);
  if (!r.ok) throw new Error(`load failed at line ${r.error.lineNumber} '${r.error.line}': ${r.error.message}`);
  return r;
}

/** The persisted part of a state, as plain data. */
export function persistedView(state: SentinelState): unknown {
  return {
    myid: state.myid,
    currentEpoch: state.currentEpoch,
    settings: { ...state.settings },
    masters: [...state.masters.values()].map((m) => ({
      name: m.name,
      addr: { ...m.addr },
      quorum: m.quorum,
      downAfterMs: m.downAfterMs,
      failoverTimeoutMs: m.failoverTimeoutMs,
      parallelSyncs: m.parallelSyncs,
      notificationScript: m.notificationScript,
      clientReconfigScript: m.clientReconfigScript,
      authPass: m.authPass,
      authUser: m.authUser,
      masterRebootDownAfterMs: m.masterRebootDownAfterMs,
      configEpoch: m.configEpoch,
      leaderEpoch: m.leaderEpoch,
      renames: [...m.renamedCommands.entries()],
      replicas: [...m.replicas.entries()].map(([k, r]) => [k, { ...r.addr }, r.downAfterMs]),
      sentinels: [...m.sentinels.entries()].map(([k, p]) => [k, { ...p.addr }, p.downAfterMs]),
    })),
  };
}

/**
 * persistedView with masters, replicas, peers and renames sorted: redis-sentinel keeps them in
 * hash tables, so a file it wrote lists them in an order of its own.
 */
export function unorderedView(state: SentinelState): unknown {
  const view = persistedView(state) as { masters: { name: string; replicas: [string][]; sentinels: [string][]; renames: [string][] }[] };
  const byKey = <T extends [string, ...unknown[]]>(a: T, b: T): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    ...view,
    masters: view.masters
      .map((m) => ({ ...m, replicas: [...m.replicas].sort(byKey), sentinels: [...m.sentinels].sort(byKey), renames: [...m.renames].sort(byKey) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
