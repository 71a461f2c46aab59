/**
 * Users and permissions for clients of the sentinel, as Redis 7.0's ACL sees them: `requirepass`
 * sets the default user's password, `user` lines define more users. Passwords are kept as
 * SHA-256 hex digests; a digest function is injected so this module stays pure.
 */
export interface AclUser {
  readonly name: string;
  enabled: boolean;
  nopass: boolean;
  /** SHA-256 hex digests. */
  passwords: Set<string>;
  /** Rules in the order given, for ACL LIST / GETUSER and permission checks. */
  commandRules: string[];
  keyPatterns: string[];
  channelPatterns: string[];
}

export type Sha256 = (text: string) => string;

export class Acl {
  readonly users = new Map<string, AclUser>();

  constructor(readonly sha256: Sha256) {
    this.users.set('default', {
      name: 'default',
      enabled: true,
      nopass: true,
      passwords: new Set(),
      commandRules: ['+@all'],
      keyPatterns: ['*'],
      channelPatterns: ['*'],
    });
  }

  /** Whether new connections start authenticated as `default`. */
  get defaultUserOpen(): boolean {
    const d = this.users.get('default')!;
    return d.enabled && d.nopass;
  }

  /** Checks credentials; returns the user name on success. */
  authenticate(username: string, password: string): string | null {
    const user = this.users.get(username);
    if (user === undefined || !user.enabled) return null;
    if (user.nopass) return user.name;
    return user.passwords.has(this.sha256(password)) ? user.name : null;
  }

  setRequirepass(password: string | null): void {
    const d = this.users.get('default')!;
    d.passwords.clear();
    if (password === null || password === '') {
      d.nopass = true;
    } else {
      d.nopass = false;
      d.passwords.add(this.sha256(password));
    }
  }

  /** Whether `user` may run the command `fullName` (`name` or `container|sub`). */
  canRun(username: string, fullName: string): boolean {
    const user = this.users.get(username);
    if (user === undefined) return false;
    return evaluateCommandRules(user.commandRules, fullName);
  }
}

/** Applies +/- rules left to right; a later rule overrides an earlier one. */
export function evaluateCommandRules(rules: readonly string[], fullName: string): boolean {
  const container = fullName.split('|')[0]!;
  let allowed = false;
  for (const rule of rules) {
    const sign = rule[0];
    const body = rule.slice(1).toLowerCase();
    if (sign !== '+' && sign !== '-') continue;
    const on = sign === '+';
    if (body === '@all' || body === fullName || body === container) allowed = on;
  }
  return allowed;
}
