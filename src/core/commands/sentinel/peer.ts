/**
 * SENTINEL IS-MASTER-DOWN-BY-ADDR ip port current-epoch runid: a peer asks whether we see the
 * master at ip:port as down and, unless runid is `*`, asks for our vote. The vote and any
 * epoch change are flushed before the reply; if the flush fails the peer gets an error instead
 * of a vote that might not survive a restart.
 */
import { arr, bulk, int, type Reply } from '../../../resp/values.js';
import { addressMatchesHost } from '../../monitor/addresses.js';
import type { MasterRecord, SentinelState } from '../../state.js';
import { flushConfigAndReply, NOT_AN_INTEGER, parseLongLong } from '../helpers.js';
import type { CommandContext } from '../types.js';
import { emitEvent } from '../../events.js';
import { parseSafeInteger } from './common.js';
import { MAX_DESYNC_MS } from './failover.js';
import { hasPlantedBug } from '../../planted-bugs.js';
import { voteLeader } from './vote.js';

export function isMasterDownByAddrCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const port = parseLongLong(argv[3]!);
  const reqEpoch = parseSafeInteger(argv[4]!);
  if (port === null || reqEpoch === null) return NOT_AN_INTEGER;
  const runid = argv[5]!;
  const { state } = ctx.env;
  const master = masterByAddress(state, argv[2]!, port);
  // TILT still votes, but never claims the master is down.
  const down = !state.tilt && master !== null && master.sDown ? 1 : 0;
  if (master === null || runid === '*') return arr([int(down), bulk('*'), int(0)]);

  const outcome = voteLeader(state, master, {
    epoch: reqEpoch,
    runid,
    myid: state.myid,
    nowMono: ctx.now.mono,
    drawDesyncMs: () => ctx.env.rng.below(MAX_DESYNC_MS),
    voteTwice: hasPlantedBug(state, 'vote-twice'),
  });
  // Both belong to the master (its notification-script hears them) but carry no `%@` prefix.
  const owner = { owner: master };
  if (outcome.newEpoch !== null) emitEvent(ctx.env, ctx.batch, 'warning', '+new-epoch', owner, String(outcome.newEpoch));
  if (outcome.granted !== null) {
    const vote = `${outcome.granted.runid} ${outcome.granted.epoch}`;
    emitEvent(ctx.env, ctx.batch, 'warning', '+vote-for-leader', owner, vote);
  }
  const reply = arr([int(down), bulk(outcome.leader ?? '*'), int(outcome.leaderEpoch)]);
  const changed = outcome.newEpoch !== null || outcome.granted !== null;
  return changed ? flushConfigAndReply(ctx, 'vote', reply) : reply;
}

/**
 * The first master at that address. Peers send the announced form: an IP, or with
 * announce-hostnames the hostname, which matches the name the master was configured with.
 */
function masterByAddress(state: SentinelState, host: string, port: number): MasterRecord | null {
  for (const master of state.masters.values()) {
    if (master.addr.port === port && addressMatchesHost(master.addr, host)) return master;
  }
  return null;
}
