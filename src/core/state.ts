/**
 * The sentinel's whole in-memory view: global settings, the monitored masters and, under each,
 * its replicas and peer sentinels. Plain data, mutated only by core handlers. Names follow our
 * own vocabulary (replica, peer); the wire spellings (`slave`, `num-slaves`) live in the reply
 * and event builders.
 *
 * Timestamps are monotonic ms (see time.ts); 0 means "never" where Redis uses 0 that way.
 */
import type { AwaitQueue } from './monitor/await-queue.js';
import type { PlantedBug } from './planted-bugs.js';

export interface Address {
  /** The host as configured or announced (IP literal, or a hostname with resolve-hostnames). */
  readonly host: string;
  /** The resolved IP ('' while unresolved). Equal to host for IP literals. */
  readonly ip: string;
  readonly port: number;
}

/**
 * What a command on a link was for, so its reply can be routed (Redis's reply callbacks).
 * `instance` is the record that sent it; a reply whose record has since been forgotten is
 * dropped (Redis redirects such callbacks to a discard handler).
 */
export interface PendingCommand {
  readonly purpose: 'ping' | 'info' | 'hello' | 'is-master-down' | 'reconf-exec' | 'demote-pause' | 'ignore';
  readonly instance: AnyInstance;
  /** The master `instance` belongs to (the instance itself for a master). */
  readonly master: MasterRecord;
  /** is-master-down: the master address asked about (an answer about an old address is void). */
  readonly about?: Address;
  /** reconf-exec: the SLAVEOF target of the transaction (null: SLAVEOF NO ONE). */
  readonly replicaOf?: Address | null;
  /** reconf-exec: the transaction left the CLIENT KILLs out (monitor/reconfigure.ts rule 3). */
  readonly keepClients?: boolean;
}

/** One TCP connection the core asked the adapter to open (a `link-open` action). */
export interface Connection {
  readonly id: number;
  readonly mode: 'cmd' | 'pubsub';
  /** Monotonic time of the `link-open` (Redis's cc_conn_time / pc_conn_time). */
  readonly openedAt: number;
  /** Set by `link-up`; until then commands wait in `queued`, as hiredis buffers them. */
  up: boolean;
  /** Our side of the socket, from `link-up` ('' until then). */
  localIp: string;
  /** Commands issued before the connection came up, written in order on `link-up`. */
  readonly queued: { readonly tag: number; readonly argv: readonly string[] }[];
  /** Command link: commands awaiting their reply, oldest first (monitor/await-queue.ts). */
  readonly awaiting: AwaitQueue;
  /** Pub/sub link: handshake replies (AUTH, CLIENT SETNAME) still due before SUBSCRIBE's. */
  handshakeReplies: number;
}

/** The connections behind a link and their timers; absent on a link never connected. */
export interface LinkWires {
  cc: Connection | null;
  pc: Connection | null;
  /** Last frame of any kind on the pub/sub connection (0: never). */
  pcLastActivity: number;
  /** Last connection attempt (reconnects are at least ping-period apart). */
  lastReconnTime: number;
  /** Last INFO sent (the fast polls during a failover are spaced from it, not from the reply). */
  lastInfoSentTime: number;
  /** A `resolve` request in flight for this link's instance, if any. */
  resolving: number | null;
}

/**
 * Link bookkeeping that the reply builders show (link-pending-commands, last-ping-*, ...).
 * Peers share one LinkState per run id across masters (`refcount` holders).
 */
export interface LinkState {
  /** True while the command connection (or, for data nodes, the pub/sub one) is missing. */
  disconnected: boolean;
  /** Commands sent on the link (queued or written) whose reply has not arrived. */
  pendingCommands: number;
  refcount: number;
  /** Send time of the oldest unanswered PING, 0 when none outstanding. */
  actPingTime: number;
  /** Last PING sent. */
  lastPingTime: number;
  /** Last valid PING reply (PONG / LOADING / MASTERDOWN). */
  lastAvailTime: number;
  /** Last PING reply of any kind. */
  lastPongTime: number;
  /**
   * The live connections. Optional only so that links built before the monitor existed (config
   * load, test fixtures) need not spell it out; the monitor creates it on first use.
   */
  wires?: LinkWires;
}

export interface InstanceBase {
  readonly kind: 'master' | 'replica' | 'sentinel';
  addr: Address;
  /** 40-char run id, '' while unknown. */
  runid: string;
  link: LinkState;
  downAfterMs: number;
  sDown: boolean;
  sDownSinceTime: number;
  oDownSinceTime: number;
  scriptKillSent: boolean;
  /** Last hello we sent to it that was acknowledged (starts at creation time). */
  lastPubTime: number;
}

export interface DataNodeFields {
  /** Last INFO reply time, 0 if never. */
  infoRefresh: number;
  /** Last INFO text (INFO-CACHE). */
  lastInfo: string | null;
  /** The role its last INFO reported ('none' when an INFO had no role line). */
  roleReported: 'master' | 'slave' | 'none';
  roleReportedTime: number;
}

export interface ReplicaRecord extends InstanceBase, DataNodeFields {
  readonly kind: 'replica';
  masterLinkDownTimeMs: number;
  priority: number;
  replicaAnnounced: boolean;
  masterHost: string | null;
  masterPort: number;
  masterLinkUp: boolean;
  replOffset: number;
  promoted: boolean;
  reconf: 'none' | 'sent' | 'inprog' | 'done';
  /** Marked done by the reconf timeout and then sent SLAVEOF again: shown as both flags. */
  reconfDoneByTimeout: boolean;
  reconfSentTime: number;
  /** Last time INFO showed a different master_host/master_port (or the role became slave). */
  slaveConfChangeTime: number;
}

export interface PeerRecord extends InstanceBase {
  readonly kind: 'sentinel';
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  /** The peer said (is-master-down-by-addr) that the master is down. */
  masterDown: boolean;
  /** That peer's vote, as it last reported it. */
  leader: string | null;
  leaderEpoch: number;
}

export type FailoverState =
  | 'none'
  | 'wait_start'
  | 'select_slave'
  | 'send_slaveof_noone'
  | 'wait_promotion'
  | 'reconf_slaves'
  | 'update_config';

export interface MasterRecord extends InstanceBase, DataNodeFields {
  readonly kind: 'master';
  readonly name: string;
  quorum: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  notificationScript: string | null;
  clientReconfigScript: string | null;
  authPass: string | null;
  authUser: string | null;
  masterRebootDownAfterMs: number;
  /** Set when the run id changed while master-reboot-down-after-period is on; a PONG clears it. */
  masterReboot: boolean;
  masterRebootSinceTime: number;
  /** Lower-cased command name -> name to send instead. Insertion order kept for the rewrite. */
  renamedCommands: Map<string, { readonly from: string; readonly to: string }>;
  configEpoch: number;
  /** Epoch of this sentinel's last vote for this master, and whom it voted for. */
  leaderEpoch: number;
  leader: string | null;
  failoverState: FailoverState;
  failoverEpoch: number;
  failoverStartTime: number;
  failoverStateChangeTime: number;
  forceFailover: boolean;
  oDown: boolean;
  /** A manual failover's hand-over from the reachable old master (failover/demotion.ts). */
  demotion?: Demotion | null;
  /** Replicas keyed by `ip:port` (bracketed for IPv6), in discovery order. */
  replicas: Map<string, ReplicaRecord>;
  /** Peers keyed by run id, in discovery order. */
  sentinels: Map<string, PeerRecord>;
}

/** The hand-over of a manual failover from an old master that still answers (demotion.ts). */
export interface Demotion {
  /** When CLIENT PAUSE ... WRITE was sent to the old master. */
  readonly since: number;
  /** The pause's reply: null while awaited, then whether it was accepted. */
  paused: boolean | null;
  /** The old master's replication offset once its writes were paused (first INFO after it). */
  pausedOffset: number | null;
  /** When the old master was sent SLAVEOF <promoted replica> (monotonic ms), null before. */
  demotedAt: number | null;
  /** Its clients were sent back to the sentinels (CLIENT KILL normal and pubsub). */
  clientsKilled: boolean;
}

/** Any monitored instance; `kind` narrows it. */
export type AnyInstance = MasterRecord | ReplicaRecord | PeerRecord;

/** The periods SENTINEL DEBUG can change (process-wide, not persisted). */
export interface Timing {
  infoPeriodMs: number;
  pingPeriodMs: number;
  askPeriodMs: number;
  publishPeriodMs: number;
  defaultDownAfterMs: number;
  defaultFailoverTimeoutMs: number;
  tiltTriggerMs: number;
  tiltPeriodMs: number;
  slaveReconfTimeoutMs: number;
  minLinkReconnectPeriodMs: number;
  electionTimeoutMs: number;
  scriptMaxRuntimeMs: number;
  scriptRetryDelayMs: number;
}

export const DEFAULT_TIMING: Timing = {
  infoPeriodMs: 10_000,
  pingPeriodMs: 1_000,
  askPeriodMs: 1_000,
  publishPeriodMs: 2_000,
  defaultDownAfterMs: 30_000,
  defaultFailoverTimeoutMs: 180_000,
  tiltTriggerMs: 2_000,
  tiltPeriodMs: 30_000,
  slaveReconfTimeoutMs: 10_000,
  minLinkReconnectPeriodMs: 15_000,
  electionTimeoutMs: 10_000,
  scriptMaxRuntimeMs: 60_000,
  scriptRetryDelayMs: 30_000,
};

/** Global sentinel settings (the `sentinel <x>` directives without a master name). */
export interface SentinelSettings {
  announceIp: string | null;
  announcePort: number;
  denyScriptsReconfig: boolean;
  resolveHostnames: boolean;
  announceHostnames: boolean;
  sentinelUser: string | null;
  sentinelPass: string | null;
}

export interface ScriptJob {
  readonly argv: readonly string[];
  pid: number;
  running: boolean;
  startTime: number;
  retryNum: number;
  /** Earliest time the next attempt may start. */
  notBefore: number;
}

/**
 * Questions about the host that the pure core cannot answer itself; the runtime supplies them.
 * Absent (tests, or before the runtime wires it): every non-empty script path is accepted.
 */
export interface HostProbes {
  /** Whether `path` names something the sentinel could execute (access(2) X_OK). */
  isExecutable(path: string): boolean;
}

export interface SentinelState {
  myid: string;
  currentEpoch: number;
  readonly masters: Map<string, MasterRecord>;
  settings: SentinelSettings;
  timing: Timing;
  tilt: boolean;
  tiltStartTime: number;
  simFailureFlags: number;
  scripts: ScriptJob[];
  probes?: HostProbes;
  /** Counters and indexes of the monitor; created on first use (see monitor/context.ts). */
  monitor?: MonitorRuntime;
  /** Test-only deliberate defects (planted-bugs.ts); never set by vigil itself. */
  plantedBugs?: ReadonlySet<PlantedBug>;
}

/** The monitor's own bookkeeping: id counters, link and DNS request indexes, the last tick. */
export interface MonitorRuntime {
  nextLinkId: number;
  nextTag: number;
  nextRequestId: number;
  /** Time of the previous tick (TILT compares against it); null before the first. */
  previousTick: { readonly mono: number; readonly wall: number } | null;
  /** Every open connection's link, by link id. */
  readonly links: Map<number, LinkState>;
  /** Every `resolve` in flight: the instance it is for. */
  readonly resolving: Map<number, { readonly instance: AnyInstance; readonly master: MasterRecord }>;
}

export const SIMFAILURE_CRASH_AFTER_ELECTION = 1;
export const SIMFAILURE_CRASH_AFTER_PROMOTION = 2;

export function freshLink(nowMono: number): LinkState {
  return {
    disconnected: true,
    pendingCommands: 0,
    refcount: 1,
    actPingTime: nowMono,
    lastPingTime: 0,
    lastAvailTime: nowMono,
    lastPongTime: nowMono,
  };
}

export function addressKey(addr: Address): string {
  const host = addr.ip !== '' ? addr.ip : addr.host;
  return host.includes(':') ? `[${host}]:${addr.port}` : `${host}:${addr.port}`;
}

export function newMaster(
  name: string,
  addr: Address,
  quorum: number,
  timing: Timing,
  nowMono: number,
): MasterRecord {
  return {
    kind: 'master',
    name,
    addr,
    runid: '',
    link: freshLink(nowMono),
    downAfterMs: timing.defaultDownAfterMs,
    sDown: false,
    sDownSinceTime: 0,
    oDownSinceTime: 0,
    scriptKillSent: false,
    lastPubTime: nowMono,
    infoRefresh: 0,
    lastInfo: null,
    roleReported: 'master',
    roleReportedTime: nowMono,
    quorum,
    failoverTimeoutMs: timing.defaultFailoverTimeoutMs,
    parallelSyncs: 1,
    notificationScript: null,
    clientReconfigScript: null,
    authPass: null,
    authUser: null,
    masterRebootDownAfterMs: 0,
    masterReboot: false,
    masterRebootSinceTime: 0,
    renamedCommands: new Map(),
    configEpoch: 0,
    leaderEpoch: 0,
    leader: null,
    failoverState: 'none',
    failoverEpoch: 0,
    failoverStartTime: 0,
    failoverStateChangeTime: 0,
    forceFailover: false,
    oDown: false,
    replicas: new Map(),
    sentinels: new Map(),
  };
}

export function newReplica(master: MasterRecord, addr: Address, nowMono: number): ReplicaRecord {
  return {
    kind: 'replica',
    addr,
    runid: '',
    link: freshLink(nowMono),
    downAfterMs: master.downAfterMs,
    sDown: false,
    sDownSinceTime: 0,
    oDownSinceTime: 0,
    scriptKillSent: false,
    lastPubTime: nowMono,
    infoRefresh: 0,
    lastInfo: null,
    roleReported: 'slave',
    roleReportedTime: nowMono,
    masterLinkDownTimeMs: 0,
    priority: 100,
    replicaAnnounced: true,
    masterHost: null,
    masterPort: 0,
    masterLinkUp: false,
    replOffset: 0,
    promoted: false,
    reconf: 'none',
    reconfDoneByTimeout: false,
    reconfSentTime: 0,
    slaveConfChangeTime: nowMono,
  };
}

export function newPeer(master: MasterRecord, addr: Address, runid: string, nowMono: number): PeerRecord {
  return {
    kind: 'sentinel',
    addr,
    runid,
    link: freshLink(nowMono),
    downAfterMs: master.downAfterMs,
    sDown: false,
    sDownSinceTime: 0,
    oDownSinceTime: 0,
    scriptKillSent: false,
    lastPubTime: nowMono,
    // Redis starts both clocks at creation: a new peer is first asked after ask-period.
    lastHelloTime: nowMono,
    lastMasterDownReplyTime: nowMono,
    masterDown: false,
    leader: null,
    leaderEpoch: 0,
  };
}

/** Redis keeps SRI_FAILOVER_IN_PROGRESS in step with the failover state; so do we. */
export function failoverInProgress(master: MasterRecord): boolean {
  return master.failoverState !== 'none';
}

/** The replica chosen for promotion by a running failover, if any. */
export function promotedReplica(master: MasterRecord): ReplicaRecord | null {
  for (const replica of master.replicas.values()) if (replica.promoted) return replica;
  return null;
}

/**
 * The address the world should use for `master`: once a failover this sentinel leads has seen
 * the promotion (RECONF_SLAVES or later), the promoted replica's, else the master's own.
 */
export function currentMasterAddress(master: MasterRecord): Address {
  const late = master.failoverState === 'reconf_slaves' || master.failoverState === 'update_config';
  const promoted = late ? promotedReplica(master) : null;
  return promoted !== null ? promoted.addr : master.addr;
}

/**
 * Master reset (SENTINEL RESET, and the address switch that keeps peers): forget replicas (and
 * peers unless kept), drop the links, clear every flag except "master", end any failover, restart
 * the ping clocks so the master gets a full down-after period. Epochs, scripts, auth, renames
 * and the INFO timestamp survive. The caller closes the real connections first (see
 * monitor/master-reset.ts); the master keeps its link record, as in Redis.
 */
export function resetMasterRecord(master: MasterRecord, nowMono: number, keepSentinels: boolean): void {
  master.replicas.clear();
  if (!keepSentinels) master.sentinels.clear();
  const link = master.link;
  link.disconnected = true;
  link.pendingCommands = 0;
  link.actPingTime = nowMono;
  link.lastPingTime = 0;
  link.lastAvailTime = nowMono;
  link.lastPongTime = nowMono;
  master.sDown = false;
  master.oDown = false;
  master.masterReboot = false;
  master.scriptKillSent = false;
  master.forceFailover = false;
  master.leader = null;
  master.failoverState = 'none';
  master.failoverStateChangeTime = 0;
  master.failoverStartTime = 0;
  master.demotion = null;
  master.runid = '';
  master.roleReported = 'master';
  master.roleReportedTime = nowMono;
}

/** A sentinel with nothing configured yet: the state the config loader starts from. */
export function newSentinelState(): SentinelState {
  return {
    myid: '',
    currentEpoch: 0,
    masters: new Map(),
    settings: {
      announceIp: null,
      announcePort: 0,
      denyScriptsReconfig: true,
      resolveHostnames: false,
      announceHostnames: false,
      sentinelUser: null,
      sentinelPass: null,
    },
    timing: { ...DEFAULT_TIMING },
    tilt: false,
    tiltStartTime: 0,
    simFailureFlags: 0,
    scripts: [],
  };
}
