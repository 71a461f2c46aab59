/**
 * The safety rules of a sentinel group, checked after every step of a simulation (and, for
 * promotions, at the moment a sentinel writes SLAVEOF NO ONE on a link). A broken rule throws
 * `safety: <rule>: ...` with the time and the node. The rules:
 *  - epoch: a sentinel's current epoch never goes down, across its restarts too (the epoch
 *    a restarted sentinel loads must be at least the highest it ever had in memory);
 *  - vote: a sentinel (by myid, which survives restarts) never holds a vote for two different
 *    run ids in one epoch of one master;
 *  - leader: SLAVEOF NO ONE is sent only during a failover, by a sentinel that at least
 *    max(quorum, majority of the sentinels it knows, itself included) voted for in that
 *    failover's epoch, counted from the voters' own state (not from what the promoter believes),
 *    unless the failover was forced (SENTINEL FAILOVER); and by at most one sentinel per epoch.
 *    A minority side of a partition cannot collect such votes, so it never promotes. A forced
 *    failover acts without agreement by definition (7.0.15's SENTINEL FAILOVER), so out of
 *    reach of its peers it can share an epoch with an elected one: that pair is allowed, but a
 *    forced promoter must not have voted for another sentinel in its epoch (it knew of the
 *    winner: vigil then aborts, failover/election.ts);
 *  - priority 0: the replica promoted is not priority 0 in the promoter's own record of it,
 *    nor has it been, in fact, a running replica with priority 0 for longer than the promoter's
 *    INFO may be old when it chooses (3 INFO periods, Sentinel's validity bound, stretched by
 *    the worst slow clock and network stall the run allows: `priorityStaleBoundMs`).
 *    Only time as a running *replica* counts: a data node reporting role master has no
 *    `slave_priority` line in its INFO (Redis 7.0 prints it for replicas only), so a sentinel
 *    that (re)learned the node while it claimed to be a master cannot know its priority, and
 *    Sentinel's documented selection does not look at the role a candidate reports.
 * The config-file rule is `configLoadsBack` in checkers.ts.
 */
import type { MasterRecord } from '../../src/core/state.js';
import type { Cluster } from './cluster.js';
import type { SentinelHost } from './sentinel-host.js';
import type { Checker } from './world.js';

export interface SafetyOptions {
  /** How long a priority change may go unseen by a promoter (see the header). */
  readonly priorityStaleBoundMs: number;
}

export const DEFAULT_SAFETY: SafetyOptions = { priorityStaleBoundMs: 60_000 };

/** Every vote seen so far: (master, epoch) -> voter myid -> the run id voted for. */
type VoteBook = Map<string, Map<string, string>>;

export function safetyChecker(cluster: Cluster, options: SafetyOptions = DEFAULT_SAFETY): Checker {
  const maxEpoch = new Map<string, number>();
  const votes: VoteBook = new Map();
  /** (master, epoch) -> the first promoter's myid and whether its failover was forced. */
  const promoters = new Map<string, { readonly myid: string; readonly forced: boolean }>();
  const lastSeen = new WeakMap<MasterRecord, { leader: string; epoch: number }>();
  /** Data node -> since when it has run as a replica with priority 0 (absent: it does not). */
  const zeroReplicaSince = new Map<string, number>();
  const fail = (rule: string, node: string, what: string): never => {
    throw new Error(`safety: ${rule}: t=${cluster.world.now} ${node}: ${what}`);
  };

  const watchPriorities = (): void => {
    for (const r of cluster.redis.values()) {
      if (r.up && r.priority === 0 && r.repl.masterHost !== null) {
        if (!zeroReplicaSince.has(r.nodeId)) zeroReplicaSince.set(r.nodeId, cluster.world.now);
      } else zeroReplicaSince.delete(r.nodeId);
    }
  };

  const recordVotes = (only?: SentinelHost): void => {
    for (const host of only === undefined ? cluster.sentinels.values() : [only]) {
      const core = host.core;
      if (core === null) continue;
      const { state } = core.env;
      const seen = maxEpoch.get(host.nodeId) ?? 0;
      if (state.currentEpoch < seen) fail('epoch', host.nodeId, `current epoch went down from ${seen} to ${state.currentEpoch}`);
      maxEpoch.set(host.nodeId, state.currentEpoch);
      for (const master of state.masters.values()) {
        // After a restart the run id voted for is not known (null): only the epoch is kept.
        if (master.leader === null || master.leaderEpoch <= 0) continue;
        // This runs after every step: only a vote not seen on this record yet needs the book.
        const last = lastSeen.get(master);
        if (last !== undefined && last.leader === master.leader && last.epoch === master.leaderEpoch) continue;
        lastSeen.set(master, { leader: master.leader, epoch: master.leaderEpoch });
        const key = `${master.name} ${master.leaderEpoch}`;
        let book = votes.get(key);
        if (book === undefined) votes.set(key, (book = new Map()));
        const leader = master.leader.toLowerCase();
        const before = book.get(state.myid);
        if (before !== undefined && before !== leader) {
          fail('vote', host.nodeId, `voted for ${before} and then ${leader} in epoch ${master.leaderEpoch} of ${master.name}`);
        }
        book.set(state.myid, leader);
      }
    }
  };

  const onPromotion = (sentinel: string, serverNode: string): void => {
    recordVotes(); // votes cast in this very step count
    watchPriorities();
    const host = cluster.sentinels.get(sentinel)!;
    const state = host.core!.env.state;
    const target = cluster.redis.get(serverNode);
    const inFailover = [...state.masters.values()].filter((m) => m.failoverState === 'send_slaveof_noone' || m.failoverState === 'wait_promotion');
    const master = inFailover.find((m) => promotedIp(m) === target?.ip);
    if (master === undefined) return fail('leader', sentinel, `SLAVEOF NO ONE to ${serverNode || '(nobody)'} outside a failover`);
    const epoch = master.failoverEpoch;
    const earlier = promoters.get(`${master.name} ${epoch}`);
    if (earlier !== undefined && earlier.myid !== state.myid && !earlier.forced && !master.forceFailover) {
      fail('leader', sentinel, `a second promoter in epoch ${epoch} (the first was ${earlier.myid})`);
    }
    if (earlier === undefined) promoters.set(`${master.name} ${epoch}`, { myid: state.myid, forced: master.forceFailover });
    if (master.forceFailover && master.leaderEpoch === epoch && master.leader !== null && master.leader.toLowerCase() !== state.myid.toLowerCase()) {
      fail('leader', sentinel, `forced promotion in epoch ${epoch} after voting for ${master.leader} in it`);
    }
    if (!master.forceFailover) {
      const book = votes.get(`${master.name} ${epoch}`) ?? new Map<string, string>();
      const got = [...book.values()].filter((leader) => leader === state.myid.toLowerCase()).length;
      const known = master.sentinels.size + 1;
      const needed = Math.max(master.quorum, Math.floor(known / 2) + 1);
      if (got < needed) fail('leader', sentinel, `promoted ${serverNode} in epoch ${epoch} with ${got} votes, needs ${needed} (${known} sentinels known, quorum ${master.quorum})`);
    }
    const record = [...master.replicas.values()].find((r) => r.promoted);
    if (record !== undefined && record.priority === 0) fail('priority', sentinel, `promoted ${serverNode}, which its own record shows with priority 0`);
    const zeroSince = zeroReplicaSince.get(serverNode);
    if (zeroSince !== undefined && cluster.world.now - zeroSince > options.priorityStaleBoundMs) {
      fail('priority', sentinel, `promoted ${serverNode}, a running replica with priority 0 since t=${zeroSince}`);
    }
  };

  cluster.ctx.taps.linkSend.push((sentinel, serverNode, argv) => {
    if (argv.length === 3 && /^(slaveof|replicaof)$/i.test(argv[0]!) && /^no$/i.test(argv[1]!) && /^one$/i.test(argv[2]!)) onPromotion(sentinel, serverNode);
  });
  // A data node's role and priority change in its own steps or in the world's (faults); a
  // sentinel's epoch and votes in its own or the world's (restarts).
  return (_world, event) => {
    if (event.node === null) {
      watchPriorities();
      return recordVotes();
    }
    if (cluster.redis.has(event.node)) return watchPriorities();
    const host = cluster.sentinels.get(event.node);
    if (host !== undefined) recordVotes(host);
  };
}

function promotedIp(master: MasterRecord): string | undefined {
  for (const r of master.replicas.values()) if (r.promoted) return r.addr.ip;
  return undefined;
}
