/**
 * CLIENT LIST [TYPE type | ID id...] and CLIENT KILL, both forms: the old `CLIENT KILL ip:port`
 * (may kill the caller; `+OK` or "No such client") and the filter form (ID, ADDR, LADDR, USER,
 * SKIPME, TYPE; replies the number killed). A killed client is closed once replies queued for
 * it are written; the caller itself is closed after this reply.
 */
import { err, int, OK, type Reply } from '../../../resp/values.js';
import { clientType, type ClientSession } from '../../clients.js';
import { parseLongLong } from '../helpers.js';
import type { CommandContext } from '../types.js';
import { clientInfoLine } from './client-info.js';
import { SYNTAX_ERROR } from './errors.js';
import { verbatimText } from './reply-types.js';

type ClientKind = 'normal' | 'pubsub' | 'replica' | 'master';

/** Redis's getClientTypeByName (`slave` and `replica` are the same type). */
function kindByName(name: string): ClientKind | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'pubsub':
      return 'pubsub';
    case 'slave':
    case 'replica':
      return 'replica';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

function line(ctx: CommandContext, c: ClientSession, argv: readonly string[]): string {
  return clientInfoLine(c, ctx.now.mono, c === ctx.client ? argv : null) + '\n';
}

export function clientListCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const clients = [...ctx.env.clients.all()];
  if (argv.length === 4 && argv[2]!.toLowerCase() === 'type') {
    const kind = kindByName(argv[3]!);
    if (kind === null) return err(`ERR Unknown client type '${argv[3]}'`);
    return verbatimText(clients.filter((c) => clientType(c) === kind).map((c) => line(ctx, c, argv)).join(''));
  }
  if (argv.length > 3 && argv[2]!.toLowerCase() === 'id') {
    let text = '';
    for (const arg of argv.slice(3)) {
      const id = parseLongLong(arg);
      if (id === null) return err('ERR Invalid client ID');
      const c = ctx.env.clients.get(id);
      if (c !== undefined) text += line(ctx, c, argv);
    }
    return verbatimText(text);
  }
  if (argv.length !== 2) return SYNTAX_ERROR;
  return verbatimText(clients.map((c) => line(ctx, c, argv)).join(''));
}

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  id: number | null;
  kind: ClientKind | null;
  user: string | null;
  skipme: boolean;
}

function parseKillFilter(ctx: CommandContext, argv: readonly string[]): KillFilter | Reply {
  const f: KillFilter = { addr: null, laddr: null, id: null, kind: null, user: null, skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const value = argv[i + 1];
    if (value === undefined) return SYNTAX_ERROR;
    if (opt === 'id') {
      const id = parseLongLong(value);
      if (id === null || id < 1) return err('ERR client-id should be greater than 0');
      f.id = id;
    } else if (opt === 'type') {
      f.kind = kindByName(value);
      if (f.kind === null) return err(`ERR Unknown client type '${value}'`);
    } else if (opt === 'addr') {
      f.addr = value;
    } else if (opt === 'laddr') {
      f.laddr = value;
    } else if (opt === 'user') {
      if (!ctx.env.acl.users.has(value)) return err(`ERR No such user '${value}'`);
      f.user = value;
    } else if (opt === 'skipme') {
      const yn = value.toLowerCase();
      if (yn !== 'yes' && yn !== 'no') return SYNTAX_ERROR;
      f.skipme = yn === 'yes';
    } else {
      return SYNTAX_ERROR;
    }
  }
  return f;
}

function matches(ctx: CommandContext, c: ClientSession, f: KillFilter): boolean {
  if (f.addr !== null && c.addr !== f.addr) return false;
  if (f.laddr !== null && c.laddr !== f.laddr) return false;
  if (f.kind !== null && clientType(c) !== f.kind) return false;
  if (f.id !== null && c.id !== f.id) return false;
  if (f.user !== null && (c.user ?? 'default') !== f.user) return false;
  return !(f.skipme && c === ctx.client);
}

/** Closes `c`: the caller after this reply, anyone else right away (after its queued replies). */
export function killClient(ctx: CommandContext, c: ClientSession): void {
  c.closing = true;
  if (c === ctx.client) return;
  ctx.env.clients.close(c.id);
  ctx.batch.closeClient(c.id);
}

export function clientKillCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const oldForm = argv.length === 3;
  const filter = oldForm
    ? { addr: argv[2]!, laddr: null, id: null, kind: null, user: null, skipme: false }
    : parseKillFilter(ctx, argv);
  if ('t' in filter) return filter;
  const victims = [...ctx.env.clients.all()].filter((c) => matches(ctx, c, filter));
  victims.forEach((c) => killClient(ctx, c));
  if (!oldForm) return int(victims.length);
  return victims.length === 0 ? err('ERR No such client') : OK;
}
