/**
 * The SENTINEL container command: every 7.0.15 subcommand with its own arity (checked by the
 * dispatcher, giving `sentinel|<sub>` arity errors), the deprecated SLAVES alias, and Valkey
 * 8's PRIMARY spellings as aliases with the same arity and replies. Handlers live by theme in
 * the neighbouring files.
 */
import { defineSubcommands, type CommandSpec } from '../types.js';
import { flushconfigCommand, monitorCommand, removeCommand, resetCommand } from './admin.js';
import { configCommand } from './config.js';
import { debugCommand, simulateFailureCommand } from './debug.js';
import { failoverCommand } from './failover.js';
import { helpCommand } from './help.js';
import { isMasterDownByAddrCommand } from './peer.js';
import {
  ckquorumCommand,
  getMasterAddrCommand,
  infoCacheCommand,
  masterCommand,
  mastersCommand,
  myidCommand,
  pendingScriptsCommand,
  replicasCommand,
  sentinelsCommand,
} from './queries.js';
import { setCommand } from './set.js';

export const SENTINEL_COMMAND: CommandSpec = {
  name: 'sentinel',
  arity: -2,
  subcommands: defineSubcommands('sentinel', [
    { name: 'masters', arity: 2, handler: mastersCommand, aliases: ['primaries'] },
    { name: 'master', arity: 3, handler: masterCommand, aliases: ['primary'] },
    { name: 'replicas', arity: 3, handler: replicasCommand, aliases: ['slaves'] },
    { name: 'sentinels', arity: 3, handler: sentinelsCommand },
    { name: 'get-master-addr-by-name', arity: 3, handler: getMasterAddrCommand, aliases: ['get-primary-addr-by-name'] },
    { name: 'is-master-down-by-addr', arity: 6, handler: isMasterDownByAddrCommand, aliases: ['is-primary-down-by-addr'] },
    { name: 'reset', arity: 3, handler: resetCommand },
    { name: 'failover', arity: 3, handler: failoverCommand },
    { name: 'ckquorum', arity: 3, handler: ckquorumCommand },
    { name: 'flushconfig', arity: 2, handler: flushconfigCommand },
    { name: 'monitor', arity: 6, handler: monitorCommand },
    { name: 'remove', arity: 3, handler: removeCommand },
    { name: 'set', arity: -5, handler: setCommand },
    { name: 'config', arity: -3, handler: configCommand },
    { name: 'info-cache', arity: -3, handler: infoCacheCommand },
    { name: 'simulate-failure', arity: -3, handler: simulateFailureCommand },
    { name: 'debug', arity: -2, handler: debugCommand },
    { name: 'myid', arity: 2, handler: myidCommand },
    { name: 'pending-scripts', arity: 2, handler: pendingScriptsCommand },
    { name: 'help', arity: 2, handler: helpCommand },
  ]),
};
