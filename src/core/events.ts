/**
 * Sentinel events: formatted exactly as Redis Sentinel 7.0 does (`%@` instance prefix, 1023
 * byte cap), logged at their level, published on the sentinel's own pub/sub with the event
 * type as channel (every level but debug), and, at WARNING level, queued for the
 * notification-script of the master the event belongs to (§5.1). An event can belong to a
 * master without a `%@` prefix (`+new-epoch`, `+vote-for-leader`, `+switch-master`): its subject
 * is then `{ owner }`. Events with no subject (`+tilt`, script errors) run no script.
 */
import { bulk, push } from '../resp/values.js';
import type { Batch } from './batch.js';
import type { ClientTable } from './clients.js';
import { globMatch } from './glob.js';
import type { LogLevel } from './io.js';
import { maybeQueueNotification } from './scripts/queue.js';
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
 * What an event is about: an instance (with its master for replicas and peers), which gives
 * the `%@` prefix; a master named without a prefix (`{ owner }`); or nothing (null).
 */
export type EventSubject =
  | { readonly instance: InstanceBase; readonly master: MasterRecord | null }
  | { readonly owner: MasterRecord }
  | null;

/** The master whose notification-script hears about an event of `subject`, if any. */
function owningMaster(subject: EventSubject): MasterRecord | null {
  if (subject === null) return null;
  if ('owner' in subject) return subject.owner;
  return subject.instance.kind === 'master' ? (subject.instance as MasterRecord) : subject.master;
}

/**
 * Emits one event. An instance subject supplies the `%@` prefix; `text` follows it after a
 * space, or stands alone for the other subjects.
 */
export function emitEvent(
  sink: EventSink,
  batch: Batch,
  level: LogLevel,
  type: string,
  subject: EventSubject,
  text: string,
): void {
  const prefixed = subject !== null && 'instance' in subject;
  let message = prefixed ? describeInstance(sink.state, subject.instance, subject.master) : text;
  if (prefixed && text !== '') message += ' ' + text;
  if (message.length > EVENT_MESSAGE_MAX) message = message.slice(0, EVENT_MESSAGE_MAX);
  batch.log(level, `${type} ${message}`);
  if (level !== 'debug') publish(sink.clients, batch, type, message);
  const master = level === 'warning' ? owningMaster(subject) : null;
  if (master !== null) maybeQueueNotification(sink.state, master, type, message);
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
