/**
 * `user` lines: the checks Redis 7.0 makes while reading them (rule syntax, password hashes,
 * duplicate users, with its error texts and its off-by-two choice of the word it quotes) and
 * the description a rewrite writes back (`user bob on #<sha256> ~* resetchannels +@all`).
 *
 * Command and category names are not checked here: Redis checks them only after the file is
 * read, against the sentinel command table, which is the ACL module's business. Command rules
 * are described as written after a `+@all`/`-@all` base (Redis 7.0 recomputes them from a
 * bitmap, in hash order); the meaning is the same.
 */
import type { AclUserSpec } from '../core/server-config.js';
import { sha256Hex } from './sha256.js';

const ERR_SYNTAX = 'Syntax error';
const ERR_UNKNOWN = 'Unknown command or category name in ACL';
const ERR_KEYS_AFTER_ALL =
  "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
const ERR_CHANNELS_AFTER_ALL =
  "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
const ERR_NO_SUCH_PASSWORD = 'The password you are trying to remove from the user does not exist';
const ERR_HASH = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
const ERR_DUPLICATE = 'Duplicate user found. A user can only be defined once in config files';

interface KeyPattern {
  pattern: string;
  flags: string;
}

interface Selector {
  allKeys: boolean;
  keys: KeyPattern[];
  allChannels: boolean;
  channels: string[];
  allCommands: boolean;
  rules: string[];
}

interface SimUser {
  enabled: boolean;
  nopass: boolean;
  sanitize: 'sanitize-payload' | 'skip-sanitize-payload' | null;
  passwords: string[];
  root: Selector;
  selectors: Selector[];
}

export interface AclContext {
  /** acl-pubsub-default: whether new users and selectors start with all channels. */
  readonly allChannelsByDefault: boolean;
}

function newSelector(ctx: AclContext): Selector {
  return { allKeys: false, keys: [], allChannels: ctx.allChannelsByDefault, channels: [], allCommands: false, rules: [] };
}

function newUser(ctx: AclContext): SimUser {
  return { enabled: false, nopass: false, sanitize: null, passwords: [], root: newSelector(ctx), selectors: [] };
}

/** The default user before any `user default` line: open to everyone, or guarded by requirepass. */
function defaultUser(requirepass: string | null): SimUser {
  const all: Selector = { allKeys: true, keys: [], allChannels: true, channels: [], allCommands: true, rules: [] };
  const passwords = requirepass === null ? [] : [sha256Hex(requirepass)];
  return { enabled: true, nopass: requirepass === null, sanitize: null, passwords, root: all, selectors: [] };
}

/** What `reset` does: the state a `user default` line starts from. */
function resetUser(user: SimUser, ctx: AclContext): void {
  Object.assign(user, newUser(ctx), { sanitize: 'sanitize-payload' });
}

/** Selector rules that set or clear a whole list. */
const SELECTOR_RESETS: Readonly<Record<string, (sel: Selector) => void>> = {
  allkeys: (sel) => Object.assign(sel, { allKeys: true, keys: [] }),
  '~*': (sel) => Object.assign(sel, { allKeys: true, keys: [] }),
  resetkeys: (sel) => Object.assign(sel, { allKeys: false, keys: [] }),
  allchannels: (sel) => Object.assign(sel, { allChannels: true, channels: [] }),
  '&*': (sel) => Object.assign(sel, { allChannels: true, channels: [] }),
  resetchannels: (sel) => Object.assign(sel, { allChannels: false, channels: [] }),
  allcommands: (sel) => Object.assign(sel, { allCommands: true, rules: [] }),
  '+@all': (sel) => Object.assign(sel, { allCommands: true, rules: [] }),
  nocommands: (sel) => Object.assign(sel, { allCommands: false, rules: [] }),
  '-@all': (sel) => Object.assign(sel, { allCommands: false, rules: [] }),
};

/** Applies one selector rule (keys, channels, commands); returns an error text or null. */
function applySelectorRule(sel: Selector, op: string): string | null {
  const lower = op.toLowerCase();
  const reset = SELECTOR_RESETS[lower];
  if (reset !== undefined) {
    reset(sel);
    return null;
  }
  if (op.startsWith('~') || op.startsWith('%')) return addKeyPattern(sel, op);
  if (op.startsWith('&')) {
    if (sel.allChannels) return ERR_CHANNELS_AFTER_ALL;
    if (!sel.channels.includes(op.slice(1))) sel.channels.push(op.slice(1));
    return null;
  }
  if (op.startsWith('+') || op.startsWith('-')) {
    sel.rules = sel.rules.filter((r) => r !== lower);
    sel.rules.push(lower);
    return null;
  }
  return ERR_SYNTAX;
}

function addKeyPattern(sel: Selector, op: string): string | null {
  let flags = 'RW';
  let pattern = op.slice(1);
  if (op.startsWith('%')) {
    const m = /^%([RrWw]+)(?:~(.*))?$/s.exec(op);
    if (m === null) return ERR_SYNTAX;
    const f = m[1]!.toUpperCase();
    if (/(R.*R|W.*W)/.test(f)) return ERR_SYNTAX;
    flags = (f.includes('R') ? 'R' : '') + (f.includes('W') ? 'W' : '');
    pattern = m[2] ?? '';
  }
  if (sel.allKeys) return ERR_KEYS_AFTER_ALL;
  const existing = sel.keys.find((k) => k.pattern === pattern);
  if (existing !== undefined) existing.flags = mergeFlags(existing.flags, flags);
  else sel.keys.push({ pattern, flags });
  return null;
}

function mergeFlags(a: string, b: string): string {
  return (a.includes('R') || b.includes('R') ? 'R' : '') + (a.includes('W') || b.includes('W') ? 'W' : '');
}

/** User-level rules that are a plain word. */
const USER_FLAGS: Readonly<Record<string, (user: SimUser, ctx: AclContext) => void>> = {
  on: (user) => (user.enabled = true),
  off: (user) => (user.enabled = false),
  nopass: (user) => Object.assign(user, { nopass: true, passwords: [] }),
  resetpass: (user) => Object.assign(user, { nopass: false, passwords: [] }),
  'sanitize-payload': (user) => (user.sanitize = 'sanitize-payload'),
  'skip-sanitize-payload': (user) => (user.sanitize = 'skip-sanitize-payload'),
  reset: (user, ctx) => resetUser(user, ctx),
  clearselectors: (user) => (user.selectors = []),
};

/** Applies one user-level rule; returns an error text or null. */
function applyUserRule(user: SimUser, op: string, ctx: AclContext): string | null {
  const flag = USER_FLAGS[op.toLowerCase()];
  if (flag !== undefined) {
    flag(user, ctx);
    return null;
  }
  if (op.startsWith('>') || op.startsWith('#')) return addPassword(user, op[0] === '>' ? sha256Hex(op.slice(1)) : op.slice(1));
  if (op.startsWith('<') || op.startsWith('!')) return removePassword(user, op[0] === '<' ? sha256Hex(op.slice(1)) : op.slice(1));
  if (op.startsWith('(')) {
    if (!op.endsWith(')')) return ERR_UNKNOWN;
    const sel = newSelector(ctx);
    for (const inner of op.slice(1, -1).split(' ').filter((s) => s !== '')) {
      const err = applySelectorRule(sel, inner);
      if (err !== null) return err;
    }
    user.selectors.push(sel);
    return null;
  }
  return applySelectorRule(user.root, op);
}

const isHash = (h: string): boolean => /^[0-9a-f]{64}$/.test(h);

function addPassword(user: SimUser, hash: string): string | null {
  if (!isHash(hash)) return ERR_HASH;
  user.nopass = false;
  if (!user.passwords.includes(hash)) user.passwords.push(hash);
  return null;
}

function removePassword(user: SimUser, hash: string): string | null {
  if (!isHash(hash)) return ERR_HASH;
  if (!user.passwords.includes(hash)) return ERR_NO_SUCH_PASSWORD;
  user.passwords = user.passwords.filter((p) => p !== hash);
  return null;
}

/**
 * Joins the words of a selector written with spaces (`(~x +get)` splits into two words) back
 * into one rule, as Redis does before applying them; null if a `(` is never closed.
 */
export function mergeSelectorArgs(rules: readonly string[]): { rules: string[] } | { unclosedAt: number } {
  const out: string[] = [];
  let open: { at: number; text: string } | null = null;
  for (const op of rules) {
    if (open === null && op.startsWith('(') && !op.endsWith(')')) {
      open = { at: out.length, text: op };
    } else if (open !== null) {
      open.text += ` ${op}`;
      if (op.endsWith(')')) {
        out.push(open.text);
        open = null;
      }
    } else {
      out.push(op);
    }
  }
  return open === null ? { rules: out } : { unclosedAt: open.at };
}

/**
 * Checks a `user` line (argv includes the `user` word) the way Redis does while loading, and
 * returns Redis's message, or null. `seen` holds the names already declared in the file.
 * Redis 7.0 quotes argv[j] for a failure of the j-th (merged) rule instead of the rule itself;
 * that is kept for identical output.
 */
export function checkUserLine(argv: readonly string[], seen: ReadonlySet<string>, ctx: AclContext): string | null {
  const name = argv[1]!;
  if (seen.has(name)) return userDeclError(argv[1]!, ERR_DUPLICATE);
  const merged = mergeSelectorArgs(argv.slice(2));
  // An unclosed selector leaves errno as Redis last set it; observed: the unknown-command text.
  if ('unclosedAt' in merged) return userDeclError(argv[merged.unclosedAt]!, ERR_UNKNOWN);
  const user = newUser(ctx);
  for (let j = 0; j < merged.rules.length; j++) {
    const err = applyUserRule(user, merged.rules[j]!, ctx);
    if (err !== null) return userDeclError(argv[j]!, err);
  }
  return null;
}

const userDeclError = (word: string, message: string): string => `Error in user declaration '${word}': ${message}`;

/** Checks that only Redis makes after the file is read (it then exits with these messages). */
export function checkUsersAfterLoad(users: readonly AclUserSpec[], aclfile: string | null): string | null {
  if (users.some((u) => /\s/.test(u.name))) return 'Spaces not allowed in ACL usernames';
  if (users.length > 0 && aclfile !== null && aclfile !== '') {
    return (
      'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. ' +
      'This setup is very likely to lead to configuration errors and security holes, please define either an ACL ' +
      'file or declare users directly in your redis.conf, but not both.'
    );
  }
  return null;
}

function describeSelector(sel: Selector): string {
  const parts: string[] = [];
  if (sel.allKeys) parts.push('~*');
  else for (const k of sel.keys) parts.push(k.flags === 'RW' ? `~${k.pattern}` : `%${k.flags}~${k.pattern}`);
  if (sel.allChannels) parts.push('&*');
  else parts.push('resetchannels', ...sel.channels.map((c) => `&${c}`));
  parts.push(sel.allCommands ? '+@all' : '-@all');
  // Rules of the base's own sign before the first opposite rule change nothing; Redis drops them.
  const keep = sel.rules.findIndex((r) => r.startsWith(sel.allCommands ? '-' : '+'));
  if (keep >= 0) parts.push(...sel.rules.slice(keep));
  return parts.join(' ');
}

function describeUser(user: SimUser): string {
  const parts: string[] = [user.enabled ? 'on' : 'off'];
  if (user.nopass) parts.push('nopass');
  if (user.sanitize !== null) parts.push(user.sanitize);
  parts.push(...user.passwords.map((h) => `#${h}`));
  parts.push(describeSelector(user.root));
  parts.push(...user.selectors.map((s) => `(${describeSelector(s)})`));
  return parts.join(' ');
}

/**
 * The `user` lines a rewrite writes: every user sorted by name (Redis walks a radix tree),
 * the default user included even when the file never declared it.
 */
export function describeUsers(users: readonly AclUserSpec[], requirepass: string | null, ctx: AclContext): string[] {
  const byName = new Map<string, SimUser>([['default', defaultUser(requirepass)]]);
  for (const spec of users) {
    let user = byName.get(spec.name);
    if (spec.name === 'default' && user !== undefined) resetUser(user, ctx);
    else byName.set(spec.name, (user = newUser(ctx)));
    for (const rule of spec.rules) applyUserRule(user, rule, ctx);
  }
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => `user ${name} ${describeUser(byName.get(name)!)}`);
}
