/**
 * SENTINEL SET name option value [option value ...]: options apply left to right, each
 * successful one emits `+set` at once; the first bad one stops the command with its error,
 * leaving the earlier ones applied (and flushed), exactly as 7.0.15 does.
 *
 * Deliberate difference: quorum and parallel-syncs above 2^31-1 (which Redis silently wraps in
 * a C int, possibly to 0 or below, writing a config it cannot load again) and millisecond
 * values above 2^53 are refused with the usual "Invalid argument" error.
 */
import { err, type Reply } from '../../../resp/values.js';
import { dropDataNodeLinks } from '../../monitor/master-reset.js';
import type { MasterRecord, SentinelState } from '../../state.js';
import { flushConfigAndReply } from '../helpers.js';
import type { CommandContext } from '../types.js';
import { emitInstanceEvent, INT_MAX, isReply, masterOrError, parseSafeInteger } from './common.js';

interface SetOption {
  /** How many values follow the option name. */
  readonly arity: 1 | 2;
  /** Applies the option; returns the text after `<option> ` in the `+set` event, or an error. */
  readonly apply: (state: SentinelState, master: MasterRecord, values: readonly string[], option: string) => string | Reply;
}

const SCRIPTS_DENIED = err(
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration',
);

export function setCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  if (isReply(master)) return master;
  let changes = 0;
  for (let j = 3; j < argv.length; ) {
    const option = argv[j]!;
    const spec = SET_OPTIONS.get(option.toLowerCase());
    const values = argv.slice(j + 1, j + 1 + (spec?.arity ?? 0));
    const outcome =
      spec === undefined || values.length < spec.arity
        ? err(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`)
        : spec.apply(ctx.env.state, master, values, option);
    if (typeof outcome !== 'string') {
      if (changes > 0) ctx.batch.flushConfig('set (partial)');
      return outcome;
    }
    // New credentials: reconnect the master and its replicas with them (7.0.15 does so at once).
    if (CREDENTIAL_OPTIONS.has(option.toLowerCase())) dropDataNodeLinks(ctx, master);
    emitInstanceEvent(ctx, 'warning', '+set', master, null, `${option} ${outcome}`);
    changes++;
    j += 1 + spec!.arity;
  }
  return flushConfigAndReply(ctx, 'set');
}

function invalid(value: string, option: string): Reply {
  return err(`ERR Invalid argument '${value}' for SENTINEL SET '${option}'`);
}

/** An integer option: parses, checks `min..max`, stores, echoes the value. */
function numberOption(min: number, max: number, store: (master: MasterRecord, n: number) => void): SetOption {
  return {
    arity: 1,
    apply: (_state, master, [value], option) => {
      const n = parseSafeInteger(value!);
      if (n === null || n < min || n > max) return invalid(value!, option);
      store(master, n);
      return value!;
    },
  };
}

function scriptOption(notExecutable: string, store: (master: MasterRecord, path: string | null) => void): SetOption {
  return {
    arity: 1,
    apply: (state, master, [path]) => {
      if (state.settings.denyScriptsReconfig) return SCRIPTS_DENIED;
      if (path !== '' && !(state.probes?.isExecutable(path!) ?? true)) return err(`ERR ${notExecutable}`);
      store(master, path === '' ? null : path!);
      return path!;
    },
  };
}

/** A free-text option where '' clears; `secret` hides the value in the event (auth-pass). */
function textOption(store: (master: MasterRecord, value: string | null) => void, secret: boolean): SetOption {
  return {
    arity: 1,
    apply: (_state, master, [value]) => {
      store(master, value === '' ? null : value!);
      return secret ? '******' : value!;
    },
  };
}

const renameCommandOption: SetOption = {
  arity: 2,
  apply: (_state, master, [from, to], option) => {
    if (from === '') return invalid(from, option);
    if (to === '') return invalid(to, option);
    // Renaming a command to itself (in any case) just drops the mapping.
    master.renamedCommands.delete(from!.toLowerCase());
    if (from!.toLowerCase() !== to!.toLowerCase()) master.renamedCommands.set(from!.toLowerCase(), { from: from!, to: to! });
    return `${from} ${to}`;
  },
};

const SAFE = Number.MAX_SAFE_INTEGER;

const CREDENTIAL_OPTIONS: ReadonlySet<string> = new Set(['auth-pass', 'auth-user']);

const SET_OPTIONS: ReadonlyMap<string, SetOption> = new Map<string, SetOption>([
  [
    'down-after-milliseconds',
    numberOption(1, SAFE, (master, n) => {
      // Replicas and peers are judged down on their master's period.
      master.downAfterMs = n;
      for (const r of master.replicas.values()) r.downAfterMs = n;
      for (const p of master.sentinels.values()) p.downAfterMs = n;
    }),
  ],
  ['failover-timeout', numberOption(1, SAFE, (master, n) => (master.failoverTimeoutMs = n))],
  ['parallel-syncs', numberOption(1, INT_MAX, (master, n) => (master.parallelSyncs = n))],
  ['quorum', numberOption(1, INT_MAX, (master, n) => (master.quorum = n))],
  ['master-reboot-down-after-period', numberOption(0, SAFE, (master, n) => (master.masterRebootDownAfterMs = n))],
  [
    'notification-script',
    scriptOption('Notification script seems non existing or non executable', (m, p) => (m.notificationScript = p)),
  ],
  [
    'client-reconfig-script',
    scriptOption('Client reconfiguration script seems non existing or non executable', (m, p) => (m.clientReconfigScript = p)),
  ],
  ['auth-pass', textOption((master, v) => (master.authPass = v), true)],
  ['auth-user', textOption((master, v) => (master.authUser = v), false)],
  ['rename-command', renameCommandOption],
]);
