/**
 * CLIENT TRACKING, TRACKINGINFO, GETREDIR, CACHING and UNBLOCK with Redis 7.0's checks and
 * texts. A sentinel holds no keys, so tracking never produces an invalidation and no client is
 * ever blocked: these commands only keep and show the state, exactly as a real sentinel does.
 */
import { bulk, bulks, err, int, map, OK, type Reply } from '../../../resp/values.js';
import type { ClientSession, TrackingState } from '../../clients.js';
import { parseLongLong } from '../helpers.js';
import type { CommandContext } from '../types.js';
import { NOT_AN_INTEGER, SYNTAX_ERROR, subcommandSyntaxError } from './errors.js';
import { setOf } from './reply-types.js';

interface TrackingRequest {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
}

/** Parses the options after ON/OFF; an error reply for bad syntax or a bad redirect. */
function parseTracking(ctx: CommandContext, argv: readonly string[]): TrackingRequest | Reply {
  const req: TrackingRequest = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [] };
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = j < argv.length - 1;
    if (opt === 'redirect' && more) {
      j++;
      if (req.redirect !== 0) return err('ERR A client can only redirect to a single other client');
      const id = parseLongLong(argv[j]!);
      if (id === null) return NOT_AN_INTEGER;
      if (ctx.env.clients.get(id) === undefined) return err('ERR The client ID you want redirect to does not exist');
      req.redirect = id;
    } else if (opt === 'prefix' && more) {
      req.prefixes.push(argv[++j]!);
    } else if (opt === 'bcast' || opt === 'optin' || opt === 'optout' || opt === 'noloop') {
      req[opt] = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return req;
}

/** Redis's checks before enabling: option conflicts, mode switches, prefix overlaps. */
function enableError(c: ClientSession, req: TrackingRequest): Reply | null {
  const current = c.tracking;
  if (!req.bcast && req.prefixes.length > 0) return err('ERR PREFIX option requires BCAST mode to be enabled');
  if (current !== null && current.bcast !== req.bcast) {
    return err("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  if (req.bcast && (req.optin || req.optout)) return err('ERR OPTIN and OPTOUT are not compatible with BCAST');
  if (req.optin && req.optout) return err("ERR You can't specify both OPTIN mode and OPTOUT mode");
  if ((req.optin && current?.optout === true) || (req.optout && current?.optin === true)) {
    return err("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  return req.bcast ? prefixOverlap([...(current?.prefixes ?? [])], req.prefixes) : null;
}

function overlaps(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

function prefixOverlap(existing: readonly string[], wanted: readonly string[]): Reply | null {
  for (let i = 0; i < wanted.length; i++) {
    const clash = existing.find((e) => overlaps(e, wanted[i]!));
    if (clash !== undefined) {
      return err(`ERR Prefix '${wanted[i]}' overlaps with an existing prefix '${clash}'. Prefixes for a single client must not overlap.`);
    }
    const other = wanted.slice(i + 1).find((w) => overlaps(wanted[i]!, w));
    if (other !== undefined) {
      return err(`ERR Prefix '${wanted[i]}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`);
    }
  }
  return null;
}

function enable(c: ClientSession, req: TrackingRequest): void {
  const prefixes = c.tracking?.prefixes ?? new Set<string>();
  if (req.bcast) for (const p of req.prefixes.length === 0 ? [''] : req.prefixes) prefixes.add(p);
  const state: TrackingState = { ...req, prefixes, caching: c.tracking?.caching ?? false };
  c.tracking = state;
}

export function tracking(ctx: CommandContext, argv: readonly string[]): Reply {
  const req = parseTracking(ctx, argv);
  if ('t' in req) return req;
  switch (argv[2]!.toLowerCase()) {
    case 'on': {
      const error = enableError(ctx.client, req);
      if (error !== null) return error;
      enable(ctx.client, req);
      return OK;
    }
    case 'off':
      ctx.client.tracking = null;
      return OK;
    default:
      return SYNTAX_ERROR;
  }
}

export function trackinginfo(ctx: CommandContext): Reply {
  const t = ctx.client.tracking;
  const flags = [t === null ? 'off' : 'on'];
  if (t !== null) {
    if (t.bcast) flags.push('bcast');
    if (t.optin) flags.push('optin', ...(t.caching ? ['caching-yes'] : []));
    if (t.optout) flags.push('optout', ...(t.caching ? ['caching-no'] : []));
    if (t.noloop) flags.push('noloop');
  }
  return map([
    ['flags', setOf(flags.map(bulk))],
    ['redirect', int(t === null ? -1 : t.redirect)],
    ['prefixes', bulks(t === null ? [] : [...t.prefixes].sort())],
  ]);
}

export function getredir(ctx: CommandContext): Reply {
  return int(ctx.client.tracking?.redirect ?? -1);
}

export function caching(ctx: CommandContext, argv: readonly string[]): Reply {
  const t = ctx.client.tracking;
  if (t === null) {
    return err('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  const opt = argv[2]!.toLowerCase();
  if (opt === 'yes' && !t.optin) return err('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
  if (opt === 'no' && !t.optout) return err('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
  if (opt !== 'yes' && opt !== 'no') return SYNTAX_ERROR;
  t.caching = true;
  return OK;
}

/** CLIENT UNBLOCK id [TIMEOUT|ERROR]: nobody is ever blocked in a sentinel, so always 0. */
export function unblock(_ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 4) return subcommandSyntaxError(argv);
  if (argv.length === 4) {
    const reason = argv[3]!.toLowerCase();
    if (reason !== 'timeout' && reason !== 'error') return err('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  if (parseLongLong(argv[2]!) === null) return NOT_AN_INTEGER;
  return int(0);
}
