/**
 * Users and selectors written back as rules, the way Redis 7.0 prints them in ACL LIST and
 * ACL GETUSER. Command rules are rebuilt from the permission set, not remembered: start from
 * +@all (if the selector covers future commands) or -@all, then repeatedly add the category
 * that best fits what is left (more commands in common than different, fewest differences,
 * then most in common), then fix single commands. The result always rebuilds the same set;
 * a mismatch is a bug and throws.
 */
import { ACL_CATEGORIES, type CatalogCommand } from './catalog.js';
import { Selector, type KeyPattern } from './selector.js';
import type { AclUser } from './user.js';

export function describeCommandRules(selector: Selector): string {
  const additive = !selector.futureCommands;
  const fake = new Selector(selector.catalog);
  const rules: string[] = [additive ? '-@all' : '+@all'];
  fake.apply(rules[0]!);
  for (const category of bestCategories(selector, additive)) {
    fake.setCategory(category, additive);
    rules.push(`${additive ? '+' : '-'}@${category}`);
  }
  for (const cmd of selector.catalog.commands) rules.push(...singleCommandFixes(selector, fake, cmd));
  if (!sameCommands(fake, selector)) throw new Error(`ACL rules do not rebuild the permissions: ${rules.join(' ')}`);
  return rules.join(' ');
}

/** The categories the greedy fit picks, in the order it picks them. */
function bestCategories(selector: Selector, additive: boolean): string[] {
  const temp = selector.clone();
  const picked: string[] = [];
  for (;;) {
    let best: string | null = null;
    let minDiff = Infinity;
    let maxSame = 0;
    for (const category of ACL_CATEGORIES) {
      if (picked.includes(category)) continue;
      const { on, off } = countCategory(temp, category);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = category;
        minDiff = diff;
        maxSame = same;
      }
    }
    if (best === null) return picked;
    temp.setCategory(best, !additive);
    picked.push(best);
  }
}

function countCategory(selector: Selector, category: string): { on: number; off: number } {
  let on = 0;
  let off = 0;
  for (const cmd of selector.catalog.walk()) {
    if (!cmd.categories.has(category)) continue;
    if (selector.hasBit(cmd)) on++;
    else off++;
  }
  return { on, off };
}

/** `+cmd` / `-cmd` where the rebuilt set still differs, then any `+cmd|firstarg`. */
function singleCommandFixes(selector: Selector, fake: Selector, cmd: CatalogCommand): string[] {
  const rules: string[] = [];
  const bit = selector.hasBit(cmd);
  if (bit !== fake.hasBit(cmd)) {
    rules.push(`${bit ? '+' : '-'}${cmd.fullName}`);
    fake.changePerm(cmd, bit);
  }
  for (const sub of cmd.subcommands) rules.push(...singleCommandFixes(selector, fake, sub));
  if (!bit) {
    for (const arg of selector.firstArgs.get(cmd.fullName) ?? []) rules.push(`+${cmd.fullName}|${arg}`);
  }
  return rules;
}

function sameCommands(a: Selector, b: Selector): boolean {
  if (a.futureCommands !== b.futureCommands || a.allowed.size !== b.allowed.size) return false;
  for (const name of a.allowed) if (!b.allowed.has(name)) return false;
  return true;
}

export function keyPatternText(k: KeyPattern): string {
  const prefix = k.read && k.write ? '~' : k.read ? '%R~' : '%W~';
  return prefix + k.pattern;
}

/** The key patterns as one string (ACL GETUSER `keys`). */
export function keysText(selector: Selector): string {
  return selector.allKeys ? '~*' : selector.keys.map(keyPatternText).join(' ');
}

/** The channel patterns as one string (ACL GETUSER `channels`). */
export function channelsText(selector: Selector): string {
  return selector.allChannels ? '&*' : selector.channels.map((c) => `&${c}`).join(' ');
}

/** Keys, channels and command rules of a selector, as in ACL LIST. */
export function describeSelector(selector: Selector): string {
  const parts: string[] = [];
  if (selector.allKeys) parts.push('~*');
  else parts.push(...selector.keys.map(keyPatternText));
  if (selector.allChannels) parts.push('&*');
  else parts.push('resetchannels', ...selector.channels.map((c) => `&${c}`));
  parts.push(describeCommandRules(selector));
  return parts.join(' ');
}

/** The flags Redis shows, in its order. */
export function userFlags(user: AclUser): string[] {
  const flags = [user.enabled ? 'on' : 'off'];
  if (user.nopass) flags.push('nopass');
  if (user.sanitize === 'skip') flags.push('skip-sanitize-payload');
  if (user.sanitize === 'sanitize') flags.push('sanitize-payload');
  return flags;
}

/** One ACL LIST line: `user <name> <flags> <#hashes> <root> (<selector>)...`. */
export function describeUser(user: AclUser): string {
  const parts = [`user ${user.name}`, ...userFlags(user), ...user.passwords.map((h) => `#${h}`)];
  let line = `${parts.join(' ')} ${describeSelector(user.root)}`;
  for (const selector of user.selectors.slice(1)) line += ` (${describeSelector(selector)})`;
  return line;
}
