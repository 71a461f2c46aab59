/**
 * Read-only SENTINEL subcommands: MASTERS, MASTER, REPLICAS/SLAVES, SENTINELS,
 * GET-MASTER-ADDR-BY-NAME, CKQUORUM, INFO-CACHE, PENDING-SCRIPTS, MYID. They never change
 * state and never flush. Collections come out in our maps' insertion order (Redis uses hash
 * order, which clients must not rely on).
 */
import { encodeReply } from '../../../resp/encode.js';
import { arr, bulk, err, int, map, NULL_ARRAY, NULL_BULK, simple, type Reply } from '../../../resp/values.js';
import { announcedHost } from '../../events.js';
import { currentMasterAddress, type MasterRecord, type ScriptJob } from '../../state.js';
import { ageMs, type Now } from '../../time.js';
import type { CommandContext } from '../types.js';
import { isReply, masterOrError } from './common.js';
import { describeMaster, describePeer, describeReplica } from './instance-replies.js';

export function mastersCommand(ctx: CommandContext): Reply {
  const { state } = ctx.env;
  return arr([...state.masters.values()].map((m) => describeMaster(state, m, ctx.now)));
}

export function masterCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  return isReply(master) ? master : describeMaster(ctx.env.state, master, ctx.now);
}

/** Replicas that set `replica-announced no` are hidden here, and only here. */
export function replicasCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  if (isReply(master)) return master;
  const shown = [...master.replicas.values()].filter((r) => r.replicaAnnounced);
  return arr(shown.map((r) => describeReplica(ctx.env.state, r, ctx.now)));
}

export function sentinelsCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  if (isReply(master)) return master;
  return arr([...master.sentinels.values()].map((p) => describePeer(ctx.env.state, p, ctx.now)));
}

/**
 * The last address reply per master, pre-encoded: clients and health checks ask for it far
 * more often than it changes, so the hot path allocates nothing. Keyed on the reply's inputs.
 */
const addressReplyCache = new WeakMap<MasterRecord, { host: string; port: number; reply: Reply }>();

/** Unknown names get a null array, not an error: clients probe sentinels with it. */
export function getMasterAddrCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = ctx.env.state.masters.get(argv[2]!);
  if (master === undefined) return NULL_ARRAY;
  const addr = currentMasterAddress(master);
  const host = announcedHost(ctx.env.state, addr);
  const cached = addressReplyCache.get(master);
  if (cached !== undefined && cached.host === host && cached.port === addr.port) return cached.reply;
  const value = arr([bulk(host), bulk(String(addr.port))]);
  const encoded = encodeReply(value, 2);
  // RESP2 and RESP3 spell a two-bulk array identically.
  const reply: Reply = { t: 'raw', v2: encoded, v3: encoded };
  addressReplyCache.set(master, { host, port: addr.port, reply });
  return reply;
}

export function ckquorumCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  return isReply(master) ? master : checkQuorum(master);
}

/** Counts ourselves plus every peer not SDOWN; needs both the quorum and a majority of voters. */
export function checkQuorum(master: MasterRecord): Reply {
  let usable = 1;
  for (const peer of master.sentinels.values()) if (!peer.sDown) usable++;
  const voters = master.sentinels.size + 1;
  const problems: string[] = [];
  if (usable < master.quorum) {
    problems.push('Not enough available Sentinels to reach the specified quorum for this master');
  }
  if (usable < Math.floor(voters / 2) + 1) {
    problems.push('Not enough available Sentinels to reach the majority and authorize a failover');
  }
  const head = `${usable} usable Sentinels. `;
  if (problems.length > 0) return err(`NOQUORUM ${head}${problems.join('. ')}`);
  return simple(`OK ${head}Quorum and failover authorization can be reached`);
}

/**
 * For each named master (unknown names skipped, repeats once): its name, then [age, INFO] for
 * the master and each replica. Redis's quirk kept: a replica's "never" test reads the master's
 * timestamp, so a replica without INFO shows its age since time zero once the master has INFO.
 */
export function infoCacheCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const out: Reply[] = [];
  for (const name of new Set(argv.slice(2))) {
    const master = ctx.env.state.masters.get(name);
    if (master === undefined) continue;
    const entries = [cacheEntry(ctx.now, master.infoRefresh, master.infoRefresh, master.lastInfo)];
    for (const r of master.replicas.values()) entries.push(cacheEntry(ctx.now, master.infoRefresh, r.infoRefresh, r.lastInfo));
    out.push(bulk(name), arr(entries));
  }
  return arr(out);
}

function cacheEntry(now: Now, neverCheck: number, refreshed: number, info: string | null): Reply {
  return arr([int(neverCheck !== 0 ? ageMs(now, refreshed) : 0), info === null ? NULL_BULK : bulk(info)]);
}

export function pendingScriptsCommand(ctx: CommandContext): Reply {
  return arr(ctx.env.state.scripts.map((job) => describeScript(job, ctx.now)));
}

function describeScript(job: ScriptJob, now: Now): Reply {
  const timing: [string, Reply] = job.running
    ? ['run-time', bulk(String(ageMs(now, job.startTime)))]
    : ['run-delay', bulk(String(Math.max(0, Math.floor(job.notBefore - now.mono))))];
  return map([
    ['argv', arr(job.argv.map(bulk))],
    ['flags', bulk(job.running ? 'running' : 'scheduled')],
    ['pid', bulk(String(job.running ? job.pid : 0))],
    timing,
    ['retry-num', bulk(String(job.retryNum))],
  ]);
}

export function myidCommand(ctx: CommandContext): Reply {
  return bulk(ctx.env.state.myid);
}
