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
 *     next INFO poll.
 */
import type { Reply } from '../../resp/values.js';
import { announcedHost } from '../events.js';
import type { Address, AnyInstance, MasterRecord } from '../state.js';
import { sendCommand } from './connections.js';
import { commandName, type MonitorContext } from './context.js';

export interface ReplicaOfOptions {
  /** Rule 2. */
  readonly followWithInfo?: boolean;
}

/** Queues the six commands; false (nothing sent) when the instance has no command connection. */
export function sendReplicaOf(
  ctx: MonitorContext,
  instance: AnyInstance,
  master: MasterRecord,
  target: Address | null,
  options: ReplicaOfOptions = {},
): boolean {
  const commands = reconfigurationCommands(ctx, master, target);
  const name = (command: string): string => commandName(master, command);
  if (!sendCommand(ctx, instance, master, [name('MULTI')], 'ignore')) return false;
  for (const argv of commands) sendCommand(ctx, instance, master, argv, 'ignore');
  sendCommand(ctx, instance, master, [name('EXEC')], 'reconf-exec', { replicaOf: target });
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
): void {
  if (reply.t !== 'error') return;
  const where = `${announcedHost(ctx.env.state, instance.addr)}:${instance.addr.port}`;
  ctx.batch.log('warning', `Reconfiguration transaction refused by ${where} (${reply.v}): sending its commands one by one`);
  for (const argv of reconfigurationCommands(ctx, master, target)) sendCommand(ctx, instance, master, argv, 'ignore');
  sendCommand(ctx, instance, master, [commandName(master, 'INFO')], 'info');
}

/** The commands inside MULTI/EXEC, in order. */
function reconfigurationCommands(ctx: MonitorContext, master: MasterRecord, target: Address | null): string[][] {
  const name = (command: string): string => commandName(master, command);
  const slaveOf = target === null ? ['NO', 'ONE'] : [announcedHost(ctx.env.state, target), String(target.port)];
  return [
    [name('SLAVEOF'), ...slaveOf],
    [name('CONFIG'), 'REWRITE'],
    [name('CLIENT'), 'KILL', 'TYPE', 'normal'],
    [name('CLIENT'), 'KILL', 'TYPE', 'pubsub'],
  ];
}
