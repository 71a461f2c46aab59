/**
 * `sentinel ...` config lines applied to a SentinelState, with redis-sentinel 7.0.15's argument
 * counts, number parsing (atoi/strtoull: garbage reads as 0) and error texts. Lines are applied
 * in three passes (globals, then `monitor`, then per-master lines) so that per-master lines may
 * precede their `monitor` line and resolve-hostnames is known before any address is read.
 */
import { normalizeIpLiteral } from '../core/commands/sentinel/ip-literal.js';
import { addressKey, newMaster, newPeer, newReplica, type Address, type MasterRecord, type SentinelState } from '../core/state.js';
import { atoi, strtoull } from './numbers.js';
import { yesNo } from './option-values.js';

export interface SentinelLoadEnv {
  readonly nowMono: number;
  isExecutable(path: string): boolean;
  /** hostname -> ip, resolved by the caller beforehand (only consulted with resolve-hostnames). */
  readonly resolved: ReadonlyMap<string, string>;
}

const PASS_ONE = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

/** Which pass applies a line, by its (case-insensitive) subcommand alone. */
export function sentinelPass(subcommand: string): 1 | 2 | 3 {
  const sub = subcommand.toLowerCase();
  return PASS_ONE.has(sub) ? 1 : sub === 'monitor' ? 2 : 3;
}

const UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';
const NO_SUCH_MASTER = 'No such master with specified name.';

/** Argument counts (subcommand included) that redis-sentinel accepts for each subcommand. */
const ARITY: Readonly<Record<string, readonly number[]>> = {
  monitor: [5],
  'down-after-milliseconds': [3],
  'failover-timeout': [3],
  'parallel-syncs': [3],
  'notification-script': [3],
  'client-reconfig-script': [3],
  'auth-pass': [3],
  'auth-user': [3],
  'master-reboot-down-after-period': [3],
  'config-epoch': [3],
  'leader-epoch': [3],
  'known-slave': [4],
  'known-replica': [4],
  'known-sentinel': [4, 5],
  'rename-command': [4],
  'current-epoch': [2],
  myid: [2],
  'announce-ip': [2],
  'announce-port': [2],
  'deny-scripts-reconfig': [2],
  'resolve-hostnames': [2],
  'announce-hostnames': [2],
  'sentinel-user': [2],
  'sentinel-pass': [2],
};

/** Epochs are uint64 in Redis; JS numbers keep them exactly up to 2^53. */
const epoch = (text: string): number => Number(strtoull(text));

/**
 * Applies one line (args = the words after `sentinel`); returns Redis's error text or null.
 */
export function applySentinelLine(state: SentinelState, args: readonly string[], env: SentinelLoadEnv): string | null {
  const sub = args[0]!.toLowerCase();
  if (!(ARITY[sub] ?? []).includes(args.length)) return UNRECOGNIZED;
  const global = applyGlobal(state, sub, args);
  if (global !== undefined) return global;
  if (sub === 'monitor') return addMaster(state, args, env);
  if (sub === 'known-sentinel' && args.length === 4) return null; // the old form without a run id is ignored
  const master = state.masters.get(args[1]!);
  if (master === undefined) return NO_SUCH_MASTER;
  return applyToMaster(state, master, sub, args, env);
}

/** The directives without a master name; undefined when `sub` is not one of them. */
function applyGlobal(state: SentinelState, sub: string, args: readonly string[]): string | null | undefined {
  const value = args[1]!;
  const s = state.settings;
  switch (sub) {
    case 'current-epoch':
      state.currentEpoch = Math.max(state.currentEpoch, epoch(value));
      return null;
    case 'myid':
      if (value.length !== 40) return 'Malformed Sentinel id in myid option.';
      state.myid = value;
      return null;
    case 'announce-ip':
      if (value !== '') s.announceIp = value;
      return null;
    case 'announce-port':
      s.announcePort = atoi(value);
      return null;
    case 'sentinel-user':
      if (value !== '') s.sentinelUser = value;
      return null;
    case 'sentinel-pass':
      if (value !== '') s.sentinelPass = value;
      return null;
    case 'deny-scripts-reconfig':
      return setFlag(value, (v) => (s.denyScriptsReconfig = v), 'Please specify yes or no for the deny-scripts-reconfig options.');
    case 'resolve-hostnames':
      return setFlag(value, (v) => (s.resolveHostnames = v), 'Please specify yes or no for the resolve-hostnames option.');
    case 'announce-hostnames':
      return setFlag(value, (v) => (s.announceHostnames = v), 'Please specify yes or no for the announce-hostnames option.');
    default:
      return undefined;
  }
}

function setFlag(text: string, set: (v: boolean) => void, error: string): string | null {
  const v = yesNo(text);
  if (v === null) return error;
  set(v);
  return null;
}

/**
 * An instance address as createSentinelAddr builds it: the port is checked first, then the host
 * must be an IP literal unless resolve-hostnames is on, in which case a name the caller could
 * not resolve is still accepted with an empty IP (it is resolved again on every reconnect).
 */
export function configAddress(state: SentinelState, host: string, port: number, env: SentinelLoadEnv): Address | string {
  if (port < 0 || port > 65535) return 'Invalid port number.';
  const literal = normalizeIpLiteral(host);
  if (literal !== null) return { host, ip: literal, port };
  if (!state.settings.resolveHostnames) return "Can't resolve instance hostname.";
  return { host, ip: env.resolved.get(host) ?? '', port };
}

function addMaster(state: SentinelState, args: readonly string[], env: SentinelLoadEnv): string | null {
  const quorum = atoi(args[4]!);
  if (quorum <= 0) return 'Quorum must be 1 or greater.';
  const addr = configAddress(state, args[2]!, atoi(args[3]!), env);
  if (typeof addr === 'string') return addr;
  if (state.masters.has(args[1]!)) return 'Duplicate master name.';
  state.masters.set(args[1]!, newMaster(args[1]!, addr, quorum, state.timing, env.nowMono));
  return null;
}

function applyToMaster(state: SentinelState, master: MasterRecord, sub: string, args: readonly string[], env: SentinelLoadEnv): string | null {
  const value = args[2]!;
  switch (sub) {
    case 'down-after-milliseconds':
      master.downAfterMs = atoi(value);
      if (master.downAfterMs <= 0) return 'negative or zero time parameter.';
      for (const r of master.replicas.values()) r.downAfterMs = master.downAfterMs;
      for (const p of master.sentinels.values()) p.downAfterMs = master.downAfterMs;
      return null;
    case 'failover-timeout':
      master.failoverTimeoutMs = atoi(value);
      return master.failoverTimeoutMs <= 0 ? 'negative or zero time parameter.' : null;
    case 'master-reboot-down-after-period':
      master.masterRebootDownAfterMs = atoi(value);
      return master.masterRebootDownAfterMs < 0 ? 'negative time parameter.' : null;
    case 'parallel-syncs':
      master.parallelSyncs = atoi(value);
      return null;
    case 'notification-script':
      if (!env.isExecutable(value)) return 'Notification script seems non existing or non executable.';
      master.notificationScript = value;
      return null;
    case 'client-reconfig-script':
      if (!env.isExecutable(value)) return 'Client reconfiguration script seems non existing or non executable.';
      master.clientReconfigScript = value;
      return null;
    case 'auth-pass':
      master.authPass = value;
      return null;
    case 'auth-user':
      master.authUser = value;
      return null;
    case 'config-epoch':
      master.configEpoch = epoch(value);
      state.currentEpoch = Math.max(state.currentEpoch, master.configEpoch);
      return null;
    case 'leader-epoch':
      master.leaderEpoch = epoch(value);
      return null;
    case 'known-slave':
    case 'known-replica':
      return addReplica(state, master, args, env);
    case 'known-sentinel':
      return addPeer(state, master, args, env);
    case 'rename-command':
      return addRename(master, args[2]!, args[3]!);
    default:
      return UNRECOGNIZED;
  }
}

function addReplica(state: SentinelState, master: MasterRecord, args: readonly string[], env: SentinelLoadEnv): string | null {
  const addr = configAddress(state, args[2]!, atoi(args[3]!), env);
  if (typeof addr === 'string') return addr;
  const key = addressKey(addr);
  if (master.replicas.has(key)) return 'Duplicate hostname and port for replica.';
  master.replicas.set(key, newReplica(master, addr, env.nowMono));
  return null;
}

function addPeer(state: SentinelState, master: MasterRecord, args: readonly string[], env: SentinelLoadEnv): string | null {
  const addr = configAddress(state, args[2]!, atoi(args[3]!), env);
  if (typeof addr === 'string') return addr;
  const runid = args[4]!;
  if (master.sentinels.has(runid)) return 'Duplicate runid for sentinel.';
  const peer = newPeer(master, addr, runid, env.nowMono);
  // One link per physical peer: a run id already known under another master shares its link.
  for (const other of state.masters.values()) {
    const twin = other === master ? undefined : other.sentinels.get(runid);
    if (twin !== undefined) {
      twin.link.refcount++;
      peer.link = twin.link;
      break;
    }
  }
  master.sentinels.set(runid, peer);
  return null;
}

function addRename(master: MasterRecord, from: string, to: string): string | null {
  const key = from.toLowerCase();
  if (master.renamedCommands.has(key)) return 'Same command renamed multiple times with rename-command.';
  master.renamedCommands.set(key, { from, to });
  return null;
}
