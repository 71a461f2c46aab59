/**
 * Adding and removing masters: MONITOR, REMOVE, RESET, FLUSHCONFIG. MONITOR validates in Redis's
 * order (quorum, port, quorum >= 1, address, port range, duplicate name) and, unlike the rest,
 * replies before its `+monitor` event, as 7.0.15 does. RESET does not flush: the forgotten
 * replicas and peers leave the file at the next flush. REMOVE and RESET close the links of
 * everything they forget (a peer link shared with another master stays open for it).
 *
 * The core cannot resolve names: with resolve-hostnames a well-formed hostname is accepted and
 * stored unresolved (ip ''), for the runtime to resolve before connecting. Redis would refuse an
 * unresolvable one here.
 */
import { err, int, OK, type Reply } from '../../../resp/values.js';
import { globMatch } from '../../glob.js';
import { releaseMasterLinks, resetMaster } from '../../monitor/master-reset.js';
import { newMaster, type Address } from '../../state.js';
import { FLUSH_FAILED, flushConfigAndReply, parseLongLong } from '../helpers.js';
import { NO_REPLY, type CommandContext, type HandlerResult } from '../types.js';
import { emitInstanceEvent, INT_MAX, isReply, masterOrError } from './common.js';
import { looksLikeHostname, normalizeIpLiteral } from './ip-literal.js';

const MAX_PORT = 65535;

export function monitorCommand(ctx: CommandContext, argv: readonly string[]): HandlerResult {
  const [name, host, portText, quorumText] = [argv[2]!, argv[3]!, argv[4]!, argv[5]!];
  const quorum = parseLongLong(quorumText);
  // Redis keeps quorum in a C int; larger values would wrap, so they are refused as invalid.
  if (quorum === null || quorum > INT_MAX) return err('ERR Invalid quorum');
  const port = parseLongLong(portText);
  if (port === null) return err('ERR Invalid port');
  if (quorum <= 0) return err('ERR Quorum must be 1 or greater.');
  const addr = parseMonitorAddress(ctx, host, port);
  if (addr === null) return err('ERR Invalid IP address or hostname specified');
  if (port < 0 || port > MAX_PORT) return err('ERR Invalid port number.');
  const { state } = ctx.env;
  if (state.masters.has(name)) return err('ERR Duplicate master name.');

  const master = newMaster(name, addr, quorum, state.timing, ctx.now.mono);
  state.masters.set(name, master);
  ctx.batch.flushConfig('monitor');
  ctx.batch.reply(ctx.client.id, ctx.client.proto, OK, FLUSH_FAILED);
  emitInstanceEvent(ctx, 'warning', '+monitor', master, null, `quorum ${quorum}`);
  return NO_REPLY;
}

/** An IP literal (normalized as Redis prints it), or with resolve-hostnames an unresolved name. */
function parseMonitorAddress(ctx: CommandContext, host: string, port: number): Address | null {
  const ip = normalizeIpLiteral(host);
  if (ip !== null) return { host, ip, port };
  if (ctx.env.state.settings.resolveHostnames && looksLikeHostname(host)) return { host, ip: '', port };
  return null;
}

export function removeCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const master = masterOrError(ctx, argv[2]!);
  if (isReply(master)) return master;
  emitInstanceEvent(ctx, 'warning', '-monitor', master, null);
  releaseMasterLinks(ctx, master);
  ctx.env.state.masters.delete(master.name);
  return flushConfigAndReply(ctx, 'remove');
}

/** Resets every master whose name matches the (case-sensitive) glob; replies how many. */
export function resetCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  let count = 0;
  for (const master of ctx.env.state.masters.values()) {
    if (!globMatch(argv[2]!, master.name)) continue;
    resetMaster(ctx, master, false);
    emitInstanceEvent(ctx, 'warning', '+reset-master', master, null);
    count++;
  }
  return int(count);
}

export function flushconfigCommand(ctx: CommandContext): Reply {
  return flushConfigAndReply(ctx, 'flushconfig');
}
