/**
 * SENTINEL DEBUG (the 13 tunable periods in state.timing: process-wide, never persisted) and
 * SENTINEL SIMULATE-FAILURE (crash flags read by the failover state machine). Both apply
 * their arguments one by one, so an error leaves the earlier ones in effect, as in 7.0.15.
 */
import { bulkMap, bulks, err, OK, type Reply } from '../../../resp/values.js';
import {
  SIMFAILURE_CRASH_AFTER_ELECTION,
  SIMFAILURE_CRASH_AFTER_PROMOTION,
  type Timing,
} from '../../state.js';
import type { CommandContext } from '../types.js';
import { parseSafeInteger } from './common.js';

/** Wire name (upper case in the listing, any case when setting) -> field, in listing order. */
const DEBUG_PARAMS: readonly (readonly [string, keyof Timing])[] = [
  ['INFO-PERIOD', 'infoPeriodMs'],
  ['PING-PERIOD', 'pingPeriodMs'],
  ['ASK-PERIOD', 'askPeriodMs'],
  ['PUBLISH-PERIOD', 'publishPeriodMs'],
  ['DEFAULT-DOWN-AFTER', 'defaultDownAfterMs'],
  ['DEFAULT-FAILOVER-TIMEOUT', 'defaultFailoverTimeoutMs'],
  ['TILT-TRIGGER', 'tiltTriggerMs'],
  ['TILT-PERIOD', 'tiltPeriodMs'],
  ['SLAVE-RECONF-TIMEOUT', 'slaveReconfTimeoutMs'],
  ['MIN-LINK-RECONNECT-PERIOD', 'minLinkReconnectPeriodMs'],
  ['ELECTION-TIMEOUT', 'electionTimeoutMs'],
  ['SCRIPT-MAX-RUNTIME', 'scriptMaxRuntimeMs'],
  ['SCRIPT-RETRY-DELAY', 'scriptRetryDelayMs'],
];

const DEBUG_BY_NAME = new Map(DEBUG_PARAMS.map(([name, key]) => [name.toLowerCase(), key] as const));

export function debugCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const timing = ctx.env.state.timing;
  if (argv.length === 2) return bulkMap(DEBUG_PARAMS.map(([name, key]) => [name, String(timing[key])] as const));
  for (let j = 2; j < argv.length; j += 2) {
    const name = argv[j]!;
    const key = DEBUG_BY_NAME.get(name.toLowerCase());
    if (key === undefined || j + 1 >= argv.length) {
      return err(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${name}'`);
    }
    const value = parseSafeInteger(argv[j + 1]!);
    if (value === null || value <= 0) return err(`ERR Invalid argument '${argv[j + 1]!}' for SENTINEL DEBUG '${name}'`);
    timing[key] = value;
  }
  return OK;
}

const SIMULATE_MODES: ReadonlyMap<string, number> = new Map([
  ['crash-after-election', SIMFAILURE_CRASH_AFTER_ELECTION],
  ['crash-after-promotion', SIMFAILURE_CRASH_AFTER_PROMOTION],
]);

/** Clears the flags, then sets one per argument; `help` answers at once with the mode names. */
export function simulateFailureCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const { state } = ctx.env;
  state.simFailureFlags = 0;
  for (const mode of argv.slice(2)) {
    const lower = mode.toLowerCase();
    if (lower === 'help') return bulks([...SIMULATE_MODES.keys()]);
    const flag = SIMULATE_MODES.get(lower);
    if (flag === undefined) return err('ERR Unknown failure simulation specified');
    state.simFailureFlags |= flag;
  }
  return OK;
}
