/**
 * What "converged" means once every fault is healed (the liveness phase). All of:
 *  - every sentinel runs, is not in a failover, and names the same master address;
 *  - that address is a running data node whose role is master, and no other data node is one;
 *  - every other data node is a replica of that address with its link up.
 * `convergence` returns null when converged, else the first thing still wrong (for the report).
 * The answer a client gets is checked separately, over the wire, by `askSentinels`.
 */
import type { Cluster } from '../cluster.js';
import { MASTER_NAME } from './topology.js';

export function convergence(c: Cluster): string | null {
  let agreed: string | null = null;
  for (const s of c.sentinels.values()) {
    if (s.core === null) return `${s.nodeId} is down`;
    const master = s.core.env.state.masters.get(MASTER_NAME);
    if (master === undefined) return `${s.nodeId} does not monitor ${MASTER_NAME}`;
    if (master.failoverState !== 'none') return `${s.nodeId} is in failover state ${master.failoverState}`;
    const addr = `${master.addr.ip}:${master.addr.port}`;
    if (agreed !== null && addr !== agreed) return `${s.nodeId} names ${addr}, another sentinel ${agreed}`;
    agreed = addr;
  }
  for (const r of c.redis.values()) {
    const addr = `${r.ip}:${r.port}`;
    if (!r.up) return `${r.nodeId} is down`;
    const role = r.repl.masterHost === null ? 'master' : 'replica';
    if (addr === agreed) {
      if (role !== 'master') return `${r.nodeId}, the sentinels' master, is a replica of ${r.repl.masterHost}:${r.repl.masterPort}`;
      continue;
    }
    if (role === 'master') return `${r.nodeId} is a master besides ${agreed}`;
    const follows = `${r.repl.masterHost}:${r.repl.masterPort}`;
    if (follows !== agreed) return `${r.nodeId} follows ${follows}, not ${agreed}`;
    if (r.repl.state !== 'connected') return `${r.nodeId}'s link to ${agreed} is ${r.repl.state}`;
  }
  return null;
}

/** The address every sentinel should name (valid once `convergence` is null). */
export function agreedAddress(c: Cluster): string {
  const s = [...c.sentinels.values()][0]!;
  const master = s.core!.env.state.masters.get(MASTER_NAME)!;
  return `[${master.addr.ip} ${master.addr.port}]`;
}

/** Sends SENTINEL get-master-addr-by-name to every sentinel; the replies go into the trace. */
export function askSentinels(c: Cluster): void {
  for (const name of c.sentinels.keys()) c.command(name, [['SENTINEL', 'get-master-addr-by-name', MASTER_NAME]]);
}

/** The replies of `askSentinels` that are not `expected`, as text (empty when all agree). */
export function wrongAnswers(c: Cluster, since: number, expected: string): string[] {
  const asked = new Set(c.sentinels.keys());
  const wrong: string[] = [];
  for (const line of c.trace.lines) {
    if (line.t < since || line.node !== 'cli' || line.type !== 'reply') continue;
    const [target] = line.payload.split(' ');
    if (!asked.delete(target!)) continue;
    if (!line.payload.endsWith(`-> ${expected}`)) wrong.push(line.payload);
  }
  for (const name of asked) wrong.push(`${name} did not answer`);
  return wrong;
}
