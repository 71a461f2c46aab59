/**
 * The server-level `rename-command` lines of sentinel.conf, applied as redis-sentinel 7.0.15
 * applies them (checked side by side):
 *  1. a renamed command answers only to its new name; `rename-command X ""` removes it; the old
 *     name gets Redis's unknown-command error;
 *  2. the command keeps its own name everywhere it is reported: arity errors, COMMAND INFO /
 *     DOCS / LIST entries, CLIENT LIST `cmd=`, ACL rules and ACL CAT (ACL rules name commands by
 *     their original names);
 *  3. what looks a command up by the name a client types uses the current names: dispatch,
 *     COMMAND INFO / DOCS / GETKEYS arguments, ACL DRYRUN; COMMAND COUNT, LIST and the bare
 *     COMMAND leave removed commands out.
 * Only top-level commands can be renamed (the config parser checks the names, in file order).
 */
import type { ServerConfig } from '../server-config.js';
import { CAPTURED_COMMANDS } from './server/command-data.js';

type Renames = ServerConfig['commandRenames'];

export class CommandNames {
  /** Current lower-case name -> the command's own lower-case name. */
  private readonly current = new Map<string, string>();
  private readonly removed = new Set<string>();

  constructor(originals: Iterable<string>, renames: Renames) {
    for (const name of originals) this.current.set(name, name);
    for (const { from, to } of renames) {
      const own = this.current.get(from.toLowerCase());
      if (own === undefined) continue;
      this.current.delete(from.toLowerCase());
      if (to === '') this.removed.add(own);
      else this.current.set(to.toLowerCase(), own);
    }
  }

  /** Rule 3: the command's own name for a typed name, undefined when no command has that name now. */
  ownName(typed: string): string | undefined {
    return this.current.get(typed.toLowerCase());
  }

  /** Rule 3 for `container|subcommand` names (COMMAND INFO / DOCS): only the container is renamed. */
  ownFullName(typed: string): string | undefined {
    const bar = typed.indexOf('|');
    if (bar < 0) return this.ownName(typed);
    const container = this.ownName(typed.slice(0, bar));
    return container === undefined ? undefined : `${container}${typed.slice(bar).toLowerCase()}`;
  }

  /** Whether a command (by its own name) is still there, under whatever name. */
  present(own: string): boolean {
    return !this.removed.has(own);
  }

  /** COMMAND COUNT. */
  get count(): number {
    return this.current.size;
  }
}

const cache = new WeakMap<Renames, CommandNames>();

/**
 * The names in force for this server's renames over the sentinel's 15 commands. The renames
 * are read once, from the file at start-up, so the result is cached per renames list.
 */
export function commandNamesOf(server: ServerConfig): CommandNames {
  let names = cache.get(server.commandRenames);
  if (names === undefined) {
    names = new CommandNames(CAPTURED_COMMANDS.map((c) => c.fullName), server.commandRenames);
    cache.set(server.commandRenames, names);
  }
  return names;
}
