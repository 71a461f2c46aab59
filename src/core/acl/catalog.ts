/**
 * The command catalog the ACL works on: every command and subcommand of the sentinel with its
 * ACL categories, as captured from redis-sentinel 7.0.15, plus vigil's one addition
 * (CLIENT SETINFO, which 7.2 clients send; categories as in 7.2). Lookups follow Redis:
 * case-insensitive, `container|sub` names a subcommand, and a catalog walk visits each
 * container right before its subcommands (the order ACL CAT and rule descriptions use).
 */
import { CAPTURED_COMMANDS } from '../commands/server/command-data.js';

/** Redis's category table, in its order (ACL CAT, and the order rule descriptions try). */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
];

export interface CatalogCommand {
  /** Lower-case `name` or `container|sub`. */
  readonly fullName: string;
  readonly parent: CatalogCommand | null;
  readonly arity: number;
  readonly categories: ReadonlySet<string>;
  /** AUTH and HELLO: allowed before authentication and exempt from command rules. */
  readonly noAuth: boolean;
  readonly subcommands: readonly CatalogCommand[];
}

interface CommandShape {
  readonly fullName: string;
  readonly arity: number;
  readonly flags: readonly string[];
  readonly categories: readonly string[];
  readonly subcommands: readonly CommandShape[];
}

/** Subcommands vigil has beyond 7.0.15's table, attached to their container. */
const EXTENSIONS: ReadonlyMap<string, readonly CommandShape[]> = new Map([
  ['client', [{ fullName: 'client|setinfo', arity: 4, flags: ['noscript', 'loading', 'stale'], categories: ['slow', 'connection'], subcommands: [] }]],
]);

/** Alias spellings the command table accepts, and the subcommand each one runs. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['sentinel|primaries', 'sentinel|masters'],
  ['sentinel|primary', 'sentinel|master'],
  ['sentinel|get-primary-addr-by-name', 'sentinel|get-master-addr-by-name'],
  ['sentinel|is-primary-down-by-addr', 'sentinel|is-master-down-by-addr'],
]);

export class CommandCatalog {
  readonly commands: readonly CatalogCommand[];
  private readonly byName = new Map<string, CatalogCommand>();

  constructor(shapes: readonly CommandShape[]) {
    this.commands = shapes.map((shape) => this.build(shape, null));
  }

  /** Every command, each container followed by its subcommands. */
  *walk(): IterableIterator<CatalogCommand> {
    for (const cmd of this.commands) {
      yield cmd;
      yield* cmd.subcommands;
    }
  }

  /** Redis's lookupCommandBySds: `name` or `container|sub` (strict), case-insensitive. */
  lookup(name: string): CatalogCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * The command whose permission governs `fullName`: itself, or for the Valkey spellings vigil
   * accepts as aliases (`sentinel|primaries`...), the 7.0 subcommand they stand for.
   */
  permissionTarget(fullName: string): CatalogCommand | undefined {
    return this.lookup(fullName) ?? this.lookup(ALIASES.get(fullName.toLowerCase()) ?? '');
  }

  /** Redis's lookupCommand on an argv: a container alone is itself, else its subcommand. */
  lookupArgv(argv: readonly string[]): CatalogCommand | undefined {
    const base = this.byName.get(argv[0]!.toLowerCase());
    if (base === undefined || base.subcommands.length === 0 || argv.length === 1) return base;
    return this.byName.get(`${base.fullName}|${argv[1]!.toLowerCase()}`);
  }

  private build(shape: CommandShape, parent: CatalogCommand | null): CatalogCommand {
    const extra = parent === null ? (EXTENSIONS.get(shape.fullName) ?? []) : [];
    const subShapes = [...shape.subcommands, ...extra].sort((a, b) => (a.fullName < b.fullName ? -1 : 1));
    const cmd: { -readonly [K in keyof CatalogCommand]: CatalogCommand[K] } = {
      fullName: shape.fullName,
      parent,
      arity: shape.arity,
      categories: new Set(shape.categories),
      noAuth: shape.flags.includes('no_auth'),
      subcommands: [],
    };
    cmd.subcommands = subShapes.map((sub) => this.build(sub, cmd));
    this.byName.set(cmd.fullName, cmd);
    return cmd;
  }
}

/** The sentinel's catalog. */
export const SENTINEL_CATALOG = new CommandCatalog(CAPTURED_COMMANDS);
