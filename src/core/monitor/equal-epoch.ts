/**
 * Two configurations with one config epoch (vigil only). Hellos only ever adopt a greater config
 * epoch, so when two failovers promoted different replicas under the same epoch (a forced
 * SENTINEL FAILOVER out of reach of its peers shares its epoch with an elected one: 7.0.15's
 * SENTINEL FAILOVER acts without agreement), the sentinels on each side keep their own address
 * for good, and 7.0.15's only exit (ODOWN of a master that reports itself a replica) needs a
 * quorum the lone side cannot gather. The simulation swarm found such a group that never
 * converged (seed 7828).
 *
 * The rule: a hello naming another address under our own config epoch is adopted when our data
 * nodes say the same, from our own INFO: our master reports role:slave replicating from exactly
 * that address, and our record of that address (one of our replicas) reports role:master. The
 * other side's master is a real master, so that side never adopts ours, and a replication cycle
 * (each reporting the other as its master) satisfies neither side: no flapping.
 */
import type { MasterRecord } from '../state.js';
import { addressMatchesHost } from './addresses.js';
import { parseInfo } from './info-parse.js';

export function dataNodesFollow(master: MasterRecord, host: string, port: number): boolean {
  if (master.failoverState !== 'none' || master.roleReported !== 'slave' || master.lastInfo === null) return false;
  const info = parseInfo(master.lastInfo);
  if (info.masterHost === null || info.masterPort !== port) return false;
  for (const replica of master.replicas.values()) {
    if (replica.addr.port !== port || !addressMatchesHost(replica.addr, host)) continue;
    return replica.roleReported === 'master' && addressMatchesHost(replica.addr, info.masterHost);
  }
  return false;
}
