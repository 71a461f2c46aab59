/**
 * INFO [section ...] in sentinel mode: only server, clients, stats, cpu and sentinel exist
 * (printed in that order, as 7.0.15 does: Server, Clients, Stats, CPU, Sentinel). No argument,
 * `default`, `all` and `everything` mean all five; section names are case-insensitive; other
 * names are dropped, and if nothing is left the reply is an empty bulk string. The reply is a
 * plain bulk string in RESP3 too.
 */
import { bulk, type Reply } from '../../../resp/values.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { capturedArity } from './command-data.js';
import { clientsSection, cpuSection, serverSection, statsSection } from './info-sections.js';
import { sentinelSection } from './info-sentinel.js';

type Section = 'server' | 'clients' | 'stats' | 'cpu' | 'sentinel';

const ORDER: readonly Section[] = ['server', 'clients', 'stats', 'cpu', 'sentinel'];
const WRITERS: Readonly<Record<Section, (ctx: CommandContext) => string[]>> = {
  server: serverSection,
  clients: clientsSection,
  stats: statsSection,
  cpu: cpuSection,
  sentinel: sentinelSection,
};
const TITLES: Readonly<Record<Section, string>> = {
  server: 'Server',
  clients: 'Clients',
  stats: 'Stats',
  cpu: 'CPU',
  sentinel: 'Sentinel',
};

function requestedSections(args: readonly string[]): Set<Section> {
  const names = args.map((a) => a.toLowerCase());
  if (names.length === 0 || names.some((n) => n === 'default' || n === 'all' || n === 'everything')) {
    return new Set(ORDER);
  }
  return new Set(ORDER.filter((s) => names.includes(s)));
}

/** The INFO text for `args` (the section names). */
export function infoText(ctx: CommandContext, args: readonly string[]): string {
  const wanted = requestedSections(args);
  return ORDER.filter((s) => wanted.has(s))
    .map((s) => [`# ${TITLES[s]}`, ...WRITERS[s](ctx)].map((line) => `${line}\r\n`).join(''))
    .join('\r\n');
}

function infoCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  return bulk(infoText(ctx, argv.slice(1)));
}

export const INFO: CommandSpec = {
  name: 'info',
  arity: capturedArity('info'),
  handler: infoCommand,
};
