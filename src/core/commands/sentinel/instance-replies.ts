/**
 * The instance description maps of SENTINEL MASTER(S), REPLICAS/SLAVES and SENTINELS, field for
 * field as redis-sentinel 7.0.15 writes them: every value a bulk string, times as ages in ms,
 * conditional fields left out. This is where the wire spellings (`slave`, `num-slaves`) live.
 * Counts to keep: healthy master 20 pairs (21 in failover, +1 per script), replica 21, peer 14.
 */
import { bulkMap, type Reply } from '../../../resp/values.js';
import { announcedHost, replicaName } from '../../events.js';
import {
  failoverInProgress,
  type AnyInstance,
  type MasterRecord,
  type PeerRecord,
  type ReplicaRecord,
  type SentinelState,
} from '../../state.js';
import { ageMs, type Now } from '../../time.js';

type Pairs = (readonly [string, string])[];

export function describeMaster(state: SentinelState, master: MasterRecord, now: Now): Reply {
  const pairs = commonHead(state, master, master.name, now);
  pairs.push(...dataNodeFields(master, now));
  pairs.push(
    ['config-epoch', String(master.configEpoch)],
    ['num-slaves', String(master.replicas.size)],
    ['num-other-sentinels', String(master.sentinels.size)],
    ['quorum', String(master.quorum)],
    ['failover-timeout', String(master.failoverTimeoutMs)],
    ['parallel-syncs', String(master.parallelSyncs)],
  );
  if (master.notificationScript !== null) pairs.push(['notification-script', master.notificationScript]);
  if (master.clientReconfigScript !== null) pairs.push(['client-reconfig-script', master.clientReconfigScript]);
  return bulkMap(pairs);
}

export function describeReplica(state: SentinelState, replica: ReplicaRecord, now: Now): Reply {
  const pairs = commonHead(state, replica, replicaName(state, replica), now);
  pairs.push(...dataNodeFields(replica, now));
  pairs.push(
    ['master-link-down-time', String(replica.masterLinkDownTimeMs)],
    ['master-link-status', replica.masterLinkUp ? 'ok' : 'err'],
    ['master-host', replica.masterHost ?? '?'],
    ['master-port', String(replica.masterPort)],
    ['slave-priority', String(replica.priority)],
    ['slave-repl-offset', String(replica.replOffset)],
    ['replica-announced', replica.replicaAnnounced ? '1' : '0'],
  );
  return bulkMap(pairs);
}

export function describePeer(state: SentinelState, peer: PeerRecord, now: Now): Reply {
  const pairs = commonHead(state, peer, peer.runid, now);
  pairs.push(
    ['last-hello-message', String(ageMs(now, peer.lastHelloTime))],
    ['voted-leader', peer.leader ?? '?'],
    ['voted-leader-epoch', String(peer.leaderEpoch)],
  );
  return bulkMap(pairs);
}

/** Fields 1-14 of the table: identity, flags, link and down-state timers. */
function commonHead(state: SentinelState, instance: AnyInstance, name: string, now: Now): Pairs {
  const link = instance.link;
  const pairs: Pairs = [
    ['name', name],
    ['ip', announcedHost(state, instance.addr)],
    ['port', String(instance.addr.port)],
    ['runid', instance.runid],
    ['flags', instanceFlags(instance).join(',')],
    ['link-pending-commands', String(link.pendingCommands)],
    ['link-refcount', String(link.refcount)],
  ];
  if (instance.kind === 'master' && failoverInProgress(instance)) {
    pairs.push(['failover-state', instance.failoverState]);
  }
  pairs.push(
    ['last-ping-sent', String(link.actPingTime !== 0 ? ageMs(now, link.actPingTime) : 0)],
    ['last-ok-ping-reply', String(ageMs(now, link.lastAvailTime))],
    ['last-ping-reply', String(ageMs(now, link.lastPongTime))],
  );
  if (instance.sDown) pairs.push(['s-down-time', String(ageMs(now, instance.sDownSinceTime))]);
  if (isODown(instance)) pairs.push(['o-down-time', String(ageMs(now, instance.oDownSinceTime))]);
  pairs.push(['down-after-milliseconds', String(instance.downAfterMs)]);
  return pairs;
}

function dataNodeFields(node: MasterRecord | ReplicaRecord, now: Now): Pairs {
  return [
    ['info-refresh', String(node.infoRefresh !== 0 ? ageMs(now, node.infoRefresh) : 0)],
    ['role-reported', node.roleReported === 'master' ? 'master' : 'slave'],
    ['role-reported-time', String(ageMs(now, node.roleReportedTime))],
  ];
}

function isODown(instance: AnyInstance): boolean {
  return instance.kind === 'master' && instance.oDown;
}

/** The `flags` field, in Redis's fixed order. */
export function instanceFlags(instance: AnyInstance): string[] {
  const master = instance.kind === 'master' ? instance : null;
  const replica = instance.kind === 'replica' ? instance : null;
  const peer = instance.kind === 'sentinel' ? instance : null;
  const flags: [string, boolean][] = [
    ['s_down', instance.sDown],
    ['o_down', isODown(instance)],
    ['master', master !== null],
    ['slave', replica !== null],
    ['sentinel', peer !== null],
    ['disconnected', instance.link.disconnected],
    ['master_down', peer?.masterDown ?? false],
    ['failover_in_progress', master !== null && failoverInProgress(master)],
    ['promoted', replica?.promoted ?? false],
    ['reconf_sent', replica?.reconf === 'sent'],
    ['reconf_inprog', replica?.reconf === 'inprog'],
    ['reconf_done', replica?.reconf === 'done' || replica?.reconfDoneByTimeout === true],
    ['force_failover', master?.forceFailover ?? false],
    ['script_kill_sent', instance.scriptKillSent],
  ];
  return flags.filter(([, on]) => on).map(([name]) => name);
}
