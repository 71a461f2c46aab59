/**
 * What a command handler gets and returns. Handlers are pure: they read and change the
 * sentinel's state through the context and return a reply (or write several through the
 * batch and return NO_REPLY). Arity, authentication, ACL and pub/sub-context checks happen in
 * the dispatcher before a handler runs.
 */
import type { Reply } from '../../resp/values.js';
import type { Batch } from '../batch.js';
import type { ClientSession, ClientTable } from '../clients.js';
import type { Rng } from '../rng.js';
import type { ProcessFacts, ServerConfig } from '../server-config.js';
import type { SentinelState } from '../state.js';
import type { Now } from '../time.js';
import type { Acl } from '../acl/acl.js';

/** Everything long-lived a handler may consult. */
export interface CoreEnv {
  readonly state: SentinelState;
  readonly server: ServerConfig;
  readonly process: ProcessFacts;
  readonly clients: ClientTable;
  readonly acl: Acl;
  readonly rng: Rng;
  /** Counters INFO stats shows. */
  readonly stats: CoreStats;
}

export interface CoreStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  rejectedConnections: number;
  /** Errors replied, by error code (first word). */
  errorReplies: number;
  /** Peak and current TCP input/output bytes are the adapter's; the core only counts these. */
}

export interface CommandContext {
  readonly env: CoreEnv;
  readonly client: ClientSession;
  readonly now: Now;
  readonly batch: Batch;
}

/** Returned by handlers that already wrote their replies through the batch. */
export const NO_REPLY: unique symbol = Symbol('no-reply');
export type HandlerResult = Reply | typeof NO_REPLY;

export type Handler = (ctx: CommandContext, argv: readonly string[]) => HandlerResult;

export interface CommandSpec {
  /** Lower-case name as Redis lists it. */
  readonly name: string;
  /** Redis arity: n means exactly n, -n means at least n (both counting the name). */
  readonly arity: number;
  /** Runs before authentication (AUTH, HELLO). */
  readonly noAuth?: boolean;
  /** Allowed for a RESP2 client in subscribed state. */
  readonly allowedWhileSubscribed?: boolean;
  /** Container commands dispatch on their first argument. */
  readonly subcommands?: ReadonlyMap<string, SubcommandSpec>;
  /** Handler for a plain command, or for a container when subcommands miss (never for known containers). */
  readonly handler?: Handler;
}

export interface SubcommandSpec {
  /** Lower-case `container|sub` full name. */
  readonly fullName: string;
  readonly arity: number;
  readonly handler: Handler;
  readonly noAuth?: boolean;
}

export function defineSubcommands(
  container: string,
  subs: readonly { name: string; arity: number; handler: Handler; aliases?: readonly string[] }[],
): ReadonlyMap<string, SubcommandSpec> {
  const table = new Map<string, SubcommandSpec>();
  for (const sub of subs) {
    const spec: SubcommandSpec = { fullName: `${container}|${sub.name}`, arity: sub.arity, handler: sub.handler };
    table.set(sub.name, spec);
    for (const alias of sub.aliases ?? []) {
      table.set(alias, { ...spec, fullName: `${container}|${alias}` });
    }
  }
  return table;
}
