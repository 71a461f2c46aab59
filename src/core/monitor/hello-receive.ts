/**
 * Receiving hellos (§7.5), whether from a pub/sub link or a peer's PUBLISH to us. Steps:
 *  1. exactly 8 comma-separated fields, for a master we monitor, else ignored;
 *  2. a peer under that master with the same address and run id is the sender;
 *  3. otherwise: a peer with that run id is removed (it moved: `+sentinel-address-switch`), or
 *     a peer of another run id at that address is forgotten under every master
 *     (`+sentinel-invalid-addr`); then the sender is added (`+sentinel` unless it moved), shares
 *     an existing link to that run id, its copies under other masters learn the new address
 *     (`+sentinel-address-update`), and the config is flushed;
 *  4. a higher current epoch is adopted (flush, `+new-epoch`);
 *  5. a higher config epoch for the master is adopted; if the advertised address differs,
 *     `+config-update-from`, `+switch-master`, reset-and-change-address (§10.1), then the
 *     client-reconfig-script as `observer` from the old address to the (new) current one;
 *     if it is the same address and a failover of ours with an older epoch is running, that
 *     failover is superseded and ended (failover/supersede.ts, vigil only). Vigil only: an
 *     equal config epoch naming another address is adopted the same way when our own data
 *     nodes already follow that address (equal-epoch.ts);
 *  6. the sender's last-hello time is refreshed.
 * Epoch fields are parsed like strtoull, except that what a JS number cannot hold exactly (and
 * negative numbers, which strtoull wraps to huge ones) counts as 0: never adopted.
 */
import { atoi } from '../commands/helpers.js';
import { announcedHost, emitEvent } from '../events.js';
import { endSupersededFailover, supersededBy } from '../failover/supersede.js';
import { maybeQueueClientReconfig } from '../scripts/reconfig.js';
import { newPeer, type Address, type MasterRecord, type PeerRecord } from '../state.js';
import { addressMatchesHost, parseInstanceAddress, sameAddress } from './addresses.js';
import { closeLink, releaseLink, shareLinkIfPossible } from './connections.js';
import { instanceEvent, type MonitorContext } from './context.js';
import { dataNodesFollow } from './equal-epoch.js';
import { resetMasterAndChangeAddress } from './master-reset.js';

export function processHello(ctx: MonitorContext, payload: string): void {
  const fields = payload.split(',');
  if (fields.length !== 8) return;
  const [ip, portText, runid, epochText, name, masterHost, masterPortText, configEpochText] = fields as [
    string, string, string, string, string, string, string, string,
  ];
  const { state } = ctx.env;
  const master = state.masters.get(name);
  if (master === undefined) return;
  const port = atoi(portText);
  const addr = parseInstanceAddress(state, ip, port);
  const known = addr === null ? null : findPeer(master, addr, runid);
  const peer = known ?? discoverPeer(ctx, master, ip, port, addr, runid);

  const currentEpoch = parseEpoch(epochText);
  if (currentEpoch > state.currentEpoch) {
    state.currentEpoch = currentEpoch;
    ctx.batch.flushConfig('new epoch from hello');
    emitEvent(ctx.env, ctx.batch, 'warning', '+new-epoch', { owner: master }, String(currentEpoch));
  }
  const configEpoch = parseEpoch(configEpochText);
  const masterPort = atoi(masterPortText);
  const elsewhere = masterPort !== master.addr.port || !addressMatchesHost(master.addr, masterHost);
  if (peer !== null && master.configEpoch < configEpoch) {
    master.configEpoch = configEpoch;
    if (elsewhere) switchToAdvertised(ctx, master, peer, masterHost, masterPort);
    else if (supersededBy(master, configEpoch)) endSupersededFailover(ctx, master, configEpoch);
  } else if (peer !== null && master.configEpoch === configEpoch && configEpoch > 0 && elsewhere && dataNodesFollow(master, masterHost, masterPort)) {
    switchToAdvertised(ctx, master, peer, masterHost, masterPort);
  }
  if (peer !== null) peer.lastHelloTime = ctx.now.mono;
}

/** Step 5's switch to the address a peer's hello advertises. */
function switchToAdvertised(ctx: MonitorContext, master: MasterRecord, peer: PeerRecord, masterHost: string, masterPort: number): void {
  const { state } = ctx.env;
  instanceEvent(ctx, 'warning', '+config-update-from', peer, master);
  const old = `${announcedHost(state, master.addr)} ${master.addr.port}`;
  emitEvent(ctx.env, ctx.batch, 'warning', '+switch-master', { owner: master }, `${master.name} ${old} ${masterHost} ${masterPort}`);
  const oldAddr = master.addr;
  resetMasterAndChangeAddress(ctx, master, masterHost, masterPort);
  maybeQueueClientReconfig(state, master, 'observer', oldAddr, master.addr);
}

/** The peer under `master` at `addr` with `runid` (any run id when null). */
function findPeer(master: MasterRecord, addr: Address, runid: string | null): PeerRecord | null {
  for (const peer of master.sentinels.values()) {
    if ((runid === null || peer.runid === runid) && sameAddress(peer.addr, addr)) return peer;
  }
  return null;
}

/** Step 3. Returns the new peer, or null when its address is unusable. */
function discoverPeer(
  ctx: MonitorContext,
  master: MasterRecord,
  ip: string,
  port: number,
  addr: Address | null,
  runid: string,
): PeerRecord | null {
  const moved = master.sentinels.get(runid);
  if (moved !== undefined) {
    master.sentinels.delete(runid);
    releaseLink(ctx, moved.link);
    instanceEvent(ctx, 'notice', '+sentinel-address-switch', master, master, `ip ${ip} port ${port} for ${runid}`);
  } else if (addr !== null) {
    const squatter = findPeer(master, addr, null);
    if (squatter !== null) {
      instanceEvent(ctx, 'notice', '+sentinel-invalid-addr', squatter, master);
      forgetPeerEverywhere(ctx, squatter.runid);
    }
  }
  if (addr === null || master.sentinels.has(runid)) return null;
  const peer = newPeer(master, addr, runid, ctx.now.mono);
  master.sentinels.set(runid, peer);
  if (moved === undefined) instanceEvent(ctx, 'notice', '+sentinel', peer, master);
  shareLinkIfPossible(ctx, peer, master);
  if (moved !== undefined) updatePeerAddressEverywhere(ctx, peer, master);
  ctx.batch.flushConfig('new sentinel');
  return peer;
}

/** The run id is dropped under every master (a stale identity for a reused address). */
function forgetPeerEverywhere(ctx: MonitorContext, runid: string): void {
  for (const master of ctx.env.state.masters.values()) {
    const copy = master.sentinels.get(runid);
    if (copy === undefined) continue;
    master.sentinels.delete(runid);
    releaseLink(ctx, copy.link);
  }
}

/**
 * sentinelUpdateSentinelAddressInAllMasters: every copy of a moved peer's run id drops its
 * connections (they reconnect to the new address) and the copies under other masters take the
 * new address; `+sentinel-address-update` counts those.
 */
function updatePeerAddressEverywhere(ctx: MonitorContext, peer: PeerRecord, peerMaster: MasterRecord): void {
  let updated = 0;
  for (const master of ctx.env.state.masters.values()) {
    const copy = master.sentinels.get(peer.runid);
    if (copy === undefined) continue;
    closeLink(ctx, copy.link);
    if (copy === peer) continue;
    copy.addr = peer.addr;
    updated++;
  }
  if (updated > 0) {
    instanceEvent(ctx, 'notice', '+sentinel-address-update', peer, peerMaster, `${updated} additional matching instances`);
  }
}

/** strtoull for epochs, limited to exact JS integers (see the header). */
export function parseEpoch(text: string): number {
  const match = /^\s*\+?(\d+)/.exec(text);
  if (match === null) return 0;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) ? value : 0;
}
