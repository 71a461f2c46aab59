/**
 * One ACL selector, as Redis 7.0 keeps it: which commands it may run (a set standing for
 * Redis's command bitmap, plus the reserved "future commands" bit that only +@all sets),
 * allowed first arguments, key patterns with read/write flags, and channel patterns. `apply`
 * is Redis's ACLSetSelector: one rule at a time, with Redis's error classes.
 */
import { ACL_CATEGORIES, type CatalogCommand, type CommandCatalog } from './catalog.js';

/** Why a rule was refused; errors.ts words each one as Redis does. */
export type RuleError = 'ENOENT' | 'EINVAL' | 'EEXIST' | 'EISDIR' | 'ENODEV' | 'EBADMSG' | 'ECHILD';

export interface KeyPattern {
  readonly pattern: string;
  read: boolean;
  write: boolean;
}

export class Selector {
  allKeys = false;
  allChannels = false;
  /** Skip the command check altogether (set by +@all, dropped by any removal). */
  allCommands = false;
  /** Redis's reserved bitmap bit: the selector was built from +@all, so it also covers future commands. */
  futureCommands = false;
  readonly allowed = new Set<string>();
  /** Command name -> first arguments allowed while the command itself is not. */
  readonly firstArgs = new Map<string, string[]>();
  keys: KeyPattern[] = [];
  channels: string[] = [];

  constructor(readonly catalog: CommandCatalog) {}

  clone(): Selector {
    const copy = new Selector(this.catalog);
    copy.allKeys = this.allKeys;
    copy.allChannels = this.allChannels;
    copy.allCommands = this.allCommands;
    copy.futureCommands = this.futureCommands;
    for (const name of this.allowed) copy.allowed.add(name);
    for (const [name, args] of this.firstArgs) copy.firstArgs.set(name, [...args]);
    copy.keys = this.keys.map((k) => ({ ...k }));
    copy.channels = [...this.channels];
    return copy;
  }

  /** Applies one rule; null on success. */
  apply(op: string): RuleError | null {
    const lower = op.toLowerCase();
    switch (lower) {
      case 'allkeys':
      case '~*':
        this.allKeys = true;
        this.keys = [];
        return null;
      case 'resetkeys':
        this.allKeys = false;
        this.keys = [];
        return null;
      case 'allchannels':
      case '&*':
        this.allChannels = true;
        this.channels = [];
        return null;
      case 'resetchannels':
        this.allChannels = false;
        this.channels = [];
        return null;
      case 'allcommands':
      case '+@all':
        this.setAllCommands(true);
        return null;
      case 'nocommands':
      case '-@all':
        this.setAllCommands(false);
        return null;
    }
    const c0 = op[0];
    if (c0 === '~' || c0 === '%') return this.addKeyPattern(op);
    if (c0 === '&') return this.addChannel(op.slice(1));
    if ((c0 === '+' || c0 === '-') && op[1] === '@') return this.applyCategory(op.slice(2), c0 === '+');
    if (c0 === '+') return this.allowCommand(op.slice(1));
    if (c0 === '-') return this.denyCommand(op.slice(1));
    return 'EINVAL';
  }

  /** Whether the command bit is set (Redis's ACLGetSelectorCommandBit). */
  hasBit(cmd: CatalogCommand): boolean {
    return this.allowed.has(cmd.fullName);
  }

  /** Sets or clears a command and, for a container, all its subcommands (ACLChangeSelectorPerm). */
  changePerm(cmd: CatalogCommand, allow: boolean): void {
    this.setBit(cmd, allow);
    this.firstArgs.delete(cmd.fullName);
    for (const sub of cmd.subcommands) this.setBit(sub, allow);
  }

  /** Applies +@category / -@category to every command in it; false for an unknown category. */
  setCategory(category: string, allow: boolean): boolean {
    const name = category.toLowerCase();
    if (!isCategory(name)) return false;
    for (const cmd of this.catalog.walk()) {
      if (cmd.categories.has(name)) this.changePerm(cmd, allow);
    }
    return true;
  }

  private setBit(cmd: CatalogCommand, allow: boolean): void {
    if (allow) {
      this.allowed.add(cmd.fullName);
    } else {
      this.allowed.delete(cmd.fullName);
      this.allCommands = false;
    }
  }

  private setAllCommands(on: boolean): void {
    this.allowed.clear();
    if (on) for (const cmd of this.catalog.walk()) this.allowed.add(cmd.fullName);
    this.allCommands = on;
    this.futureCommands = on;
    this.firstArgs.clear();
  }

  /** `~pattern`, or `%R~`, `%W~`, `%RW~` with read/write flags. */
  private addKeyPattern(op: string): RuleError | null {
    if (this.allKeys) return 'EEXIST';
    let read = true;
    let write = true;
    let offset = 1;
    if (op[0] === '%') {
      read = false;
      write = false;
      for (; offset < op.length; offset++) {
        const c = op[offset]!.toUpperCase();
        if (c === 'R' && !read) read = true;
        else if (c === 'W' && !write) write = true;
        else if (op[offset] === '~') {
          offset++;
          break;
        } else return 'EINVAL';
      }
      if (!read && !write) return 'EINVAL';
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const existing = this.keys.find((k) => k.pattern === pattern);
    if (existing === undefined) this.keys.push({ pattern, read, write });
    else {
      existing.read ||= read;
      existing.write ||= write;
    }
    return null;
  }

  private addChannel(pattern: string): RuleError | null {
    if (this.allChannels) return 'EISDIR';
    if (hasSpaces(pattern)) return 'EINVAL';
    if (!this.channels.includes(pattern)) this.channels.push(pattern);
    return null;
  }

  private applyCategory(category: string, allow: boolean): RuleError | null {
    return this.setCategory(category, allow) ? null : 'ENOENT';
  }

  /** `+cmd`, `+container|sub`, or `+cmd|firstarg` for a command without subcommands. */
  private allowCommand(name: string): RuleError | null {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = this.catalog.lookup(name);
      if (cmd === undefined) return 'ENOENT';
      this.changePerm(cmd, true);
      return null;
    }
    const cmd = this.catalog.lookup(name.slice(0, bar));
    if (cmd === undefined) return 'ENOENT';
    if (cmd.parent !== null) return 'ECHILD';
    const arg = name.slice(bar + 1);
    if (arg === '') return 'EINVAL';
    if (cmd.subcommands.length > 0) {
      const sub = this.catalog.lookup(name);
      if (sub === undefined) return 'ENOENT';
      this.changePerm(sub, true);
      return null;
    }
    this.addFirstArg(cmd, arg);
    return null;
  }

  private denyCommand(name: string): RuleError | null {
    const cmd = this.catalog.lookup(name);
    if (cmd === undefined) return 'ENOENT';
    this.changePerm(cmd, false);
    return null;
  }

  private addFirstArg(cmd: CatalogCommand, arg: string): void {
    const args = this.firstArgs.get(cmd.fullName) ?? [];
    if (!args.some((a) => a.toLowerCase() === arg.toLowerCase())) args.push(arg);
    this.firstArgs.set(cmd.fullName, args);
  }
}

const CATEGORY_SET = new Set(ACL_CATEGORIES);

export function isCategory(name: string): boolean {
  return CATEGORY_SET.has(name.toLowerCase());
}

/** Redis refuses spaces and NUL in user names and patterns (ACLStringHasSpaces). */
export function hasSpaces(text: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(text);
}
