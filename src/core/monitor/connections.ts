/**
 * Links to monitored instances (§6.3, §7.2): opening a command or pub/sub connection with its
 * handshake, writing commands with a tag that routes the reply, closing and releasing. Commands
 * issued before `link-up` wait on the connection and are written in order when it comes up,
 * as hiredis buffers them; they count as pending from the moment they are issued.
 *
 * Rules kept from Redis:
 *  1. opening a command connection zeroes the link's pending count, then queues AUTH (if any),
 *     CLIENT SETNAME sentinel-<8>-cmd and a PING; a pub/sub one queues AUTH, CLIENT SETNAME
 *     sentinel-<8>-pubsub and SUBSCRIBE __sentinel__:hello;
 *  2. every command name goes through the master's rename table (§13.4);
 *  3. closing the command connection zeroes the pending count; losing it (link-down) does not;
 *  4. a peer's link is shared by every record with its run id; releasing a record only closes
 *     the connections when no record holds the link any more.
 * Never sends to a socket itself: everything leaves as link-* actions in the batch.
 */
import { newAwaitQueue, pushAwaiting } from './await-queue.js';
import type { AnyInstance, Connection, LinkState, MasterRecord, PeerRecord, PendingCommand } from '../state.js';
import { commandName, HELLO_CHANNEL, runtimeOf, wiresOf, type MonitorContext } from './context.js';

/** Opens the `mode` connection of `instance`'s link and queues its handshake (rule 1). */
export function openConnection(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord, mode: 'cmd' | 'pubsub'): void {
  const runtime = runtimeOf(ctx.env.state);
  const link = instance.link;
  const conn: Connection = {
    id: runtime.nextLinkId++,
    mode,
    openedAt: ctx.now.mono,
    up: false,
    localIp: '',
    queued: [],
    awaiting: newAwaitQueue(),
    handshakeReplies: 0,
  };
  runtime.links.set(conn.id, link);
  const wires = wiresOf(link);
  const clientName = `sentinel-${ctx.env.state.myid.slice(0, 8)}-${mode}`;
  ctx.batch.actions.push({
    kind: 'link-open',
    linkId: conn.id,
    mode,
    host: instance.addr.ip,
    port: instance.addr.port,
    bindSource: bindSourceAddress(ctx),
    label: clientName,
  });
  const handshake: string[][] = [];
  const auth = authArguments(ctx, instance, master);
  if (auth !== null) handshake.push([commandName(master, 'AUTH'), ...auth]);
  handshake.push([commandName(master, 'CLIENT'), 'SETNAME', clientName]);
  if (mode === 'cmd') {
    wires.cc = conn;
    link.pendingCommands = 0;
    for (const argv of handshake) sendCommand(ctx, instance, master, argv, 'ignore');
    sendPing(ctx, instance, master);
  } else {
    wires.pc = conn;
    for (const argv of handshake) writeOnPubsub(ctx, conn, argv);
    conn.handshakeReplies = handshake.length;
    link.pendingCommands += handshake.length;
    writeOnPubsub(ctx, conn, [commandName(master, 'SUBSCRIBE'), HELLO_CHANNEL]);
  }
}

/** AUTH arguments for this instance (§13.2, §13.3), or null when none is configured. */
function authArguments(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): string[] | null {
  const { settings } = ctx.env.state;
  let pass: string | null;
  let user: string | null;
  if (instance.kind === 'sentinel') {
    // Without sentinel-pass, our own requirepass is assumed to be the group's.
    pass = settings.sentinelPass ?? ctx.env.server.requirepass;
    user = settings.sentinelPass !== null ? settings.sentinelUser : null;
  } else {
    pass = master.authPass;
    user = master.authUser;
  }
  if (pass === null) return null;
  return user === null ? [pass] : [user, pass];
}

function bindSourceAddress(ctx: MonitorContext): string | null {
  const addr = ctx.env.server.otherOptions.get('bind-source-addr');
  return addr === undefined || addr === '' ? null : addr;
}

/**
 * Sends a command on the instance's command connection, counting it as pending. Returns false
 * (sending nothing) when there is no command connection, as hiredis refuses a NULL context.
 */
export function sendCommand(
  ctx: MonitorContext,
  instance: AnyInstance,
  master: MasterRecord,
  argv: readonly string[],
  purpose: PendingCommand['purpose'],
  detail?: Pick<PendingCommand, 'about' | 'replicaOf' | 'keepClients'>,
): boolean {
  const conn = wiresOf(instance.link).cc;
  if (conn === null) return false;
  queueOrWrite(ctx, conn, argv, detail === undefined ? { purpose, instance, master } : { purpose, instance, master, ...detail });
  instance.link.pendingCommands++;
  return true;
}

/** PING, recording when it left (§7.3); `act_ping_time` keeps the oldest unanswered one. */
export function sendPing(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): boolean {
  if (!sendCommand(ctx, instance, master, [commandName(master, 'PING')], 'ping')) return false;
  const link = instance.link;
  link.lastPingTime = ctx.now.mono;
  if (link.actPingTime === 0) link.actPingTime = link.lastPingTime;
  return true;
}

function queueOrWrite(ctx: MonitorContext, conn: Connection, argv: readonly string[], pending: PendingCommand): void {
  const tag = runtimeOf(ctx.env.state).nextTag++;
  pushAwaiting(conn.awaiting, tag, pending);
  if (conn.up) ctx.batch.actions.push({ kind: 'link-send', linkId: conn.id, tag, argv });
  else conn.queued.push({ tag, argv });
}

/** Pub/sub links answer with frames, not tagged replies; the tag is only the action's. */
function writeOnPubsub(ctx: MonitorContext, conn: Connection, argv: readonly string[]): void {
  const tag = runtimeOf(ctx.env.state).nextTag++;
  if (conn.up) ctx.batch.actions.push({ kind: 'link-send', linkId: conn.id, tag, argv });
  else conn.queued.push({ tag, argv });
}

/** `link-up`: the connection is usable; write what was queued, in order. */
export function markConnectionUp(ctx: MonitorContext, conn: Connection, localIp: string): void {
  conn.up = true;
  conn.localIp = localIp;
  for (const { tag, argv } of conn.queued) ctx.batch.actions.push({ kind: 'link-send', linkId: conn.id, tag, argv });
  conn.queued.length = 0;
}

/** Closes one connection on our initiative (rule 3); the adapter reports no link-down for it. */
export function closeConnection(ctx: MonitorContext, link: LinkState, conn: Connection): void {
  ctx.batch.actions.push({ kind: 'link-close', linkId: conn.id });
  forgetConnection(ctx, link, conn);
  if (conn.mode === 'cmd') link.pendingCommands = 0;
}

/** The connection is gone (closed or lost): detach it and flag the link disconnected. */
export function forgetConnection(ctx: MonitorContext, link: LinkState, conn: Connection): void {
  runtimeOf(ctx.env.state).links.delete(conn.id);
  const wires = wiresOf(link);
  if (wires.cc === conn) {
    wires.cc = null;
    // The silence began at the last valid reply: a PING queued on the next connection attempt
    // must not restart the down-after clock (it made a dead master flap -sdown on reconnect).
    if (link.actPingTime === 0) link.actPingTime = link.lastAvailTime;
  }
  if (wires.pc === conn) wires.pc = null;
  link.disconnected = true;
}

/** Closes both connections of a link (they reconnect on a later tick). */
export function closeLink(ctx: MonitorContext, link: LinkState): void {
  const wires = link.wires;
  if (wires === undefined) return;
  if (wires.cc !== null) closeConnection(ctx, link, wires.cc);
  if (wires.pc !== null) closeConnection(ctx, link, wires.pc);
}

/** A record lets go of its link (rule 4): the connections close with the last holder. */
export function releaseLink(ctx: MonitorContext, link: LinkState): void {
  link.refcount--;
  if (link.refcount <= 0) closeLink(ctx, link);
}

/**
 * Connection sharing (sentinelTryConnectionSharing): a peer whose run id is already known under
 * another master drops its own link and holds that one instead. Returns whether it did.
 */
export function shareLinkIfPossible(ctx: MonitorContext, peer: PeerRecord, master: MasterRecord): boolean {
  if (peer.runid === '' || peer.link.refcount > 1) return false;
  for (const other of ctx.env.state.masters.values()) {
    if (other === master) continue;
    const twin = other.sentinels.get(peer.runid);
    if (twin === undefined || twin === peer) continue;
    releaseLink(ctx, peer.link);
    peer.link = twin.link;
    twin.link.refcount++;
    return true;
  }
  return false;
}
