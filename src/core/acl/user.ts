/**
 * An ACL user as Redis 7.0 keeps it: on/off, nopass, the payload-sanitizing flags, password
 * hashes in the order added, a root selector and any extra `(...)` selectors. `apply` is
 * Redis's ACLSetUser for one (already merged) rule; rules that are about commands, keys or
 * channels go to the root selector.
 */
import { splitArgs } from '../../resp/split-args.js';
import type { CommandCatalog } from './catalog.js';
import { Selector, type RuleError } from './selector.js';

export type Sha256 = (text: string) => string;

export class AclUser {
  enabled = false;
  nopass = false;
  /** Redis's sanitize-payload / skip-sanitize-payload flags; a new user has neither. */
  sanitize: 'unset' | 'sanitize' | 'skip' = 'unset';
  /** SHA-256 hex digests, in the order they were added. */
  passwords: string[] = [];
  /** Root selector first. */
  selectors: Selector[];

  constructor(
    readonly name: string,
    readonly catalog: CommandCatalog,
  ) {
    this.selectors = [new Selector(catalog)];
  }

  get root(): Selector {
    return this.selectors[0]!;
  }

  clone(name = this.name): AclUser {
    const copy = new AclUser(name, this.catalog);
    copy.copyFrom(this);
    return copy;
  }

  /** Takes over every rule of `other` (Redis's ACLCopyUser), keeping this user's name. */
  copyFrom(other: AclUser): void {
    this.enabled = other.enabled;
    this.nopass = other.nopass;
    this.sanitize = other.sanitize;
    this.passwords = [...other.passwords];
    this.selectors = other.selectors.map((s) => s.clone());
  }

  /** Applies one rule; null on success. */
  apply(op: string, sha256: Sha256): RuleError | null {
    if (op === '') return null;
    const lower = op.toLowerCase();
    switch (lower) {
      case 'on':
      case 'off':
        this.enabled = lower === 'on';
        return null;
      case 'skip-sanitize-payload':
        this.sanitize = 'skip';
        return null;
      case 'sanitize-payload':
        this.sanitize = 'sanitize';
        return null;
      case 'nopass':
        this.nopass = true;
        this.passwords = [];
        return null;
      case 'resetpass':
        this.nopass = false;
        this.passwords = [];
        return null;
      case 'clearselectors':
        this.selectors = [this.root];
        return null;
      case 'reset':
        this.reset();
        return null;
    }
    const c0 = op[0];
    if (c0 === '>' || c0 === '#') return this.addPassword(op, sha256);
    if (c0 === '<' || c0 === '!') return this.removePassword(op, sha256);
    if (c0 === '(' && op.endsWith(')')) return this.addSelector(op);
    return this.root.apply(op);
  }

  private reset(): void {
    this.nopass = false;
    this.passwords = [];
    this.root.apply('resetkeys');
    this.root.apply('resetchannels');
    this.enabled = false;
    this.sanitize = 'sanitize';
    this.selectors = [this.root];
    this.root.apply('-@all');
  }

  private addPassword(op: string, sha256: Sha256): RuleError | null {
    const hash = passwordHash(op, sha256);
    if (hash === null) return 'EBADMSG';
    if (!this.passwords.includes(hash)) this.passwords.push(hash);
    this.nopass = false;
    return null;
  }

  private removePassword(op: string, sha256: Sha256): RuleError | null {
    const hash = passwordHash(op, sha256);
    if (hash === null) return 'EBADMSG';
    const i = this.passwords.indexOf(hash);
    if (i < 0) return 'ENODEV';
    this.passwords.splice(i, 1);
    return null;
  }

  /** `(rule rule ...)`: a new selector built from the rules inside the parentheses. */
  private addSelector(op: string): RuleError | null {
    const selector = new Selector(this.catalog);
    for (const rule of splitArgs(op.slice(1, -1)) ?? []) {
      const error = selector.apply(rule);
      if (error !== null) return error;
    }
    this.selectors.push(selector);
    return null;
  }
}

/** `>clear` hashes the password; `#hash` / `!hash` must already be a lower-case SHA-256. */
function passwordHash(op: string, sha256: Sha256): string | null {
  const body = op.slice(1);
  if (op[0] === '>' || op[0] === '<') return sha256(body);
  return /^[0-9a-f]{64}$/.test(body) ? body : null;
}
