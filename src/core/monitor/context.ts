/**
 * What every monitor function works with: the core's environment, the batch being built and the
 * time of the input. Also the small lookups they share: the monitor's runtime record, a link's
 * connections, whether an instance is still monitored, and command renaming (§13.4).
 * Never reads a clock: `now` comes with the input.
 */
import type { Batch } from '../batch.js';
import type { CoreEnv } from '../commands/types.js';
import { emitEvent } from '../events.js';
import type { LogLevel } from '../io.js';
import type { AnyInstance, LinkState, LinkWires, MasterRecord, MonitorRuntime, SentinelState } from '../state.js';
import type { Now } from '../time.js';

/** The channel hellos travel on (pub/sub links subscribe to it; hellos are PUBLISHed to it). */
export const HELLO_CHANNEL = '__sentinel__:hello';

export interface MonitorContext {
  readonly env: CoreEnv;
  readonly batch: Batch;
  readonly now: Now;
}

/** The monitor's counters and indexes, created the first time they are needed. */
export function runtimeOf(state: SentinelState): MonitorRuntime {
  state.monitor ??= {
    nextLinkId: 1,
    nextTag: 1,
    nextRequestId: 1,
    previousTick: null,
    links: new Map(),
    resolving: new Map(),
  };
  return state.monitor;
}

/** A link's connections and timers, created on first use (a fresh link has none). */
export function wiresOf(link: LinkState): LinkWires {
  link.wires ??= { cc: null, pc: null, pcLastActivity: 0, lastReconnTime: 0, lastInfoSentTime: 0, resolving: null };
  return link.wires;
}

/** The master an instance belongs to: itself for a master, `owner` otherwise. */
export function masterOf(instance: AnyInstance, owner: MasterRecord | null): MasterRecord {
  if (instance.kind === 'master') return instance;
  if (owner === null) throw new Error('a replica or peer needs its master');
  return owner;
}

/** Whether `instance` (of `master`) is still part of the state, not forgotten by RESET & co. */
export function isMonitored(state: SentinelState, instance: AnyInstance, master: MasterRecord): boolean {
  if (state.masters.get(master.name) !== master) return false;
  switch (instance.kind) {
    case 'master':
      return instance === master;
    case 'sentinel':
      return master.sentinels.get(instance.runid) === instance;
    case 'replica':
      for (const replica of master.replicas.values()) if (replica === instance) return true;
      return false;
  }
}

/** The name to send for `command` (upper case) to the instances of `master` (§13.4). */
export function commandName(master: MasterRecord, command: string): string {
  // Most masters rename nothing: skip the lower-casing (a new string per command sent).
  if (master.renamedCommands.size === 0) return command;
  return master.renamedCommands.get(command.toLowerCase())?.to ?? command;
}

/** Emits an event whose `%@` describes `instance` (a master, or a replica/peer of `master`). */
export function instanceEvent(
  ctx: MonitorContext,
  level: LogLevel,
  type: string,
  instance: AnyInstance,
  master: MasterRecord,
  text = '',
): void {
  const owner = instance.kind === 'master' ? null : master;
  emitEvent(ctx.env, ctx.batch, level, type, { instance, master: owner }, text);
}

/** Emits an event with no `%@` prefix (`+new-epoch`, `+tilt`). */
export function plainEvent(ctx: MonitorContext, level: LogLevel, type: string, text: string): void {
  emitEvent(ctx.env, ctx.batch, level, type, null, text);
}
