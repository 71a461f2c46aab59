/**
 * The sentinel half of a flush, in redis-sentinel 7.0.15's order: myid; the three yes/no
 * globals (only when non-default or already in the file); per master its monitor line (at the
 * current address), options that differ from their defaults, epochs, known replicas, known
 * sentinels and renames; then current-epoch, announce-ip/port and sentinel-user/pass.
 * Addresses are written as announced (hostnames with announce-hostnames). Secrets are written in
 * clear, as Redis does.
 */
import { currentMasterAddress, type Address, type MasterRecord, type SentinelState } from '../core/state.js';
import { quoteRepr } from '../resp/split-args.js';
import type { RewriteState } from './rewrite-state.js';
import { bareOrQuoted, equalsIgnoreCase } from './text.js';

/** Per-master keys: blanked afterwards where unused, so removed masters and replicas vanish. */
const MASTER_KEYS = [
  'monitor',
  'down-after-milliseconds',
  'failover-timeout',
  'parallel-syncs',
  'notification-script',
  'client-reconfig-script',
  'auth-pass',
  'auth-user',
  'master-reboot-down-after-period',
  'config-epoch',
  'leader-epoch',
  'known-replica',
  'known-sentinel',
  'rename-command',
];

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export function rewriteSentinelOptions(rs: RewriteState, state: SentinelState): void {
  const s = state.settings;
  const put = (sub: string, args: string, force = true): void => rs.rewriteLine(`sentinel ${sub}`, `sentinel ${sub} ${args}`, force);
  const putIfSet = (sub: string, value: string | null, render: (v: string) => string): void => {
    if (value === null) rs.markProcessed(`sentinel ${sub}`);
    else put(sub, render(value));
  };

  put('myid', state.myid);
  put('deny-scripts-reconfig', yesNo(s.denyScriptsReconfig), !s.denyScriptsReconfig);
  put('resolve-hostnames', yesNo(s.resolveHostnames), s.resolveHostnames);
  put('announce-hostnames', yesNo(s.announceHostnames), s.announceHostnames);
  for (const master of state.masters.values()) rewriteMaster(rs, state, master);
  put('current-epoch', String(state.currentEpoch));
  putIfSet('announce-ip', s.announceIp, quoteRepr);
  putIfSet('announce-port', s.announcePort === 0 ? null : String(s.announcePort), (v) => v);
  putIfSet('sentinel-user', s.sentinelUser, bareOrQuoted);
  putIfSet('sentinel-pass', s.sentinelPass, bareOrQuoted);
  for (const key of MASTER_KEYS) rs.markProcessed(`sentinel ${key}`);
}

function rewriteMaster(rs: RewriteState, state: SentinelState, master: MasterRecord): void {
  const t = state.timing;
  const name = bareOrQuoted(master.name);
  const put = (sub: string, args: string): void => rs.rewriteLine(`sentinel ${sub}`, `sentinel ${sub} ${name} ${args}`, true);
  const announce = (addr: Address): string => bareOrQuoted(announcedHost(state, addr));
  const current = currentMasterAddress(master);

  put('monitor', `${announce(current)} ${current.port} ${master.quorum}`);
  if (master.downAfterMs !== t.defaultDownAfterMs) put('down-after-milliseconds', String(master.downAfterMs));
  if (master.failoverTimeoutMs !== t.defaultFailoverTimeoutMs) put('failover-timeout', String(master.failoverTimeoutMs));
  if (master.parallelSyncs !== 1) put('parallel-syncs', String(master.parallelSyncs));
  if (master.notificationScript !== null) put('notification-script', bareOrQuoted(master.notificationScript));
  if (master.clientReconfigScript !== null) put('client-reconfig-script', bareOrQuoted(master.clientReconfigScript));
  if (master.authPass !== null) put('auth-pass', bareOrQuoted(master.authPass));
  if (master.authUser !== null) put('auth-user', bareOrQuoted(master.authUser));
  if (master.masterRebootDownAfterMs !== 0) put('master-reboot-down-after-period', String(master.masterRebootDownAfterMs));
  put('config-epoch', String(master.configEpoch));
  put('leader-epoch', String(master.leaderEpoch));
  for (const replica of master.replicas.values()) {
    // Once promotion is confirmed the promoted replica is the "current" master address; it is
    // remembered as a replica at the old master's address, which will come back as one.
    const addr = sameAddress(replica.addr, current) ? master.addr : replica.addr;
    put('known-replica', `${announce(addr)} ${addr.port}`);
  }
  for (const peer of master.sentinels.values()) {
    if (peer.runid !== '') put('known-sentinel', `${announce(peer.addr)} ${peer.addr.port} ${bareOrQuoted(peer.runid)}`);
  }
  for (const { from, to } of master.renamedCommands.values()) put('rename-command', `${bareOrQuoted(from)} ${bareOrQuoted(to)}`);
}

/** announceSentinelAddr: the hostname with announce-hostnames, else the IP (a name if unresolved). */
function announcedHost(state: SentinelState, addr: Address): string {
  return state.settings.announceHostnames || addr.ip === '' ? addr.host : addr.ip;
}

/** sentinelAddrOrHostnameEqual: same port, and same IP or same hostname (case-insensitive). */
function sameAddress(a: Address, b: Address): boolean {
  return a.port === b.port && ((a.ip !== '' && equalsIgnoreCase(a.ip, b.ip)) || equalsIgnoreCase(a.host, b.host));
}
