/**
 * The reconfiguration transaction Sentinel sends to make an instance a replica of `target`, or a
 * master when `target` is null (§9.4):
 *   MULTI / SLAVEOF <host> <port> | SLAVEOF NO ONE / CONFIG REWRITE /
 *   CLIENT KILL TYPE normal / CLIENT KILL TYPE pubsub / EXEC
 * Every name goes through the master's rename table; the host is the announced form (the
 * hostname with announce-hostnames). Used by +convert-to-slave and +fix-slave-config here, and
 * by the failover (promotion and replica reconfiguration).
 *
 * Rules beyond 7.0.15 (which ignores every reply and so stalls until failover-timeout when a
 * data node refuses part of the transaction, e.g. CONFIG renamed away or denied by ACL, which
 * makes EXEC fail with EXECABORT):
 *  1. EXEC's reply is read: an error reply (EXECABORT, or "EXEC without MULTI" when MULTI itself
 *     was refused) means the SLAVEOF may not have run, so the commands are sent again one by one,
 *     outside a transaction, and a refusal of one no longer holds back the others; a warning
 *     says so. SLAVEOF is idempotent, so sending it twice is harmless;
 *  2. with `followWithInfo`, an INFO goes right behind the transaction on the same connection:
 *     its reply arrives after EXEC ran, so the failover sees the new role without waiting for the
 *     next INFO poll;
 *  3. with `killClients: false` the two CLIENT KILLs are left out (also from the one-by-one
 *     resend): the manual failover's hand-over demotes the old master at the promotion but sends
 *     its clients back to the sentinels only at the switch (failover/demotion.ts), through
 *     sendClientKills.
 */
import type { Reply } from '../../resp/values.js';
import { announcedHost } from '../events.js';
import type { Address, AnyInstance, MasterRecord } from '../state.js';
import { sendCommand } from './connections.js';
import { commandName, type MonitorContext } from './context.js';

export interface ReplicaOfOptions {
  /** Rule 2. */
  readonly followWithInfo?: boolean;
  /** Rule 3 (default true). */
  readonly killClients?: boolean;
}

/** Queues the six commands; false (nothing sent) when the instance has no command connection. */
export function sendReplicaOf(
  ctx: MonitorContext,
  instance: AnyInstance,
  master: MasterRecord,
  target: Address | null,
  options: ReplicaOfOptions = {},
): boolean {
  const killClients = options.killClients ?? true;
  const commands = reconfigurationCommands(ctx, master, target, killClients);
  const name = (command: string): string => commandName(master, command);
  if (!sendCommand(ctx, instance, master, [name('MULTI')], 'ignore')) return false;
  for (const argv of commands) sendCommand(ctx, instance, master, argv, 'ignore');
  sendCommand(ctx, instance, master, [name('EXEC')], 'reconf-exec', { replicaOf: target, keepClients: !killClients });
  if (options.followWithInfo === true) sendCommand(ctx, instance, master, [name('INFO')], 'info');
  return true;
}

/** Rule 1: EXEC's reply; an error resends the commands one by one (and asks INFO again). */
export function onReconfigurationExecReply(
  ctx: MonitorContext,
  instance: AnyInstance,
  master: MasterRecord,
  target: Address | null,
  reply: Reply,
  killClients: boolean,
): void {
  if (reply.t !== 'error') return;
  const where = `${announcedHost(ctx.env.state, instance.addr)}:${instance.addr.port}`;
  ctx.batch.log('warning', `Reconfiguration transaction refused by ${where} (${reply.v}): sending its commands one by one`);
  for (const argv of reconfigurationCommands(ctx, master, target, killClients)) sendCommand(ctx, instance, master, argv, 'ignore');
  sendCommand(ctx, instance, master, [commandName(master, 'INFO')], 'info');
}

/** Rule 3: the transaction's CLIENT KILLs on their own, so the instance's clients ask the sentinels again. */
export function sendClientKills(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): boolean {
  let sent = false;
  for (const argv of clientKills(master)) sent = sendCommand(ctx, instance, master, argv, 'ignore') || sent;
  return sent;
}

/** The commands inside MULTI/EXEC, in order. */
function reconfigurationCommands(ctx: MonitorContext, master: MasterRecord, target: Address | null, killClients: boolean): string[][] {
  const name = (command: string): string => commandName(master, command);
  const slaveOf = target === null ? ['NO', 'ONE'] : [announcedHost(ctx.env.state, target), String(target.port)];
  return [[name('SLAVEOF'), ...slaveOf], [name('CONFIG'), 'REWRITE'], ...(killClients ? clientKills(master) : [])];
}

function clientKills(master: MasterRecord): string[][] {
  return [
    [commandName(master, 'CLIENT'), 'KILL', 'TYPE', 'normal'],
    [commandName(master, 'CLIENT'), 'KILL', 'TYPE', 'pubsub'],
  ];
}
