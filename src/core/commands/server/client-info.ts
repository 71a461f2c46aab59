/**
 * One CLIENT LIST / CLIENT INFO line, in redis 7.0.15's field order (also the `client-info`
 * of ACL LOG). Ages are whole seconds. For the client running the command, `qbuf` and
 * `argv-mem` describe that command as Redis would see it in its query buffer.
 */
import { clientType, type ClientSession } from '../../clients.js';

/** The flag letters of getClientInfoString, in Redis's order; `N` when there are none. */
function flags(c: ClientSession): string {
  let out = '';
  if (clientType(c) === 'pubsub') out += 'P';
  if (c.tracking !== null) out += 't';
  if (c.tracking?.bcast === true) out += 'B';
  if (c.closing) out += 'c';
  if (c.noEvict) out += 'e';
  return out === '' ? 'N' : out;
}

/** The request size of `argv` sent as a RESP array (what sits in Redis's query buffer). */
function requestBytes(argv: readonly string[]): number {
  return argv.reduce((n, a) => n + `$${a.length}\r\n`.length + a.length + 2, `*${argv.length}\r\n`.length);
}

/**
 * The line for `c` at `nowMono`; `current` is the argv of the command being run when `c` is
 * the client running it.
 */
export function clientInfoLine(c: ClientSession, nowMono: number, current: readonly string[] | null = null): string {
  const io = c.io;
  const qbuf = current === null ? io.qbuf : requestBytes(current);
  const argvMem = current === null ? io.argvMem : current.reduce((n, a) => n + a.length, 0);
  const fields: [string, string | number][] = [
    ['id', c.id],
    ['addr', c.addr],
    ['laddr', c.laddr],
    ['fd', io.fd],
    ['name', c.name],
    ['age', seconds(nowMono - c.createdMono)],
    ['idle', seconds(nowMono - c.lastInteractionMono)],
    ['flags', flags(c)],
    ['db', 0],
    ['sub', c.channels.size],
    ['psub', c.patterns.size],
    ['ssub', 0],
    ['multi', -1],
    ['qbuf', qbuf],
    ['qbuf-free', io.qbufFree],
    ['argv-mem', argvMem],
    ['multi-mem', io.multiMem],
    ['rbs', io.rbs],
    ['rbp', io.rbp],
    ['obl', io.obl],
    ['oll', io.oll],
    ['omem', io.omem],
    ['tot-mem', io.totMem],
    ['events', 'r'],
    ['cmd', c.lastCommand],
    ['user', c.user ?? 'default'],
    ['redir', c.tracking?.redirect ?? -1],
    ['resp', c.proto],
  ];
  return fields.map(([k, v]) => `${k}=${v}`).join(' ');
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
