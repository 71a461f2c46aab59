/**
 * The swarm's fault menu: each draw picks one fault (and its target, size and duration) from
 * the seed's fault stream and applies it through the Cluster API, so every fault is also a
 * `sim` line of the trace. Most faults undo themselves after a drawn duration (a crashed node
 * restarts, a partition heals, a pause resumes, a drift ends); `healAll` undoes whatever is
 * still in force when the liveness phase starts. The menu (issue 5):
 *   crash/restart of sentinels (from their config text) and of data nodes (new run id,
 *   sometimes empty: no data and the start-up role), partitions (symmetric random split,
 *   one-way, one node isolated, sentinels split 3|2 or 2|1 with the data nodes spread over
 *   both sides), connection breaks, latency and stalls, process pauses, wall-clock jumps,
 *   monotonic jumps (a suspended VM) and drift (TILT), replication lag (a slow link from a
 *   master to a replica while writes go on), replica-priority changes.
 */
import type { Rng } from '../../../src/core/rng.js';
import type { Cluster } from '../cluster.js';
import { pick, type Topology } from './topology.js';

export type FaultKind =
  | 'crash-sentinel'
  | 'crash-redis'
  | 'partition'
  | 'one-way'
  | 'isolate'
  | 'split-sentinels'
  | 'break'
  | 'latency'
  | 'stall'
  | 'pause'
  | 'wall-jump'
  | 'mono-jump'
  | 'drift'
  | 'replication-lag'
  | 'priority';

/** Relative weights of the menu. */
const MENU: readonly (readonly [FaultKind, number])[] = [
  ['crash-sentinel', 8],
  ['crash-redis', 10],
  ['partition', 5],
  ['one-way', 4],
  ['isolate', 6],
  ['split-sentinels', 6],
  ['break', 6],
  ['latency', 5],
  ['stall', 3],
  ['pause', 6],
  ['wall-jump', 3],
  ['mono-jump', 2],
  ['drift', 3],
  ['replication-lag', 4],
  ['priority', 4],
];
const MENU_TOTAL = MENU.reduce((sum, [, w]) => sum + w, 0);

/** The longest extra one-way delay any fault adds (the priority checker's staleness bound uses it). */
export const MAX_EXTRA_DELAY_MS = 15_000;
/** The slowest drifting clock (rate); a fast one is at most 1.25. */
export const MIN_CLOCK_RATE = 0.8;
const PRIORITIES = [0, 1, 10, 50, 100, 150] as const;

export class FaultMenu {
  readonly counts = new Map<FaultKind, number>();
  private readonly drifting = new Set<string>();

  constructor(
    private readonly c: Cluster,
    private readonly rng: Rng,
    private readonly topology: Topology,
  ) {}

  /** Applies one fault drawn from the menu. */
  draw(): void {
    let r = this.rng.below(MENU_TOTAL);
    let kind: FaultKind = MENU[0]![0];
    for (const [k, w] of MENU) {
      if (r < w) {
        kind = k;
        break;
      }
      r -= w;
    }
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.apply(kind);
  }

  /** The start of the liveness phase: every fault still in force ends now. */
  healAll(): void {
    const { c } = this;
    c.note('liveness', 'heal everything');
    c.heal();
    c.ctx.net.clearLatency();
    for (const name of this.drifting) c.clock(name, 'drift', 1);
    this.drifting.clear();
    for (const name of this.allNodes()) {
      if (!c.world.isPaused(name)) continue;
      c.note('resume', name);
      c.world.resume(name);
    }
    for (const s of c.sentinels.values()) if (!s.up) c.restart(s.nodeId);
    for (const r of c.redis.values()) if (!r.up) c.restart(r.nodeId);
    for (const { name, priority } of this.topology.redis) if (c.redisNode(name).priority !== priority) c.priority(name, priority);
  }

  private apply(kind: FaultKind): void {
    const { c, rng } = this;
    const d = this.duration();
    switch (kind) {
      case 'crash-sentinel':
        return this.crash(this.pickUp([...c.sentinels.keys()]), false);
      case 'crash-redis':
        return this.crash(this.pickUp([...c.redis.keys()]), rng.below(10) < 3);
      case 'partition': {
        const [a, b] = this.split(this.allNodes());
        if (a.length > 0 && b.length > 0) c.partition(a, b, true, d);
        return;
      }
      case 'one-way': {
        const [a, b] = this.split(this.allNodes());
        if (a.length > 0 && b.length > 0) c.partition(a, b, false, d);
        return;
      }
      case 'isolate': {
        const one = pick(rng, this.allNodes());
        return c.partition([one], this.allNodes().filter((n) => n !== one), true, d);
      }
      case 'split-sentinels': {
        const sentinels = shuffle(rng, [...c.sentinels.keys()]);
        const small = Math.floor(sentinels.length / 2); // 5 -> 2|3, 3 -> 1|2
        const a = sentinels.slice(0, small);
        const b = sentinels.slice(small);
        for (const r of c.redis.keys()) (rng.below(2) === 0 ? a : b).push(r);
        return c.partition(a, b, true, d);
      }
      case 'break': {
        const [a, b] = this.pair();
        return c.breakLinks(a, b);
      }
      case 'latency': {
        const [a, b] = this.pair();
        return c.latency(a, b, 20 + rng.below(1_500), d);
      }
      case 'stall': {
        // Nothing from or to one node gets through for a while, then it all arrives in order.
        const node = pick(rng, this.allNodes());
        const ms = 2_000 + rng.below(MAX_EXTRA_DELAY_MS - 2_000);
        const forMs = 500 + rng.below(4_000);
        for (const other of this.allNodes()) {
          if (other === node) continue;
          c.latency(node, other, ms, forMs);
          c.latency(other, node, ms, forMs);
        }
        return;
      }
      case 'pause': {
        const node = this.pickUp(this.allNodes());
        if (node !== null) c.pause(node, 100 + rng.below(20_000));
        return;
      }
      case 'wall-jump': {
        const ms = (1_000 + rng.below(120_000)) * (rng.below(2) === 0 ? -1 : 1);
        return c.clock(pick(rng, this.allNodes()), 'wall', ms);
      }
      case 'mono-jump':
        return c.clock(pick(rng, this.allNodes()), 'mono', 1_000 + rng.below(30_000));
      case 'drift': {
        const node = pick(rng, this.allNodes());
        const rate = pick(rng, [MIN_CLOCK_RATE, 0.9, 0.95, 1.05, 1.1, 1.25]);
        c.clock(node, 'drift', rate);
        this.drifting.add(node);
        c.world.after(d, null, `drift over ${node}`, () => {
          if (!this.drifting.delete(node)) return;
          c.clock(node, 'drift', 1);
        });
        return;
      }
      case 'replication-lag': {
        const masters = [...c.redis.values()].filter((r) => r.up && r.repl.masterHost === null);
        const replicas = [...c.redis.values()].filter((r) => r.up && r.repl.masterHost !== null);
        if (masters.length === 0 || replicas.length === 0) return;
        return c.latency(pick(rng, masters).nodeId, pick(rng, replicas).nodeId, 500 + rng.below(10_000), d);
      }
      case 'priority': {
        const node = pick(rng, [...c.redis.keys()]);
        return c.priority(node, pick(rng, PRIORITIES));
      }
    }
  }

  /** Crash, and usually restart after a while (sometimes faster than down-after). */
  private crash(name: string | null, empty: boolean): void {
    if (name === null) return;
    const { c, rng } = this;
    c.kill(name);
    if (rng.below(5) === 0) return; // stays down until the liveness phase
    const after = rng.below(2) === 0 ? 100 + rng.below(this.topology.downAfterMs) : this.duration();
    c.world.after(after, null, `restart ${name}`, () => {
      if (!c.node(name).up) c.restart(name, empty);
    });
  }

  /** How long a fault lasts: mostly seconds, sometimes a minute. */
  private duration(): number {
    return this.rng.below(4) === 0 ? 10_000 + this.rng.below(50_000) : 500 + this.rng.below(10_000);
  }

  private allNodes(): string[] {
    return [...this.c.redis.keys(), ...this.c.sentinels.keys()];
  }

  private pickUp(names: readonly string[]): string | null {
    const up = names.filter((n) => this.c.node(n).up && !this.c.world.isPaused(n));
    return up.length === 0 ? null : pick(this.rng, up);
  }

  private pair(): [string, string] {
    const nodes = shuffle(this.rng, this.allNodes());
    return [nodes[0]!, nodes[1]!];
  }

  /** A random split of the nodes into two groups (either may be empty). */
  private split(nodes: readonly string[]): [string[], string[]] {
    const a: string[] = [];
    const b: string[] = [];
    for (const n of nodes) (this.rng.below(2) === 0 ? a : b).push(n);
    return [a, b];
  }
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
