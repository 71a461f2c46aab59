/**
 * Which replica a failover promotes (Sentinel's sentinelSelectSlave), as a pure function of
 * the master record, the timing settings and the time. Rules, all required:
 *  1. not SDOWN, link connected;
 *  2. a valid PING reply within 5 x ping-period;
 *  3. priority not 0;
 *  4. INFO no older than 5 x ping-period if the master is SDOWN, else 3 x info-period;
 *  5. replication link down no longer than (master SDOWN time) + 10 x down-after.
 * `replica-announced no` does not exclude a replica. Among candidates: lowest priority, then
 * largest replication offset, then smallest run id (case-insensitive; unknown run ids last).
 */
import type { MasterRecord, ReplicaRecord, Timing } from '../../state.js';

export interface SelectOptions {
  /** Test-only planted bug: priority 0 does not exclude (see core/planted-bugs.ts). */
  readonly ignorePriorityZero?: boolean;
}

/**
 * Replicas that pass every rule but the INFO age (rule 4): a failover that finds no candidate
 * asks these for INFO and waits briefly instead of giving up (failover/promote.ts).
 */
export function staleInfoReplicas(master: MasterRecord, timing: Timing, nowMono: number, options: SelectOptions = {}): ReplicaRecord[] {
  const out: ReplicaRecord[] = [];
  for (const r of master.replicas.values()) {
    if (!isCandidate(master, r, timing, nowMono, options) && isCandidate(master, r, timing, nowMono, options, true)) out.push(r);
  }
  return out;
}

export function selectReplica(master: MasterRecord, timing: Timing, nowMono: number, options: SelectOptions = {}): ReplicaRecord | null {
  const candidates = [...master.replicas.values()].filter((r) => isCandidate(master, r, timing, nowMono, options));
  candidates.sort(comparePromotionOrder);
  return candidates[0] ?? null;
}

function isCandidate(master: MasterRecord, replica: ReplicaRecord, timing: Timing, nowMono: number, options: SelectOptions, anyInfoAge = false): boolean {
  const maxInfoAge = master.sDown ? 5 * timing.pingPeriodMs : 3 * timing.infoPeriodMs;
  const masterDownFor = master.sDown ? nowMono - master.sDownSinceTime : 0;
  const maxLinkDown = masterDownFor + 10 * master.downAfterMs;
  return (
    !replica.sDown &&
    !replica.link.disconnected &&
    nowMono - replica.link.lastAvailTime <= 5 * timing.pingPeriodMs &&
    (replica.priority !== 0 || options.ignorePriorityZero === true) &&
    (anyInfoAge || nowMono - replica.infoRefresh <= maxInfoAge) &&
    replica.masterLinkDownTimeMs <= maxLinkDown
  );
}

export function comparePromotionOrder(a: ReplicaRecord, b: ReplicaRecord): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.replOffset !== b.replOffset) return a.replOffset > b.replOffset ? -1 : 1;
  return compareRunids(a.runid, b.runid);
}

function compareRunids(a: string, b: string): number {
  if (a === '' || b === '') return (a === '' ? 1 : 0) - (b === '' ? 1 : 0);
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}
