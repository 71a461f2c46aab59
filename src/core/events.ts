/**
 * Sentinel events: formatted exactly as Redis Sentinel 7.0 does (`%@` instance prefix, 1023
 * byte cap), logged at their level, and published on the sentinel's own pub/sub with the event
 * type as channel (every level but debug).
 */
import { bulk, push } from '../resp/values.js';
import type { Batch } from './batch.js';
import type { ClientTable } from './clients.js';
import { globMatch } from './glob.js';
import type { LogLevel } from './io.js';
import type { Address, InstanceBase, MasterRecord, ReplicaRecord, PeerRecord, SentinelState } from './state.js';

export const EVENT_MESSAGE_MAX = 1023;

/** The address as shown to the world: hostname with announce-hostnames, else the IP. */
export function announcedHost(state: SentinelState, addr: Address): string {
  if (state.settings.announceHostnames) return addr.host;
  return addr.ip !== '' ? addr.ip : addr.host;
}

/** The `%@` descriptor of an instance. */
export function describeInstance(state: SentinelState, instance: InstanceBase, master: MasterRecord | null): string {
  const host = announcedHost(state, instance.addr);
  if (instance.kind === 'master') {
    return `master ${(instance as MasterRecord).name} ${host} ${instance.addr.port}`;
  }
  const owner = master!;
  const suffix = `@ ${owner.name} ${announcedHost(state, owner.addr)} ${owner.addr.port}`;
  if (instance.kind === 'replica') {
    return `slave ${replicaName(state, instance as ReplicaRecord)} ${host} ${instance.addr.port} ${suffix}`;
  }
  return `sentinel ${(instance as PeerRecord).runid} ${host} ${instance.addr.port} ${suffix}`;
}

/** A replica's name: `ip:port`, `[v6]:port`, or `host:port` with announce-hostnames. */
export function replicaName(state: SentinelState, replica: ReplicaRecord): string {
  const host = announcedHost(state, replica.addr);
  return host.includes(':') ? `[${host}]:${replica.addr.port}` : `${host}:${replica.addr.port}`;
}

export interface EventSink {
  readonly state: SentinelState;
  readonly clients: ClientTable;
}

/**
 * Emits one event. `instance` (with its master for replicas and peers) supplies the `%@`
 * prefix; `text` follows it after a space, or stands alone when there is no instance.
 */
export function emitEvent(
  sink: EventSink,
  batch: Batch,
  level: LogLevel,
  type: string,
  instance: { instance: InstanceBase; master: MasterRecord | null } | null,
  text: string,
): void {
  let message = instance === null ? text : describeInstance(sink.state, instance.instance, instance.master);
  if (instance !== null && text !== '') message += ' ' + text;
  if (message.length > EVENT_MESSAGE_MAX) message = message.slice(0, EVENT_MESSAGE_MAX);
  batch.log(level, `${type} ${message}`);
  if (level !== 'debug') publish(sink.clients, batch, type, message);
}

/** Delivers a message to local subscribers of `channel` (exact channels and patterns). */
export function publish(clients: ClientTable, batch: Batch, channel: string, message: string): number {
  let receivers = 0;
  for (const client of clients.all()) {
    if (client.channels.has(channel)) {
      batch.reply(client.id, client.proto, push([bulk('message'), bulk(channel), bulk(message)]));
      receivers++;
    }
    for (const pattern of client.patterns) {
      if (globMatch(pattern, channel)) {
        batch.reply(client.id, client.proto, push([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]));
        receivers++;
      }
    }
  }
  return receivers;
}
