/**
 * The reconfiguration transaction Sentinel sends to make an instance a replica of `target`, or a
 * master when `target` is null (§9.4):
 *   MULTI / SLAVEOF <host> <port> | SLAVEOF NO ONE / CONFIG REWRITE /
 *   CLIENT KILL TYPE normal / CLIENT KILL TYPE pubsub / EXEC
 * Every name goes through the master's rename table; replies are ignored; the host is the
 * announced form (the hostname with announce-hostnames). Used by +convert-to-slave and
 * +fix-slave-config here, and by the failover (promotion and replica reconfiguration).
 */
import { announcedHost } from '../events.js';
import type { Address, AnyInstance, MasterRecord } from '../state.js';
import { sendCommand } from './connections.js';
import { commandName, type MonitorContext } from './context.js';

/** Queues the six commands; false (nothing sent) when the instance has no command connection. */
export function sendReplicaOf(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord, target: Address | null): boolean {
  const name = (command: string): string => commandName(master, command);
  const slaveOf = target === null ? ['NO', 'ONE'] : [announcedHost(ctx.env.state, target), String(target.port)];
  const transaction: string[][] = [
    [name('MULTI')],
    [name('SLAVEOF'), ...slaveOf],
    [name('CONFIG'), 'REWRITE'],
    [name('CLIENT'), 'KILL', 'TYPE', 'normal'],
    [name('CLIENT'), 'KILL', 'TYPE', 'pubsub'],
    [name('EXEC')],
  ];
  for (const argv of transaction) {
    if (!sendCommand(ctx, instance, master, argv, 'ignore')) return false;
  }
  return true;
}
