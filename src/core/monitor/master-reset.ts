/**
 * Changes to a master that take links down with them: SENTINEL RESET and REMOVE, the address
 * switch of §10.1 (observers on a newer hello, the leader at the end of a failover), and the
 * connection drops Redis does when credentials change (SET auth-pass/auth-user drops the
 * master's and replicas' links; CONFIG SET sentinel-user/sentinel-pass drops every peer link).
 * Every forgotten record lets go of its link here, so no connection outlives its instance.
 */
import { addressKey, newReplica, resetMasterRecord, type Address, type MasterRecord } from '../state.js';
import { parseInstanceAddress, sameAddress } from './addresses.js';
import { closeLink, releaseLink } from './connections.js';
import { instanceEvent, wiresOf, type MonitorContext } from './context.js';
import { reconnectInstance } from './periodic.js';

/** §6.4: forget replicas (and peers unless kept), close the master's connections, clear state. */
export function resetMaster(ctx: MonitorContext, master: MasterRecord, keepSentinels: boolean): void {
  for (const replica of master.replicas.values()) releaseLink(ctx, replica.link);
  if (!keepSentinels) for (const peer of master.sentinels.values()) releaseLink(ctx, peer.link);
  closeLink(ctx, master.link);
  resetMasterRecord(master, ctx.now.mono, keepSentinels);
}

/** SENTINEL REMOVE: every link of the master, its replicas and its peers is let go. */
export function releaseMasterLinks(ctx: MonitorContext, master: MasterRecord): void {
  for (const replica of master.replicas.values()) releaseLink(ctx, replica.link);
  for (const peer of master.sentinels.values()) releaseLink(ctx, peer.link);
  releaseLink(ctx, master.link);
}

/** SET auth-pass / auth-user: reconnect the master and its replicas with the new credentials. */
export function dropDataNodeLinks(ctx: MonitorContext, master: MasterRecord): void {
  closeLink(ctx, master.link);
  for (const replica of master.replicas.values()) closeLink(ctx, replica.link);
}

/** CONFIG SET sentinel-user / sentinel-pass: reconnect every peer with the new credentials. */
export function dropPeerLinks(ctx: MonitorContext): void {
  for (const master of ctx.env.state.masters.values()) {
    for (const peer of master.sentinels.values()) closeLink(ctx, peer.link);
  }
}

/**
 * §10.1 reset-and-change-address. Steps:
 *  1. the new address must be usable (else nothing happens, returns false);
 *  2. remember every replica not at the new address, plus the old master address if it differs;
 *  3. reset the master keeping its peers, move it, clear the down since-times;
 *  4. re-add the remembered addresses as replicas, each with `+slave`;
 *  5. flush the config;
 *  6. (vigil only) forget what was tied to the old address and would otherwise judge the new
 *     one: every peer's "master is down" answer (answers still travelling are void too, see
 *     inputs.ts), and the reconnect back-off of the old master's link, so the new master is
 *     connected and pinged now rather than up to a ping period later. In 7.0.15 both survive
 *     the switch, and together they occasionally mark the new master ODOWN a second later and
 *     start a second, needless failover.
 */
export function resetMasterAndChangeAddress(ctx: MonitorContext, master: MasterRecord, host: string, port: number): boolean {
  const newAddr = parseInstanceAddress(ctx.env.state, host, port);
  if (newAddr === null) return false;
  const keep: Address[] = [];
  for (const replica of master.replicas.values()) if (!sameAddress(replica.addr, newAddr)) keep.push(replica.addr);
  if (!sameAddress(newAddr, master.addr)) keep.push(master.addr);
  resetMaster(ctx, master, true);
  master.addr = newAddr;
  master.oDownSinceTime = 0;
  master.sDownSinceTime = 0;
  for (const peer of master.sentinels.values()) {
    peer.masterDown = false;
    peer.lastMasterDownReplyTime = 0;
  }
  wiresOf(master.link).lastReconnTime = 0;
  for (const addr of keep) {
    const key = addressKey(addr);
    if (master.replicas.has(key)) continue;
    const replica = newReplica(master, addr, ctx.now.mono);
    master.replicas.set(key, replica);
    instanceEvent(ctx, 'notice', '+slave', replica, master);
  }
  ctx.batch.flushConfig('switch master');
  reconnectInstance(ctx, master, master);
  return true;
}
