/**
 * The deployment of one swarm seed, drawn from the seed: how many sentinels (3 or 5) and with
 * which quorum, a master and one to three replicas (sometimes a replica-priority 0 backup),
 * down-after and failover-timeout in the range small deployments use, writes so replication
 * offsets move, and the network's base delay. Everything a seed varies besides its faults.
 */
import { Rng } from '../../../src/core/rng.js';
import { Cluster } from '../cluster.js';

export const MASTER_NAME = 'mymaster';

export interface Topology {
  readonly sentinels: readonly string[];
  readonly quorum: number;
  /** Data nodes, the first one the initial master; priority per node. */
  readonly redis: readonly { readonly name: string; readonly priority: number }[];
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  readonly writeBytesPerSec: number;
  readonly netDelayMs: number;
  readonly netJitterMs: number;
}

export function drawTopology(rng: Rng): Topology {
  const nSentinels = rng.below(10) < 6 ? 5 : 3;
  const majority = Math.floor(nSentinels / 2) + 1;
  // Quorum 1..majority: a low quorum lets a minority reach ODOWN, where only the election stops it.
  const quorum = 1 + rng.below(majority);
  const nReplicas = 1 + rng.below(3);
  const redis = [{ name: 'm', priority: 100 }];
  const backup = nReplicas >= 2 && rng.below(3) === 0;
  for (let i = 1; i <= nReplicas; i++) {
    const priority = backup && i === nReplicas ? 0 : pick(rng, [100, 100, 50, 10]);
    redis.push({ name: `r${i}`, priority });
  }
  return {
    sentinels: Array.from({ length: nSentinels }, (_, i) => `s${i + 1}`),
    quorum,
    redis,
    downAfterMs: 1_000 + 500 * rng.below(9),
    failoverTimeoutMs: 5_000 + 1_000 * rng.below(16),
    writeBytesPerSec: 1_000 * (1 + rng.below(4)),
    netDelayMs: 1 + rng.below(2),
    netJitterMs: rng.below(4),
  };
}

export function describeTopology(t: Topology): string {
  const redis = t.redis.map((r) => `${r.name}(${r.priority})`).join(' ');
  return `sentinels=${t.sentinels.length} quorum=${t.quorum} redis=${redis} down-after=${t.downAfterMs} failover-timeout=${t.failoverTimeoutMs}`;
}

/** Starts the deployment on a fresh cluster (all nodes up, replicas following the master). */
export function buildCluster(seed: number, t: Topology): Cluster {
  const c = new Cluster(seed);
  c.ctx.net.delayMs = t.netDelayMs;
  c.ctx.net.jitterMs = t.netJitterMs;
  const [master, ...replicas] = t.redis;
  c.startRedis(master!.name, { priority: master!.priority, writeBytesPerSec: t.writeBytesPerSec, loadingMs: 200 });
  for (const r of replicas) {
    c.startRedis(r.name, { replicaOfNode: master!.name, priority: r.priority, writeBytesPerSec: t.writeBytesPerSec, loadingMs: 200 });
  }
  for (const s of t.sentinels) {
    c.startSentinel(s, {
      monitor: master!.name,
      masterName: MASTER_NAME,
      quorum: t.quorum,
      downAfterMs: t.downAfterMs,
      failoverTimeoutMs: t.failoverTimeoutMs,
      extraLines: [],
    });
  }
  return c;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.below(items.length)]!;
}
