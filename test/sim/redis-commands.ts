/**
 * The commands a simulated data node answers, with Redis 7.0's replies and errors for what
 * Sentinel (and a scenario) sends: PING, INFO, REPLICAOF/SLAVEOF (incl. NO ONE), MULTI/EXEC/
 * DISCARD, CONFIG REWRITE/GET/SET (a few options), CLIENT SETNAME/GETNAME/KILL/PAUSE/UNPAUSE, AUTH,
 * SUBSCRIBE/UNSUBSCRIBE/PUBLISH, SCRIPT KILL, and the replication handshake (REPLCONF, PSYNC).
 * The gates come first, in Redis's order: auth, MULTI queueing, subscribed context, BUSY,
 * LOADING, MASTERDOWN. Returns the reply, or null when the command wrote its own frames.
 */
import type { Reply } from '../../src/resp/values.js';
import { bulk, type RedisNode, type Session } from './redis-node.js';

const OK: Reply = { t: 'simple', v: 'OK' };
const err = (v: string): Reply => ({ t: 'error', v });
const int = (v: number): Reply => ({ t: 'int', v });

/** Commands allowed while loading (CMD_LOADING). */
const LOADING_OK = new Set(['info', 'subscribe', 'unsubscribe', 'publish', 'auth', 'client', 'multi', 'exec', 'discard', 'config', 'replconf', 'psync', 'script']);
/** Commands allowed on a replica whose link is down with replica-serve-stale-data no (CMD_STALE). */
const STALE_OK = new Set(['info', 'auth', 'client', 'multi', 'exec', 'discard', 'config', 'replicaof', 'slaveof', 'replconf', 'subscribe', 'unsubscribe', 'publish', 'script']);
const SUBSCRIBED_OK = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ping', 'quit', 'reset']);
const BUSY_OK = new Set(['script', 'auth', 'shutdown', 'multi', 'discard', 'exec', 'replconf']);
const NO_QUEUE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

type Handler = (node: RedisNode, s: Session, argv: readonly string[]) => Reply | null;

const HANDLERS: ReadonlyMap<string, { arity: number; run: Handler }> = new Map<string, { arity: number; run: Handler }>([
  ['ping', { arity: -1, run: ping }],
  ['info', { arity: -1, run: (n, _s, a) => bulk(n.info(a[1] ?? '')) }],
  ['replicaof', { arity: 3, run: replicaof }],
  ['slaveof', { arity: 3, run: replicaof }],
  ['multi', { arity: 1, run: multi }],
  ['exec', { arity: 1, run: exec }],
  ['discard', { arity: 1, run: discard }],
  ['config', { arity: -2, run: config }],
  ['client', { arity: -2, run: client }],
  ['auth', { arity: -2, run: auth }],
  ['subscribe', { arity: -2, run: subscribe }],
  ['unsubscribe', { arity: -1, run: unsubscribe }],
  ['publish', { arity: 3, run: publish }],
  ['script', { arity: -2, run: script }],
  ['replconf', { arity: -1, run: replconf }],
  ['psync', { arity: 3, run: (n, s) => n.repl.onPsync(s, s.listeningPort ?? s.conn.clientPort) }],
]);

export function executeCommand(node: RedisNode, s: Session, argv: readonly string[]): Reply | null {
  const name = argv[0]!.toLowerCase();
  const spec = HANDLERS.get(name);
  if (!s.authed && name !== 'auth' && name !== 'hello') return err('NOAUTH Authentication required.');
  if (spec === undefined) {
    if (s.multi !== null) s.multiDirty = true;
    const args = argv.slice(1, 1 + 16).map((a) => `'${a.slice(0, 128)}' `).join('');
    return err(`ERR unknown command '${argv[0]!.slice(0, 128)}', with args beginning with: ${args}`);
  }
  if ((spec.arity > 0 && argv.length !== spec.arity) || (spec.arity < 0 && argv.length < -spec.arity)) {
    if (s.multi !== null) s.multiDirty = true;
    return err(`ERR wrong number of arguments for '${name}' command`);
  }
  if (s.multi !== null && !NO_QUEUE.has(name)) {
    s.multi.push(argv);
    return { t: 'simple', v: 'QUEUED' };
  }
  if (s.channels.size > 0 && !SUBSCRIBED_OK.has(name)) {
    return err(`ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
  }
  if (node.busy && !BUSY_OK.has(name)) return err('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
  if (node.nowMono() < node.loadingUntilMono && !LOADING_OK.has(name)) return err('LOADING Redis is loading the dataset in memory');
  if (staleGate(node) && !STALE_OK.has(name)) {
    return err("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
  }
  return spec.run(node, s, argv);
}

function staleGate(node: RedisNode): boolean {
  return !node.serveStale && node.repl.masterHost !== null && node.repl.state !== 'connected';
}

function ping(_n: RedisNode, s: Session, argv: readonly string[]): Reply {
  if (argv.length > 2) return err("ERR wrong number of arguments for 'ping' command");
  if (s.channels.size > 0) return { t: 'array', v: [bulk('pong'), bulk(argv[1] ?? '')] };
  return argv.length === 2 ? bulk(argv[1]!) : { t: 'simple', v: 'PONG' };
}

function replicaof(node: RedisNode, s: Session, argv: readonly string[]): Reply {
  const [, host, portText] = argv as [string, string, string];
  if (host.toLowerCase() === 'no' && portText.toLowerCase() === 'one') {
    node.repl.promote();
    return OK;
  }
  if (s.isReplica) return err('ERR Command is not valid when client is a replica.');
  const port = /^-?\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) return err('ERR Invalid master port');
  if (node.repl.masterHost === host && node.repl.masterPort === port) {
    return { t: 'simple', v: 'OK Already connected to specified master' };
  }
  node.repl.follow(host, port);
  return OK;
}

function multi(_n: RedisNode, s: Session): Reply {
  if (s.multi !== null) return err('ERR MULTI calls can not be nested');
  s.multi = [];
  s.multiDirty = false;
  return OK;
}

function exec(node: RedisNode, s: Session): Reply {
  const queued = s.multi;
  if (queued === null) return err('ERR EXEC without MULTI');
  s.multi = null;
  if (s.multiDirty) return err('EXECABORT Transaction discarded because of previous errors.');
  return { t: 'array', v: queued.map((argv) => executeCommand(node, s, argv) ?? OK) };
}

function discard(_n: RedisNode, s: Session): Reply {
  if (s.multi === null) return err('ERR DISCARD without MULTI');
  s.multi = null;
  return OK;
}

function config(node: RedisNode, _s: Session, argv: readonly string[]): Reply {
  const sub = argv[1]!.toLowerCase();
  if (sub === 'rewrite') {
    node.savedReplicaOf = node.repl.masterHost === null ? null : { host: node.repl.masterHost, port: node.repl.masterPort };
    return OK;
  }
  if (sub === 'set' && argv.length === 4) {
    const [, , option, value] = argv as [string, string, string, string];
    const opt = option.toLowerCase();
    if (opt === 'replica-priority' || opt === 'slave-priority') node.setPriority(Number(value));
    else if (opt === 'replica-announced') node.announced = value === 'yes';
    else if (opt === 'replica-serve-stale-data' || opt === 'slave-serve-stale-data') node.serveStale = value === 'yes';
    else return err(`ERR Unknown option or number of arguments for CONFIG SET - '${option}'`);
    return OK;
  }
  if (sub === 'get' && argv.length === 3) return { t: 'array', v: [] };
  return err(`ERR unknown subcommand '${argv[1]!}'. Try CONFIG HELP.`);
}

function client(node: RedisNode, s: Session, argv: readonly string[]): Reply {
  const sub = argv[1]!.toLowerCase();
  if (sub === 'setname' && argv.length === 3) {
    if (/[\s]/.test(argv[2]!)) return err('ERR Client names cannot contain spaces, newlines or special characters.');
    s.name = argv[2]!;
    return OK;
  }
  if (sub === 'getname' && argv.length === 2) return s.name === '' ? { t: 'nullbulk' } : bulk(s.name);
  if (sub === 'id' && argv.length === 2) return int(s.id);
  if (sub === 'kill') return clientKill(node, s, argv);
  if (sub === 'pause' && (argv.length === 3 || argv.length === 4)) return clientPause(node, argv);
  if (sub === 'unpause' && argv.length === 2) {
    node.writesPausedUntilMono = 0;
    return OK;
  }
  return err(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!}'. Try CLIENT HELP.`);
}

/**
 * CLIENT PAUSE <ms> [WRITE|ALL]: the model has no client writes to hold, only its write stream
 * and the replication PINGs, which both stop until the pause ends (Redis 6.2+ also stops
 * pinging replicas while paused, so the offset a failover waits for stays put).
 */
function clientPause(node: RedisNode, argv: readonly string[]): Reply {
  const ms = Number(argv[2]);
  if (!/^\d+$/.test(argv[2]!) || !Number.isSafeInteger(ms)) return err('ERR timeout is not an integer or out of range');
  const mode = (argv[3] ?? 'all').toLowerCase();
  if (mode !== 'write' && mode !== 'all') return err('ERR syntax error');
  node.writesPausedUntilMono = Math.max(node.writesPausedUntilMono, node.nowMono() + ms);
  return OK;
}

function clientKill(node: RedisNode, s: Session, argv: readonly string[]): Reply {
  if (argv.length === 3) {
    const victim = [...node.sessions.values()].find((x) => x.conn.clientAddr === argv[2]);
    if (victim === undefined) return err('ERR No such client');
    kill(node, victim);
    return OK;
  }
  if (argv.length % 2 !== 0) return err('ERR syntax error');
  let type: string | null = null;
  let addr: string | null = null;
  let skipMe = true;
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i]!.toLowerCase();
    const value = argv[i + 1]!;
    if (key === 'type') type = value.toLowerCase() === 'slave' ? 'replica' : value.toLowerCase();
    else if (key === 'addr') addr = value;
    else if (key === 'skipme') skipMe = value.toLowerCase() === 'yes';
    else return err('ERR syntax error');
  }
  if (type !== null && !['normal', 'pubsub', 'replica', 'master'].includes(type)) return err(`ERR Unknown client type '${type}'`);
  let killed = 0;
  for (const victim of [...node.sessions.values()]) {
    if (skipMe && victim === s) continue;
    if (addr !== null && victim.conn.clientAddr !== addr) continue;
    if (type !== null && sessionType(victim) !== type) continue;
    kill(node, victim);
    killed++;
  }
  return int(killed);
}

function sessionType(s: Session): string {
  if (s.isReplica) return 'replica';
  return s.channels.size > 0 ? 'pubsub' : 'normal';
}

function kill(node: RedisNode, victim: Session): void {
  node.dropSession(victim);
  node.ctx.net.closeByServer(victim.conn);
}

function auth(node: RedisNode, s: Session, argv: readonly string[]): Reply {
  if (argv.length > 3) return err('ERR syntax error');
  const password = argv[argv.length - 1]!;
  const user = argv.length === 3 ? argv[1]! : 'default';
  if (node.options.requirepass === null && argv.length === 2) {
    return err('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
  }
  const ok = user === 'default' && (node.options.requirepass === null || password === node.options.requirepass);
  if (!ok) return err('WRONGPASS invalid username-password pair or user is disabled.');
  s.authed = true;
  return OK;
}

function subscribe(node: RedisNode, s: Session, argv: readonly string[]): Reply | null {
  if (s.multi !== null) return err('ERR SUBSCRIBE inside MULTI is not allowed');
  for (const channel of argv.slice(1)) {
    s.channels.add(channel);
    node.send(s, { t: 'array', v: [bulk('subscribe'), bulk(channel), int(s.channels.size)] });
  }
  return null;
}

function unsubscribe(node: RedisNode, s: Session, argv: readonly string[]): Reply | null {
  const channels = argv.length > 1 ? argv.slice(1) : [...s.channels];
  if (channels.length === 0) return { t: 'array', v: [bulk('unsubscribe'), { t: 'nullbulk' }, int(0)] };
  for (const channel of channels) {
    s.channels.delete(channel);
    node.send(s, { t: 'array', v: [bulk('unsubscribe'), bulk(channel), int(s.channels.size)] });
  }
  return null;
}

function publish(node: RedisNode, _s: Session, argv: readonly string[]): Reply {
  const receivers = node.deliver(argv[1]!, argv[2]!);
  // A master writes PUBLISH to its replication stream; a replica only delivers locally.
  if (node.repl.masterHost === null) node.repl.propagate(argv);
  return int(receivers);
}

function script(node: RedisNode, _s: Session, argv: readonly string[]): Reply {
  if (argv[1]!.toLowerCase() !== 'kill') return err(`ERR unknown subcommand '${argv[1]!}'. Try SCRIPT HELP.`);
  if (!node.busy) return err('NOTBUSY No scripts in execution right now.');
  node.busy = false;
  return OK;
}

function replconf(node: RedisNode, s: Session, argv: readonly string[]): Reply | null {
  const key = (argv[1] ?? '').toLowerCase();
  if (key === 'ack') {
    node.repl.onAck(s, Number(argv[2]));
    return null;
  }
  if (key === 'listening-port') s.listeningPort = Number(argv[2]);
  return OK;
}
