/**
 * Inputs from the link adapter: a connection came up or went down, a tagged reply on a command
 * connection, a frame on a pub/sub connection, a DNS answer. Each is matched to the connection
 * the core opened; anything for a connection the core has since closed or replaced is dropped,
 * like Redis's callbacks on a detached hiredis context.
 *
 * Replies (matched by tag) go to what sent them:
 *  1. PING: only status or error replies starting with PONG, LOADING or MASTERDOWN are valid
 *     (they clear the outstanding PING; a PONG also clears a master's reboot mark); a BUSY while
 *     SDOWN sends SCRIPT KILL once; any reply refreshes "last ping reply";
 *  2. INFO: a bulk reply is parsed (info-apply.ts);
 *  3. hello PUBLISH: any non-error reply marks the hello as delivered;
 *  4. is-master-down-by-addr: see ask-peers.ts; an answer about an address the master has since
 *     left (a switch happened while it travelled) is void;
 *  5. EXEC of a reconfiguration transaction: see reconfigure.ts (fallback when refused);
 *  6. CLIENT PAUSE of a manual failover's hand-over: see failover/demotion.ts.
 * After a peer's answer, and after INFO from a data node while its master fails over, the master's
 * ODOWN check and failover step run at once (failover-seam.ts, reactToMaster).
 * Every reply lowers the pending count, also when its instance has been forgotten meanwhile.
 * On pub/sub connections, the replies to the handshake are counted off first; a later error
 * frame (a refused SUBSCRIBE, e.g. -NOAUTH) drops the connection, as hiredis does.
 */
import { normalizeIpLiteral } from '../commands/sentinel/ip-literal.js';
import type { LinkDownInput, LinkFrameInput, LinkReplyInput, LinkUpInput, ResolvedInput } from '../io.js';
import type { Reply } from '../../resp/values.js';
import type { AnyInstance, Connection, LinkState, MasterRecord, PendingCommand } from '../state.js';
import { onDemotionMasterInfo, onDemotionPauseReply } from '../failover/demotion.js';
import { onMasterDownReply } from './ask-peers.js';
import { closeConnection, forgetConnection, markConnectionUp, sendCommand } from './connections.js';
import { commandName, isMonitored, runtimeOf, wiresOf, type MonitorContext } from './context.js';
import { sameAddress } from './addresses.js';
import { takeAwaiting } from './await-queue.js';
import { reactToMaster } from './failover-seam.js';
import { processHello } from './hello-receive.js';
import { refreshFromInfo } from './info-apply.js';
import { openMissingConnections } from './periodic.js';
import { onReconfigurationExecReply } from './reconfigure.js';

/** The link and current connection behind `linkId`, or null if the core no longer knows it. */
function connectionOf(ctx: MonitorContext, linkId: number): { link: LinkState; conn: Connection } | null {
  const link = runtimeOf(ctx.env.state).links.get(linkId);
  if (link === undefined) return null;
  const wires = wiresOf(link);
  const conn = wires.cc?.id === linkId ? wires.cc : wires.pc?.id === linkId ? wires.pc : null;
  return conn === null ? null : { link, conn };
}

export function onLinkUp(ctx: MonitorContext, input: LinkUpInput): void {
  const found = connectionOf(ctx, input.linkId);
  if (found !== null) markConnectionUp(ctx, found.conn, input.localIp);
}

export function onLinkDown(ctx: MonitorContext, input: LinkDownInput): void {
  const found = connectionOf(ctx, input.linkId);
  if (found === null) return;
  ctx.batch.log('debug', `${found.conn.mode} link ${input.linkId} lost: ${input.reason}`);
  forgetConnection(ctx, found.link, found.conn);
}

export function onLinkReply(ctx: MonitorContext, input: LinkReplyInput): void {
  const found = connectionOf(ctx, input.linkId);
  if (found === null) return;
  const pending = takeAwaiting(found.conn.awaiting, input.tag);
  if (pending === undefined) return;
  found.link.pendingCommands = Math.max(0, found.link.pendingCommands - 1);
  if (!isMonitored(ctx.env.state, pending.instance, pending.master)) return;
  routeReply(ctx, pending, input.reply);
}

function routeReply(ctx: MonitorContext, pending: PendingCommand, reply: Reply): void {
  const { instance, master } = pending;
  switch (pending.purpose) {
    case 'ping':
      onPingReply(ctx, instance, master, reply);
      break;
    case 'info':
      if (reply.t !== 'bulk' || instance.kind === 'sentinel') break;
      refreshFromInfo(ctx, instance, master, reply.v);
      if (instance.kind === 'master') onDemotionMasterInfo(master, reply.v);
      if (master.failoverState !== 'none') reactToMaster(ctx, master);
      break;
    case 'hello':
      if (reply.t !== 'error') instance.lastPubTime = ctx.now.mono;
      break;
    case 'is-master-down':
      if (instance.kind !== 'sentinel' || pending.about === undefined || !sameAddress(pending.about, master.addr)) break;
      onMasterDownReply(ctx, instance, reply);
      reactToMaster(ctx, master);
      break;
    case 'demote-pause':
      if (instance.kind === 'master') onDemotionPauseReply(ctx, instance, reply);
      break;
    case 'reconf-exec':
      onReconfigurationExecReply(ctx, instance, master, pending.replicaOf ?? null, reply, pending.keepClients !== true);
      break;
    case 'ignore':
      break;
  }
}

/** Rule 1. */
function onPingReply(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord, reply: Reply): void {
  const link = instance.link;
  if (reply.t === 'simple' || reply.t === 'error') {
    const text = reply.v;
    if (text.startsWith('PONG') || text.startsWith('LOADING') || text.startsWith('MASTERDOWN')) {
      link.lastAvailTime = ctx.now.mono;
      link.actPingTime = 0;
      if (instance.kind === 'master' && text.startsWith('PONG')) instance.masterReboot = false;
    } else if (text.startsWith('BUSY') && instance.sDown && !instance.scriptKillSent) {
      sendCommand(ctx, instance, master, [commandName(master, 'SCRIPT'), 'KILL'], 'ignore');
      instance.scriptKillSent = true;
    }
  }
  link.lastPongTime = ctx.now.mono;
}

export function onLinkFrame(ctx: MonitorContext, input: LinkFrameInput): void {
  const found = connectionOf(ctx, input.linkId);
  if (found === null || found.conn.mode !== 'pubsub') return;
  const { link, conn } = found;
  const frame = input.frame;
  if (frame.t !== 'array' && frame.t !== 'push') {
    if (conn.handshakeReplies > 0) {
      conn.handshakeReplies--;
      link.pendingCommands = Math.max(0, link.pendingCommands - 1);
    } else if (frame.t === 'error') {
      closeConnection(ctx, link, conn);
    }
    return;
  }
  wiresOf(link).pcLastActivity = ctx.now.mono;
  const [kind, , payload] = frame.v;
  if (frame.v.length !== 3 || kind?.t !== 'bulk' || kind.v !== 'message' || payload?.t !== 'bulk') return;
  if (frame.v[1]?.t !== 'bulk') return;
  // Our own hellos come back on every pub/sub link.
  if (payload.v.includes(ctx.env.state.myid)) return;
  processHello(ctx, payload.v);
}

export function onResolved(ctx: MonitorContext, input: ResolvedInput): void {
  const runtime = runtimeOf(ctx.env.state);
  const request = runtime.resolving.get(input.requestId);
  if (request === undefined) return;
  runtime.resolving.delete(input.requestId);
  const { instance, master } = request;
  const wires = wiresOf(instance.link);
  if (wires.resolving !== input.requestId) return;
  wires.resolving = null;
  if (!isMonitored(ctx.env.state, instance, master)) return;
  if (input.ip !== null && instance.addr.host === input.host) {
    instance.addr = { ...instance.addr, ip: normalizeIpLiteral(input.ip) ?? input.ip };
  }
  if (instance.link.disconnected) openMissingConnections(ctx, instance, master);
}
