/**
 * The demo's topology: one redis-server master, its replicas, and a group of vigils that all
 * monitor the master as `mymaster`. It only starts processes (through ProcessGroup) and writes
 * their configs; what to show or break is up to the scenario's steps.
 */
import { command, infoFields } from './clients.js';
import { sleep, type Managed, type ProcessGroup, type SentinelProgram } from './processes.js';

export const MASTER_NAME = 'mymaster';

export interface ClusterShape {
  readonly replicas: number;
  readonly vigils: number;
  readonly quorum: number;
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  /** vigil, or real redis-sentinel to compare (`--against redis-sentinel`). */
  readonly program: SentinelProgram;
}

export const DEFAULT_SHAPE: ClusterShape = {
  replicas: 2,
  vigils: 3,
  quorum: 2,
  downAfterMs: 1_000,
  // Short, as the tests use: a failover that has to start over does so after 2 x this.
  failoverTimeoutMs: 10_000,
  program: 'vigil',
};

export interface Cluster {
  readonly shape: ClusterShape;
  /** The master as started; after a failover the current master is another node. */
  readonly master: Managed;
  readonly replicas: readonly Managed[];
  readonly vigils: readonly Managed[];
}

/** A sentinel.conf as an operator would write it; vigil rewrites it as it learns. */
export function sentinelConf(name: string, masterPort: number, shape: ClusterShape): string {
  return [
    `# ${name}: written by vigil's demo; vigil rewrites this file as it learns (like redis-sentinel)`,
    `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} ${shape.quorum}`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${shape.downAfterMs}`,
    `sentinel failover-timeout ${MASTER_NAME} ${shape.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
    '',
  ].join('\n');
}

export async function startDataNodes(group: ProcessGroup, shape: ClusterShape): Promise<{ master: Managed; replicas: Managed[] }> {
  const master = await group.startRedis('master');
  const replicas: Managed[] = [];
  for (let i = 1; i <= shape.replicas; i++) replicas.push(await group.startRedis(`replica-${i}`, master.port));
  return { master, replicas };
}

export async function startVigils(group: ProcessGroup, masterPort: number, shape: ClusterShape): Promise<Managed[]> {
  const vigils: Managed[] = [];
  for (let i = 1; i <= shape.vigils; i++) {
    const name = `${shape.program === 'vigil' ? 'vigil' : 'sentinel'}-${i}`;
    vigils.push(await group.startSentinel(name, sentinelConf(name, masterPort, shape), shape.program));
  }
  return vigils;
}

/** Waits (bounded) until every replica reports its link to the master up; returns which are. */
export async function waitForReplication(replicas: readonly Managed[], timeoutMs: number): Promise<Map<string, boolean>> {
  const deadline = Date.now() + timeoutMs;
  const up = new Map<string, boolean>(replicas.map((r) => [r.name, false]));
  while (Date.now() < deadline && [...up.values()].includes(false)) {
    for (const replica of replicas) {
      if (up.get(replica.name) === true) continue;
      const info = await command(replica.port, 'INFO', 'replication');
      if (info.ok && infoFields(info.value).get('master_link_status') === 'up') up.set(replica.name, true);
    }
    if ([...up.values()].includes(false)) await sleep(100);
  }
  return up;
}
