/**
 * The first half of handling an instance on a tick: reconnect what is missing (§7.2), then send
 * the periodic INFO, PING and hello (§7.3). Rules:
 *  1. reconnect only a disconnected link with a port other than 0, at most once per ping
 *     period (rule 5's P);
 *  2. an address that is a name (or still has no IP) is resolved first, with a `resolve` action;
 *     the connection is opened when the answer arrives (never blocking the tick);
 *  3. no periodic command while disconnected or with 100 x refcount commands pending;
 *  4. INFO to masters and replicas when never received or older than the INFO period: 10 s, or
 *     1 s for a replica whose master is ODOWN or failing over, or whose own master link is down;
 *     and every 20 ms (from the last INFO sent; ticks are 10 ms apart meanwhile, see tick.ts;
 *     for the first 2 s of the state, then the 1 s period) for the replica being promoted while the
 *     promotion is awaited (or it catches up with a paused old master, failover/demotion.ts)
 *     and for replicas being reconfigured (vigil only: Redis waits for the
 *     1 s poll, which is most of its failover time);
 *  5. PING when the last reply of any kind is older than P and the last PING older than P/2,
 *     where P = min(down-after, ping-period) as in Redis, except for a master, where it is
 *     min(down-after / 4, ping-period) (at least 100 ms). Vigil only: SDOWN needs a PING left
 *     unanswered for down-after, so the period between PINGs adds up to one P to the detection
 *     of a hung master; pinging a master with a short down-after more often bounds that to a
 *     quarter of down-after while keeping the down-after check itself. With the default 30 s
 *     down-after nothing changes (P = 1 s);
 *  6. a hello when the last acknowledged one is older than the publish period.
 */
import { failoverInProgress, type AnyInstance, type MasterRecord, type ReplicaRecord } from '../state.js';
import { needsResolving } from './addresses.js';
import { openConnection, sendCommand, sendPing } from './connections.js';
import { commandName, runtimeOf, wiresOf, type MonitorContext } from './context.js';
import { sendHello } from './hello.js';
import { watchedClosely } from '../failover/common.js';
import { catchingUp } from '../failover/demotion.js';

/** SENTINEL_MAX_PENDING_COMMANDS: the per-link bound, multiplied by the link's holders. */
export const MAX_PENDING_COMMANDS = 100;

/** INFO period for replicas that need watching closely (a literal in Redis, not tunable). */
const FAST_INFO_PERIOD_MS = 1000;

/** Rule 4's poll of replicas whose new role the failover is waiting for. */
const FAILOVER_INFO_PERIOD_MS = 20;

/** Rule 5: a master's PING period is at most a quarter of down-after, and at least this. */
const MIN_MASTER_PING_PERIOD_MS = 100;

/** Rule 5's P for `instance`. */
export function pingPeriodOf(instance: AnyInstance, pingPeriodMs: number): number {
  if (instance.kind !== 'master') return Math.min(instance.downAfterMs, pingPeriodMs);
  return Math.min(pingPeriodMs, Math.max(MIN_MASTER_PING_PERIOD_MS, Math.floor(instance.downAfterMs / 4)));
}

/** Rules 1-2. */
export function reconnectInstance(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  const link = instance.link;
  const wires = wiresOf(link);
  updateDisconnected(instance);
  if (!link.disconnected || instance.addr.port === 0) return;
  const { pingPeriodMs } = ctx.env.state.timing;
  const reconnectPeriod = instance.kind === 'master' ? pingPeriodOf(instance, pingPeriodMs) : pingPeriodMs;
  if (ctx.now.mono - wires.lastReconnTime < reconnectPeriod) return;
  wires.lastReconnTime = ctx.now.mono;
  if (wires.cc === null && needsResolving(ctx.env.state, instance.addr)) {
    requestResolve(ctx, instance, master);
    return;
  }
  openMissingConnections(ctx, instance, master);
}

/** Opens whichever of the instance's connections is missing (IP permitting). */
export function openMissingConnections(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  if (instance.addr.ip === '' || instance.addr.port === 0) return;
  const wires = wiresOf(instance.link);
  if (wires.cc === null) openConnection(ctx, instance, master, 'cmd');
  if (instance.kind !== 'sentinel' && wires.pc === null) openConnection(ctx, instance, master, 'pubsub');
  updateDisconnected(instance);
}

/** `disconnected` holds exactly while the command (or, for data nodes, pub/sub) connection is missing. */
export function updateDisconnected(instance: AnyInstance): void {
  const wires = wiresOf(instance.link);
  instance.link.disconnected = wires.cc === null || (instance.kind !== 'sentinel' && wires.pc === null);
}

function requestResolve(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  const runtime = runtimeOf(ctx.env.state);
  const wires = wiresOf(instance.link);
  if (wires.resolving !== null) runtime.resolving.delete(wires.resolving);
  const requestId = runtime.nextRequestId++;
  wires.resolving = requestId;
  runtime.resolving.set(requestId, { instance, master });
  ctx.batch.actions.push({ kind: 'resolve', requestId, host: instance.addr.host });
}

/** Rules 3-6. */
export function sendPeriodicCommands(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): void {
  const link = instance.link;
  const now = ctx.now.mono;
  const { timing } = ctx.env.state;
  if (link.disconnected) return;
  if (link.pendingCommands >= MAX_PENDING_COMMANDS * link.refcount) return;
  if (instance.kind !== 'sentinel') {
    const wires = wiresOf(link);
    if (instance.kind === 'replica' && awaitedByFailover(instance, master) && watchedClosely(master, now)) {
      if (now - wires.lastInfoSentTime >= FAILOVER_INFO_PERIOD_MS) sendInfo(ctx, instance, master);
    } else {
      const fast =
        instance.kind === 'replica' && (master.oDown || failoverInProgress(master) || instance.masterLinkDownTimeMs !== 0);
      const infoPeriod = fast ? FAST_INFO_PERIOD_MS : timing.infoPeriodMs;
      if (instance.infoRefresh === 0 || now - instance.infoRefresh > infoPeriod) sendInfo(ctx, instance, master);
    }
  }
  const pingPeriod = pingPeriodOf(instance, timing.pingPeriodMs);
  if (now - link.lastPongTime > pingPeriod && now - link.lastPingTime > Math.floor(pingPeriod / 2)) {
    sendPing(ctx, instance, master);
  }
  if (now - instance.lastPubTime > timing.publishPeriodMs) sendHello(ctx, instance, master);
}

function sendInfo(ctx: MonitorContext, instance: MasterRecord | ReplicaRecord, master: MasterRecord): void {
  if (sendCommand(ctx, instance, master, [commandName(master, 'INFO')], 'info')) wiresOf(instance.link).lastInfoSentTime = ctx.now.mono;
}

/** Rule 4's fast case: the promotion or reconfiguration of this replica is being waited for. */
function awaitedByFailover(replica: ReplicaRecord, master: MasterRecord): boolean {
  if (replica.promoted) return master.failoverState === 'wait_promotion' || catchingUp(master);
  return master.failoverState === 'reconf_slaves' && (replica.reconf === 'sent' || replica.reconf === 'inprog');
}
