/**
 * SENTINEL CONFIG GET <pattern> / SET <param> <value>, 7.0.15 shapes: exactly one parameter
 * per call, the six global parameters in a fixed order, a case-insensitive glob for GET.
 * An empty announce-ip, sentinel-user or sentinel-pass means "unset" (Redis 7.0 stores the
 * empty announce-ip and advertises it; nothing sensible comes of that).
 */
import { bulkMap, err, type Reply } from '../../../resp/values.js';
import { globMatch } from '../../glob.js';
import { dropPeerLinks } from '../../monitor/master-reset.js';
import type { SentinelSettings } from '../../state.js';
import { flushConfigAndReply, parseLongLong } from '../helpers.js';
import type { CommandContext } from '../types.js';

const SHAPE_ERROR = err('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');

interface ConfigParam {
  readonly name: string;
  readonly get: (s: SentinelSettings) => string;
  /** Stores the value, or returns false when it is not acceptable. */
  readonly set: (s: SentinelSettings, value: string) => boolean;
}

const yesNo = (on: boolean): string => (on ? 'yes' : 'no');

function parseYesNo(value: string): boolean | null {
  const v = value.toLowerCase();
  return v === 'yes' ? true : v === 'no' ? false : null;
}

function flagParam(name: string, key: 'resolveHostnames' | 'announceHostnames'): ConfigParam {
  return {
    name,
    get: (s) => yesNo(s[key]),
    set: (s, value) => {
      const on = parseYesNo(value);
      if (on !== null) s[key] = on;
      return on !== null;
    },
  };
}

function textParam(name: string, key: 'announceIp' | 'sentinelUser' | 'sentinelPass'): ConfigParam {
  return {
    name,
    get: (s) => s[key] ?? '',
    set: (s, value) => {
      s[key] = value === '' ? null : value;
      return true;
    },
  };
}

const announcePort: ConfigParam = {
  name: 'announce-port',
  get: (s) => String(s.announcePort),
  set: (s, value) => {
    const port = parseLongLong(value);
    if (port === null || port < 0 || port > 65535) return false;
    s.announcePort = port;
    return true;
  },
};

/** In the order CONFIG GET lists them. */
const PARAMS: readonly ConfigParam[] = [
  flagParam('resolve-hostnames', 'resolveHostnames'),
  flagParam('announce-hostnames', 'announceHostnames'),
  textParam('announce-ip', 'announceIp'),
  announcePort,
  textParam('sentinel-user', 'sentinelUser'),
  textParam('sentinel-pass', 'sentinelPass'),
];

export function configCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const verb = argv[2]!.toLowerCase();
  if (verb === 'get' && argv.length === 4) return configGet(ctx, argv[3]!);
  if (verb === 'set' && argv.length === 5) return configSet(ctx, argv[3]!, argv[4]!);
  return SHAPE_ERROR;
}

function configGet(ctx: CommandContext, pattern: string): Reply {
  const settings = ctx.env.state.settings;
  const matching = PARAMS.filter((p) => globMatch(pattern, p.name, true));
  return bulkMap(matching.map((p) => [p.name, p.get(settings)] as const));
}

/**
 * After sentinel-user or sentinel-pass changes, every peer link is dropped (as Redis does), so
 * the next connection authenticates with the new secret.
 */
function configSet(ctx: CommandContext, name: string, value: string): Reply {
  const param = PARAMS.find((p) => p.name === name.toLowerCase());
  if (param === undefined) return err(`ERR Invalid argument '${name}' to SENTINEL CONFIG SET`);
  if (!param.set(ctx.env.state.settings, value)) {
    return err(`ERR Invalid value '${value}' to SENTINEL CONFIG SET '${name}'`);
  }
  if (param.name === 'sentinel-user' || param.name === 'sentinel-pass') dropPeerLinks(ctx);
  return flushConfigAndReply(ctx, 'config set');
}
