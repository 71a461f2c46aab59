/**
 * Users and permissions for clients of the sentinel, as Redis 7.0's ACL sees them: a `default`
 * user (`requirepass` is its password), more users from `user` lines or ACL SETUSER, each with
 * selectors deciding which commands and channels it may use. Passwords are SHA-256 hex
 * digests; the digest function is injected so this module stays pure.
 */
import { globMatch } from '../glob.js';
import { SENTINEL_CATALOG, type CatalogCommand, type CommandCatalog } from './catalog.js';
import { channelArgs } from './channels.js';
import { ruleErrorText } from './errors.js';
import { AclLog } from './log.js';
import { hasSpaces, type Selector } from './selector.js';
import { AclUser, type Sha256 } from './user.js';

export { AclUser, type Sha256 } from './user.js';

/** Why a command may not run: the command itself, or one of its channels. */
export interface Denial {
  readonly reason: 'command' | 'channel';
  /** The command's full name, or the refused channel. */
  readonly object: string;
}

export class Acl {
  readonly users = new Map<string, AclUser>();
  readonly log = new AclLog();

  constructor(
    readonly sha256: Sha256,
    readonly catalog: CommandCatalog = SENTINEL_CATALOG,
  ) {
    const user = new AclUser('default', catalog);
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) user.apply(op, sha256);
    this.users.set('default', user);
  }

  get defaultUser(): AclUser {
    return this.users.get('default')!;
  }

  /** Whether new connections start authenticated as `default`. */
  get defaultUserOpen(): boolean {
    return this.defaultUser.enabled && this.defaultUser.nopass;
  }

  /** Users in Redis's order (its radix tree sorts names bytewise). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Checks credentials; returns the user name on success. */
  authenticate(username: string, password: string): string | null {
    const user = this.users.get(username);
    if (user === undefined || !user.enabled) return null;
    if (user.nopass) return user.name;
    return user.passwords.includes(this.sha256(password)) ? user.name : null;
  }

  /** `requirepass`: the default user's only password, or nopass when empty. */
  setRequirepass(password: string | null): void {
    const d = this.defaultUser;
    d.apply('resetpass', this.sha256);
    d.apply(password === null || password === '' ? 'nopass' : `>${password}`, this.sha256);
  }

  /**
   * ACL SETUSER: applies all rules to a copy and commits only if every one is valid. Returns
   * null on success or the error text (after `ERR `).
   */
  setUser(name: string, rules: readonly string[]): string | null {
    if (hasSpaces(name)) return "Usernames can't contain spaces or null characters";
    const merged = mergeSelectorArgs(rules);
    if (typeof merged === 'number') return `Unmatched parenthesis in acl selector starting at '${rules[merged]}'.`;
    const existing = this.users.get(name);
    const staged = existing?.clone() ?? new AclUser(name, this.catalog);
    for (const op of merged) {
      const error = staged.apply(op, this.sha256);
      if (error !== null) return `Error in ACL SETUSER modifier '${op}': ${ruleErrorText(error)}`;
    }
    if (existing === undefined) this.users.set(name, staged);
    else existing.copyFrom(staged);
    return null;
  }

  deleteUser(name: string): boolean {
    return name !== 'default' && this.users.delete(name);
  }

  /** Whether `username` may run `fullName` (the command rules only; first arguments need argv). */
  canRun(username: string, fullName: string, argv: readonly string[] = []): boolean {
    return this.check(username, fullName, argv) === null;
  }

  /**
   * Redis's ACLCheckAllUserCommandPerm: allowed if any selector allows the command and all its
   * channels; otherwise the most relevant denial (a channel beats the command).
   */
  check(username: string, fullName: string, argv: readonly string[]): Denial | null {
    const user = this.users.get(username);
    const cmd = this.catalog.permissionTarget(fullName);
    if (user === undefined) return { reason: 'command', object: fullName };
    if (cmd === undefined) return user.selectors.some((s) => s.allCommands) ? null : { reason: 'command', object: fullName };
    let worst: Denial = { reason: 'command', object: fullName };
    let worstIdx = 0;
    for (const selector of user.selectors) {
      const denial = checkSelector(selector, cmd, fullName, argv);
      if (denial === null) return null;
      if (denial.denial.reason === 'channel' && (worst.reason === 'command' || denial.idx > worstIdx)) {
        worst = denial.denial;
        worstIdx = denial.idx;
      }
    }
    return worst;
  }
}

/** One selector's verdict on `cmd` (run as `fullName`, which names it in a denial). */
function checkSelector(
  selector: Selector,
  cmd: CatalogCommand,
  fullName: string,
  argv: readonly string[],
): { denial: Denial; idx: number } | null {
  if (!selector.allCommands && !cmd.noAuth && !selector.hasBit(cmd)) {
    const first = cmd.parent !== null ? undefined : argv[1]?.toLowerCase();
    const args = selector.firstArgs.get(cmd.fullName) ?? [];
    if (first === undefined || !args.some((a) => a.toLowerCase() === first)) {
      return { denial: { reason: 'command', object: fullName }, idx: 0 };
    }
  }
  if (selector.allChannels) return null;
  for (const { index, pattern } of channelArgs(cmd.fullName, argv)) {
    const channel = argv[index]!;
    if (!channelAllowed(selector.channels, channel, pattern)) {
      return { denial: { reason: 'channel', object: channel }, idx: index };
    }
  }
  return null;
}

/**
 * A channel matches an ACL pattern by glob; a PSUBSCRIBE pattern must equal an ACL pattern
 * literally (a client may not widen its access by subscribing to a broader pattern).
 */
export function channelAllowed(patterns: readonly string[], channel: string, isPattern: boolean): boolean {
  return patterns.some((p) => (isPattern ? p === channel : globMatch(p, channel)));
}

/**
 * Joins a selector written across several arguments (`(+ping`, `~a)`) into one rule, as
 * Redis does for ACL SETUSER and `user` lines; a new `(` restarts the selector. Returns the
 * index of an unclosed `(`.
 */
export function mergeSelectorArgs(rules: readonly string[]): string[] | number {
  const merged: string[] = [];
  let open = -1;
  let current = '';
  rules.forEach((op, i) => {
    if (op.startsWith('(') && !op.endsWith(')')) {
      open = i;
      current = op;
    } else if (open >= 0) {
      current += ` ${op}`;
      if (op.endsWith(')')) {
        merged.push(current);
        open = -1;
      }
    } else {
      merged.push(op);
    }
  });
  return open >= 0 ? open : merged;
}
