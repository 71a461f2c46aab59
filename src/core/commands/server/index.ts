/**
 * The non-SENTINEL commands of a sentinel's table: with SENTINEL, exactly the 15 commands of
 * redis-sentinel 7.0.15 (COMMAND COUNT). Arity comes from the captured command data.
 */
import type { CommandSpec } from '../types.js';
import { ACL } from './acl-command.js';
import { AUTH } from './auth.js';
import { CLIENT } from './client.js';
import { COMMAND } from './command.js';
import { HELLO } from './hello.js';
import { INFO } from './info.js';
import { PING } from './ping.js';
import { PUBLISH } from './publish.js';
import { PSUBSCRIBE, PUNSUBSCRIBE, SUBSCRIBE, UNSUBSCRIBE } from './pubsub.js';
import { ROLE } from './role.js';
import { SHUTDOWN } from './shutdown.js';

export const SERVER_COMMANDS: readonly CommandSpec[] = [
  ACL,
  AUTH,
  CLIENT,
  COMMAND,
  HELLO,
  INFO,
  PING,
  PSUBSCRIBE,
  PUBLISH,
  PUNSUBSCRIBE,
  ROLE,
  SHUTDOWN,
  SUBSCRIBE,
  UNSUBSCRIBE,
];
