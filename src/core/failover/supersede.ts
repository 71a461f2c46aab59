/**
 * A failover overtaken by a newer configuration (vigil only; found by the simulation swarm,
 * scenario stale-failover-after-newer-config). When a hello brings a config epoch for the
 * master greater than our failover's epoch, another sentinel has already settled the master at
 * that epoch, so our attempt can only produce an older, conflicting configuration. Rules:
 *  1. up to WAIT_PROMOTION the attempt is aborted (a replica that already obeyed SLAVEOF NO ONE
 *     is later converted back like any replica that claims to be a master);
 *  2. past the promotion (RECONF_SLAVES, UPDATE_CONFIG) it cannot be aborted: it is ended by
 *     resetting the master at the address the newer epoch named, and since this sentinel was
 *     answering GET-MASTER-ADDR-BY-NAME with the promoted replica, `+switch-master` says that
 *     answer moves back.
 * 7.0.15 raises the epoch and carries on: it later switches to its own promoted replica with
 * the newer epoch, and the group never converges again (two addresses, one config epoch), or,
 * if its promoted replica died, stays in RECONF_SLAVES naming the dead replica forever.
 * The caller has already adopted the newer config epoch and handles a hello naming a different
 * address itself (reset-and-change-address ends the failover).
 */
import { announcedHost, emitEvent } from '../events.js';
import type { MonitorContext } from '../monitor/context.js';
import { resetMasterAndChangeAddress } from '../monitor/master-reset.js';
import { failoverInProgress, promotedReplica, type MasterRecord } from '../state.js';
import { abortFailover } from './common.js';

/** Whether `configEpoch`, just adopted from a hello, supersedes our failover of `master`. */
export function supersededBy(master: MasterRecord, configEpoch: number): boolean {
  return failoverInProgress(master) && master.failoverEpoch < configEpoch;
}

/** Rules 1-2. */
export function endSupersededFailover(ctx: MonitorContext, master: MasterRecord, configEpoch: number): void {
  const { state } = ctx.env;
  const here = `${announcedHost(state, master.addr)} ${master.addr.port}`;
  ctx.batch.log('warning', `Failover of ${master.name} (epoch ${master.failoverEpoch}) superseded by config epoch ${configEpoch}: the master stays ${here}`);
  if (master.failoverState !== 'reconf_slaves' && master.failoverState !== 'update_config') {
    abortFailover(ctx, master);
    return;
  }
  const promoted = promotedReplica(master);
  if (promoted !== null) {
    const from = `${announcedHost(state, promoted.addr)} ${promoted.addr.port}`;
    emitEvent(ctx.env, ctx.batch, 'warning', '+switch-master', { owner: master }, `${master.name} ${from} ${here}`);
  }
  resetMasterAndChangeAddress(ctx, master, master.addr.host, master.addr.port);
}
