// The processes of one bench/failover.sh run: a redis-server master, its replicas and three
// sentinels (vigil or redis-sentinel 7.0.15) on free loopback ports inside one temp dir.
// It remembers every pid it started and stops exactly those (SIGCONT first, so a SIGSTOPped
// master can take the SIGTERM; SIGKILL after a grace period). It never signals a pid it did not
// start and never looks processes up by name. Each pid is also appended, with its port, to
// $FAILOVER_PIDFILE when set, so bench/failover.sh can clean up even if this process is killed.
// Plain Node ESM, using the built dist/ through bin/vigil and the ioredis package.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const MASTER_NAME = 'mymaster';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VIGIL_BIN = path.join(ROOT, 'bin', 'vigil');

// Below Linux's ephemeral range (32768-60999 here): a port picked from inside it can be taken
// by an outgoing connection between the probe and the server's bind.
const FIRST_PORT = 20_000;
const PORT_SPAN = 12_000;
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
/** Arguments every data node gets: no persistence, no 5 s wait before a diskless full sync. */
const DATA_ARGS = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--repl-diskless-sync-delay', '0'];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports handed out in this bench invocation are never handed out twice. */
const handedOut = new Set();

function canBind(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePort() {
  let candidate = FIRST_PORT + Math.floor(Math.random() * PORT_SPAN);
  for (let probe = 0; probe < 2_000; probe++) {
    candidate = FIRST_PORT + ((candidate - FIRST_PORT + 1) % PORT_SPAN);
    if (handedOut.has(candidate)) continue;
    if ((await canBind(candidate, '127.0.0.1')) && (await canBind(candidate, '0.0.0.0'))) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  throw new Error(`no free port in ${FIRST_PORT}..${FIRST_PORT + PORT_SPAN} after 2000 probes`);
}

/** An ioredis client for one-off commands: loopback, no retries, no offline queue. */
export function client(port, { commandTimeout = 1_000, connectTimeout = 500 } = {}) {
  const c = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    disableClientInfo: true,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout,
    commandTimeout,
  });
  c.on('error', () => undefined); // errors reach the callers through the command promises
  return c;
}

/** One command on a short-lived connection; throws on any error. */
export async function call(port, ...args) {
  const c = client(port);
  try {
    await c.connect();
    return await c.call(...args);
  } finally {
    c.disconnect();
  }
}

/** A flat [k1, v1, k2, v2, ...] reply as a plain object. */
export function fields(reply) {
  const out = {};
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

/** Polls `check` (returns '' when done, else what is still missing) until done or the deadline. */
async function waitUntil(what, check, timeoutMs, pollMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let missing = 'not checked yet';
  while (Date.now() < deadline) {
    try {
      missing = await check();
    } catch (e) {
      missing = e instanceof Error ? e.message : String(e);
    }
    if (missing === '') return;
    await sleep(pollMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${missing}`);
}

export class Group {
  /** @param {string} dir the run's temp dir; @param {'vigil'|'redis-sentinel'} impl */
  constructor(dir, impl) {
    this.dir = dir;
    this.impl = impl;
    this.procs = [];
    this.master = null;
    this.replicas = [];
    this.sentinels = [];
  }

  /** Master + replicas (online on the master), then the sentinels, then full discovery. */
  async start({ replicas, sentinels, quorum, downAfterMs, failoverTimeoutMs }) {
    this.master = await this.spawnRedis('master', []);
    for (let i = 1; i <= replicas; i++) this.replicas.push(await this.spawnRedis(`replica-${i}`, ['--replicaof', '127.0.0.1', String(this.master.port)]));
    await waitUntil(`${replicas} online replicas on the master`, async () => {
      const info = String(await call(this.master.port, 'INFO', 'replication'));
      const online = (info.match(/^slave\d+:.*state=online/gm) ?? []).length;
      return online === replicas ? '' : `${online} online`;
    }, READY_TIMEOUT_MS);
    const conf = [
      `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${this.master.port} ${quorum}`,
      `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfterMs}`,
      `sentinel failover-timeout ${MASTER_NAME} ${failoverTimeoutMs}`,
      '',
    ].join('\n');
    for (let i = 0; i < sentinels; i++) this.sentinels.push(await this.spawnSentinel(`sentinel-${i}`, conf));
    await waitUntil('every sentinel to know all replicas and peers', async () => {
      const views = await Promise.all(this.sentinels.map(async (s) => fields(await call(s.port, 'SENTINEL', 'MASTER', MASTER_NAME))));
      return views
        .map((v, i) => (v['num-slaves'] === String(replicas) && v['num-other-sentinels'] === String(sentinels - 1) && v.flags === 'master'
          ? ''
          : `sentinel-${i}: slaves ${v['num-slaves']} peers ${v['num-other-sentinels']} flags ${v.flags}`))
        .filter(Boolean)
        .join('; ');
    }, 30_000);
  }

  /** The data node listening on `port` (the master or a replica), or undefined. */
  dataNode(port) {
    return [this.master, ...this.replicas].find((p) => p !== null && p.port === port);
  }

  /** Sends a signal to one process this group started (no-op once it has exited). */
  signal(proc, sig) {
    if (proc.exited()) return;
    try {
      process.kill(proc.pid, sig);
    } catch {
      /* already gone */
    }
  }

  /** Stops every process still running: sentinels first (they watch the data nodes). */
  async stopAll() {
    const alive = this.procs.filter((p) => !p.exited());
    await Promise.all(alive.filter((p) => p.kind === 'sentinel').map((p) => this.stop(p)));
    await Promise.all(alive.filter((p) => p.kind === 'redis').map((p) => this.stop(p)));
  }

  /** Last resort on process exit: synchronous SIGKILL of every pid still running. */
  killAllNow() {
    for (const p of this.procs) this.signal(p, 'SIGKILL');
  }

  async stop(proc) {
    if (proc.exited()) return;
    this.signal(proc, 'SIGCONT');
    this.signal(proc, 'SIGTERM');
    const timedOut = await Promise.race([proc.exit.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) {
      this.signal(proc, 'SIGKILL');
      await proc.exit;
    }
  }

  logTail(proc, lines = 20) {
    try {
      return fs.readFileSync(proc.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async spawnRedis(name, extra) {
    const port = await freePort();
    const dataDir = path.join(this.dir, name);
    fs.mkdirSync(dataDir, { recursive: true });
    return this.spawnReady(name, 'redis', port, 'redis-server', ['--port', String(port), '--dir', dataDir, ...DATA_ARGS, ...extra]);
  }

  async spawnSentinel(name, conf) {
    const port = await freePort();
    const configPath = path.join(this.dir, `${name}.conf`);
    fs.writeFileSync(configPath, conf);
    return this.impl === 'vigil'
      ? this.spawnReady(name, 'sentinel', port, process.execPath, [VIGIL_BIN, configPath, '--port', String(port)])
      : this.spawnReady(name, 'sentinel', port, 'redis-sentinel', [configPath, '--port', String(port), '--daemonize', 'no', '--dir', this.dir]);
  }

  async spawnReady(name, kind, port, command, args) {
    const logPath = path.join(this.dir, `${name}.log`);
    const fd = fs.openSync(logPath, 'a');
    let child;
    try {
      // Own process group: a terminal's Ctrl-C reaches only the bench, which stops these in order.
      child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', fd, fd], detached: true });
    } finally {
      fs.closeSync(fd);
    }
    const pid = await new Promise((resolve, reject) => {
      child.once('error', (e) => reject(new Error(`cannot start ${command}: ${e.message}`)));
      child.once('spawn', () => resolve(child.pid));
    });
    let reason = null;
    const exit = new Promise((resolve) => child.once('exit', (code, sig) => {
      reason = sig !== null ? `signal ${sig}` : `exit code ${code}`;
      resolve();
    }));
    const proc = { name, kind, port, pid, logPath, exit, exited: () => reason !== null, exitReason: () => reason };
    this.procs.push(proc);
    if (process.env.FAILOVER_PIDFILE) fs.appendFileSync(process.env.FAILOVER_PIDFILE, `${pid} ${port}\n`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (proc.exited()) throw new Error(`${name} (${command}, pid ${pid}) stopped during start-up (${reason}):\n${this.logTail(proc)}`);
      try {
        if ((await call(port, 'PING')) === 'PONG') return proc;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`${name} (${command}, pid ${pid}) did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms:\n${this.logTail(proc)}`);
      await sleep(50);
    }
  }
}
