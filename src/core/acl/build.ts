/**
 * Builds the ACL from the configuration, in Redis's order: `requirepass` sets the default
 * user's password while the config is read; `user` lines are applied afterwards, so a
 * `user default ...` line starts from a reset default user and wins over requirepass.
 * An invalid rule is a start-up error (Redis refuses to start), thrown with Redis's log text.
 */
import type { ServerConfig } from '../server-config.js';
import { Acl, mergeSelectorArgs, type Sha256 } from './acl.js';
import { ruleErrorText } from './errors.js';
import { AclUser } from './user.js';

export class AclConfigError extends Error {}

export function buildAcl(server: Pick<ServerConfig, 'requirepass' | 'users'>, sha256: Sha256): Acl {
  const acl = new Acl(sha256);
  if (server.requirepass !== null) acl.setRequirepass(server.requirepass);
  for (const spec of server.users) loadUser(acl, spec.name, spec.rules);
  return acl;
}

function loadUser(acl: Acl, name: string, rules: readonly string[]): void {
  let user = acl.users.get(name);
  if (user === undefined) {
    user = new AclUser(name, acl.catalog);
    acl.users.set(name, user);
  } else {
    user.apply('reset', acl.sha256);
  }
  const merged = mergeSelectorArgs(rules);
  if (typeof merged === 'number') {
    throw new AclConfigError(`Unmatched parenthesis in acl selector starting at '${rules[merged]}'.`);
  }
  for (const op of merged) {
    const error = user.apply(op, acl.sha256);
    if (error !== null) {
      throw new AclConfigError(`Error loading ACL rule '${op}' for the user named '${name}': ${ruleErrorText(error)}`);
    }
  }
}
