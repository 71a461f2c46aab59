/**
 * A failover rig: one vigil core (the Rig) watching master m at 127.0.0.1:6379 with replicas
 * at 6380 and 6381 and, optionally, two peer sentinels. The fake data nodes follow SLAVEOF like
 * Redis would (a replica sent SLAVEOF NO ONE reports role:master; one sent SLAVEOF h p reports
 * that master with its link up); the peers answer is-master-down-by-addr as "down" and vote for
 * whoever asks, the way a sentinel that has not voted in that epoch does.
 */
import { arr, bulk, err, int, simple, type Reply } from '../../../src/resp/values.js';
import type { MasterRecord } from '../../../src/core/state.js';
import { dataNode, infoText, masterInfo, PEER_1, PEER_2, Rig, RUN_A, RUN_B } from '../monitor/rig.js';

export const RUN_M = 'c'.repeat(40);

export interface FakeNode {
  alive: boolean;
  /** null: a master; else the port of the master it follows. */
  following: number | null;
  linkUp: boolean;
  /** Answers SLAVEOF with +OK but does not change (a stuck replica). */
  ignoreSlaveof: boolean;
  /** Refuses CLIENT PAUSE as a Redis older than 6.2 does (no WRITE mode). */
  refusePause: boolean;
  priority: number;
  offset: number;
  /** Commands received, joined by spaces. */
  readonly received: string[];
}

export interface FailoverCluster {
  readonly rig: Rig;
  readonly master: MasterRecord;
  readonly nodes: Map<number, FakeNode>;
  /** Whom the peers vote for: null for whoever asks. */
  peersVoteFor: string | null;
}

export interface ClusterOptions {
  readonly peers?: boolean;
  readonly quorum?: number;
  readonly replicas?: readonly { port: number; priority?: number; offset?: number }[];
  readonly failoverTimeoutMs?: number;
  readonly parallelSyncs?: number;
}

const RUNIDS: Record<number, string> = { 6379: RUN_M, 6380: RUN_A, 6381: RUN_B, 6382: 'd'.repeat(40) };

export function failoverCluster(options: ClusterOptions = {}): FailoverCluster {
  const rig = new Rig();
  const master = rig.monitor('m', 6379, options.quorum ?? 2);
  master.downAfterMs = 1000;
  if (options.failoverTimeoutMs !== undefined) master.failoverTimeoutMs = options.failoverTimeoutMs;
  if (options.parallelSyncs !== undefined) master.parallelSyncs = options.parallelSyncs;
  const nodes = new Map<number, FakeNode>();
  const replicas = options.replicas ?? [{ port: 6380 }, { port: 6381 }];
  const cluster: FailoverCluster = { rig, master, nodes, peersVoteFor: null };
  addNode(cluster, 6379, null);
  for (const r of replicas) {
    const node = addNode(cluster, r.port, 6379);
    node.priority = r.priority ?? 100;
    node.offset = r.offset ?? 100;
  }
  rig.start();
  if (options.peers ?? true) {
    for (const [port, runid] of [[26380, PEER_1], [26381, PEER_2]] as const) {
      rig.command('publish', '__sentinel__:hello', `127.0.0.1,${port},${runid},0,m,127.0.0.1,6379,0`);
      rig.node(port, (argv) => peerAnswer(cluster, argv));
    }
  }
  return cluster;
}

function addNode(cluster: FailoverCluster, port: number, following: number | null): FakeNode {
  const node: FakeNode = { alive: true, following, linkUp: true, ignoreSlaveof: false, refusePause: false, priority: 100, offset: 100, received: [] };
  cluster.nodes.set(port, node);
  const answer = dataNode(() => infoOf(cluster, port, node));
  cluster.rig.node(port, (argv, mode) => {
    if (!node.alive) return null;
    if (mode === 'cmd') node.received.push(argv.join(' '));
    const name = argv[0]!.toUpperCase();
    if (name === 'CLIENT' && argv[1]?.toUpperCase() === 'PAUSE' && node.refusePause) return err('ERR syntax error');
    if (name === 'SLAVEOF' && !node.ignoreSlaveof) node.following = argv[1]!.toUpperCase() === 'NO' ? null : Number(argv[2]);
    return answer(argv, mode);
  });
  return node;
}

function infoOf(cluster: FailoverCluster, port: number, node: FakeNode): Reply {
  const runId = RUNIDS[port] ?? 'e'.repeat(40);
  if (node.following === null) {
    const followers = [...cluster.nodes].filter(([, n]) => n.following === port).map(([p]) => `127.0.0.1:${p}`);
    return masterInfo(runId, followers);
  }
  return infoText(
    '# Server',
    `run_id:${runId}`,
    '# Replication',
    'role:slave',
    'master_host:127.0.0.1',
    `master_port:${node.following}`,
    `master_link_status:${node.linkUp ? 'up' : 'down'}`,
    `slave_repl_offset:${node.offset}`,
    `slave_priority:${node.priority}`,
    'replica_announced:1',
  );
}

function peerAnswer(cluster: FailoverCluster, argv: readonly string[]): Reply | null {
  if (argv[0] === 'PING') return simple('PONG');
  if (argv[0] !== 'SENTINEL') return simple('OK');
  const runid = argv[5]!;
  if (runid === '*') return arr([int(1), bulk('*'), int(0)]);
  return arr([int(1), bulk(cluster.peersVoteFor ?? runid), int(Number(argv[4]))]);
}

/** Event types seen since `from` (an index into rig.events), minus discovery noise. */
export function eventTypesSince(rig: Rig, from: number, ignore: readonly string[] = ['+sentinel', '+role-change']): string[] {
  return rig.events.slice(from).map(([t]) => t).filter((t) => !ignore.includes(t));
}

/** Runs until `type` is published (or `ms` pass); returns whether it was. */
export function runUntil(rig: Rig, type: string, ms: number): boolean {
  const from = rig.events.length;
  for (let t = 0; t < ms; t += 100) {
    rig.pump(rig.tick(100));
    if (rig.events.slice(from).some(([x]) => x === type)) return true;
  }
  return false;
}
