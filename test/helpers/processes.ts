/**
 * Starts real processes for integration tests: redis-server data nodes, real redis-sentinel
 * 7.0.15 and vigil itself, each on a probed free loopback port with its own temp dir. Every
 * process is tracked and `stopAll()` kills exactly the pids this file started (also when a
 * test failed); each call waits for the process to answer PING instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { RespClient, type RespNode } from './resp-client.js';
import { waitFor } from './wait.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VIGIL_BIN = path.join(REPO_ROOT, 'bin', 'vigil');

export interface Proc {
  readonly kind: 'redis' | 'redis-sentinel' | 'vigil';
  readonly port: number;
  readonly pid: number;
  readonly dir: string;
  /** For sentinels: the config file path. */
  readonly configPath: string;
  readonly child: ChildProcess;
  /** Everything written to stdout+stderr so far. */
  output(): string;
  /** SIGKILL (default) or another signal; resolves when the process exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
}

const started = new Set<Proc>();

export function makeTempDir(prefix = 'vigil-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function track(kind: Proc['kind'], child: ChildProcess, port: number, dir: string, configPath: string): Proc {
  let out = '';
  let done = false;
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => (out += d));
  child.stderr?.on('data', (d: string) => (out += d));
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => {
    done = true;
    resolve();
  }));
  const proc: Proc = {
    kind,
    port,
    pid: child.pid ?? -1,
    dir,
    configPath,
    child,
    output: () => out,
    exited: () => done,
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (!done) {
        try {
          process.kill(proc.pid, signal);
        } catch {
          /* already gone */
        }
        if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') await exitPromise;
      }
      if (done) started.delete(proc);
    },
  };
  started.add(proc);
  return proc;
}

export async function waitForPing(port: number, timeoutMs = 10_000): Promise<void> {
  await waitFor(`PING on ${port}`, async () => {
    const c = await RespClient.connect(port);
    try {
      const r = await c.call('PING');
      return r.node.type === 'simple' && r.node.value === 'PONG';
    } finally {
      c.close();
    }
  }, timeoutMs, 20);
}

export async function startRedisServer(extraArgs: readonly string[] = []): Promise<Proc> {
  const port = await freePort();
  const dir = makeTempDir('vigil-redis-');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track('redis', child, port, dir, '');
  await waitForPing(port);
  return proc;
}

export interface SentinelOptions {
  /** Lines of sentinel.conf (port is passed on the command line). */
  readonly config: string;
  readonly port?: number;
  readonly extraArgs?: readonly string[];
  /** Don't wait for PING (for start-up failure tests). */
  readonly noWait?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export async function startRedisSentinel(options: SentinelOptions): Promise<Proc> {
  const port = options.port ?? (await freePort());
  const dir = makeTempDir('vigil-rs-');
  const configPath = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(configPath, options.config);
  const child = spawn('redis-sentinel', [configPath, '--port', String(port), '--daemonize', 'no', '--dir', dir, ...(options.extraArgs ?? [])], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  const proc = track('redis-sentinel', child, port, dir, configPath);
  if (options.noWait !== true) await waitForPing(port);
  return proc;
}

export async function startVigil(options: SentinelOptions): Promise<Proc> {
  const port = options.port ?? (await freePort());
  const dir = makeTempDir('vigil-v-');
  const configPath = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(configPath, options.config);
  const child = spawn(process.execPath, [VIGIL_BIN, configPath, '--port', String(port), ...(options.extraArgs ?? [])], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, env: { ...process.env, ...options.env } });
  const proc = track('vigil', child, port, dir, configPath);
  if (options.noWait !== true) await waitForPing(port);
  return proc;
}

/** Kills every process these helpers started and that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.stop('SIGKILL')));
}

/**
 * Last resort if a test file crashes without running its hooks: SIGKILL every process still in
 * `live` when the test process exits.
 */
export function killAtExit(live: Iterable<{ readonly pid: number }>): void {
  process.once('exit', () => {
    for (const p of live) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}

killAtExit(started);

// ---------------------------------------------------------------------------------------------
// Live-monitoring helpers: replicated topologies, restarts on the same port, SENTINEL queries
// and a pub/sub event recorder.
// ---------------------------------------------------------------------------------------------

/** Asks `port` one command on a fresh connection (RESP2 unless `proto` is 3). */
export async function sentinelCall(port: number, args: readonly string[], proto: 2 | 3 = 2): Promise<RespNode> {
  const c = await RespClient.connect(port);
  try {
    if (proto === 3) await c.call('HELLO', '3');
    return (await c.call(...args)).node;
  } finally {
    c.close();
  }
}

/** A RESP2 instance description (flat key/value array) or RESP3 map as a plain record. */
export function instanceFields(node: RespNode): Record<string, string> {
  const out: Record<string, string> = {};
  const text = (n: RespNode): string => ('value' in n ? String(n.value) : '');
  if (node.type === 'map') {
    for (const [k, v] of node.value) out[text(k)] = text(v);
  } else if (node.type === 'array') {
    for (let i = 0; i + 1 < node.value.length; i += 2) out[text(node.value[i]!)] = text(node.value[i + 1]!);
  }
  return out;
}

/** A list of instance descriptions (SENTINEL MASTERS / REPLICAS / SENTINELS) as records. */
export function instanceList(node: RespNode): Record<string, string>[] {
  return node.type === 'array' ? node.value.map(instanceFields) : [];
}

/** SENTINEL MASTER <name> as a record (empty if the reply is an error). */
export async function masterFields(port: number, name = 'mymaster'): Promise<Record<string, string>> {
  return instanceFields(await sentinelCall(port, ['SENTINEL', 'MASTER', name]));
}

/** SENTINEL REPLICAS|SENTINELS <name> as records. */
export async function instancesOf(port: number, what: 'REPLICAS' | 'SENTINELS', name = 'mymaster'): Promise<Record<string, string>[]> {
  return instanceList(await sentinelCall(port, ['SENTINEL', what, name]));
}

export interface MonitorConfigOptions {
  readonly masterPort: number;
  readonly quorum: number;
  readonly name?: string;
  readonly downAfterMs?: number;
  readonly failoverTimeoutMs?: number;
  /** Extra lines appended as they are. */
  readonly extra?: readonly string[];
}

/** A minimal sentinel.conf monitoring one master on 127.0.0.1. */
export function monitorConfig(o: MonitorConfigOptions): string {
  const name = o.name ?? 'mymaster';
  return [
    `sentinel monitor ${name} 127.0.0.1 ${o.masterPort} ${o.quorum}`,
    `sentinel down-after-milliseconds ${name} ${o.downAfterMs ?? 1000}`,
    `sentinel failover-timeout ${name} ${o.failoverTimeoutMs ?? 600_000}`,
    ...(o.extra ?? []),
    '',
  ].join('\n');
}

/** The INFO replication text of a data node. */
export async function replicationInfo(port: number): Promise<string> {
  const node = await sentinelCall(port, ['INFO', 'replication']);
  return 'value' in node ? String(node.value) : '';
}

export interface ReplicatedTopology {
  readonly master: Proc;
  readonly replicas: Proc[];
  /** The arguments each replica was started with (to restart one the same way). */
  readonly replicaArgs: readonly string[];
}

/**
 * A master and `count` replicas (`--replicaof`), returned once the master lists every replica
 * as `state=online` in INFO replication, so a sentinel's first INFO already shows all of them.
 * `replicaPriority: 0` makes every replica ineligible for promotion: sentinels that reach
 * ODOWN then abort their failover (-failover-abort-no-good-slave) and the master stays ODOWN,
 * which keeps a test that only looks at detection free of a racing failover.
 */
export async function startReplicatedMaster(count = 2, options: { readonly replicaPriority?: number } = {}): Promise<ReplicatedTopology> {
  // No 5 s wait for more replicas before a diskless full sync (Redis 7's default).
  const master = await startRedisServer(['--repl-diskless-sync-delay', '0']);
  const replicaArgs = ['--replicaof', '127.0.0.1', String(master.port)];
  if (options.replicaPriority !== undefined) replicaArgs.push('--replica-priority', String(options.replicaPriority));
  const replicas = await Promise.all(Array.from({ length: count }, () => startRedisServer(replicaArgs)));
  await waitFor(`${count} online replicas on master ${master.port}`, async () => {
    const info = await replicationInfo(master.port);
    return (info.match(/^slave\d+:.*state=online/gm) ?? []).length === count;
  }, 15_000);
  return { master, replicas, replicaArgs };
}

/** Starts redis-server again on the port and dir of a stopped one (it gets a new run id). */
export async function restartRedisServer(previous: Proc, extraArgs: readonly string[] = []): Promise<Proc> {
  if (!previous.exited()) throw new Error(`redis-server ${previous.pid} is still running`);
  const child = spawn('redis-server', ['--port', String(previous.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', previous.dir, '--daemonize', 'no', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track('redis', child, previous.port, previous.dir, '');
  await waitForPing(previous.port);
  return proc;
}

/**
 * Starts vigil again from the config file a stopped vigil left (its own rewrites included),
 * on the same port, in the same dir.
 */
export async function restartVigil(previous: Proc, options: { readonly noWait?: boolean; readonly env?: NodeJS.ProcessEnv } = {}): Promise<Proc> {
  if (!previous.exited()) throw new Error(`vigil ${previous.pid} is still running`);
  const child = spawn(process.execPath, [VIGIL_BIN, previous.configPath, '--port', String(previous.port)], { stdio: ['ignore', 'pipe', 'pipe'], cwd: previous.dir, env: { ...process.env, ...options.env } });
  const proc = track('vigil', child, previous.port, previous.dir, previous.configPath);
  if (options.noWait !== true) await waitForPing(previous.port);
  return proc;
}

/** Starts redis-sentinel again from the config file a stopped one left, same port and dir. */
export async function restartRedisSentinel(previous: Proc, options: { readonly noWait?: boolean } = {}): Promise<Proc> {
  if (!previous.exited()) throw new Error(`redis-sentinel ${previous.pid} is still running`);
  const child = spawn('redis-sentinel', [previous.configPath, '--port', String(previous.port), '--daemonize', 'no', '--dir', previous.dir], { stdio: ['ignore', 'pipe', 'pipe'], cwd: previous.dir });
  const proc = track('redis-sentinel', child, previous.port, previous.dir, previous.configPath);
  if (options.noWait !== true) await waitForPing(previous.port);
  return proc;
}

/**
 * The sentinel implementation a live test drives: vigil, or redis-sentinel itself when
 * SENTINEL_UNDER_TEST=redis-sentinel (to check a test's expectations against the reference).
 */
export function sentinelUnderTest(): { readonly kind: 'vigil' | 'redis-sentinel'; readonly start: (o: SentinelOptions) => Promise<Proc>; readonly restart: (p: Proc) => Promise<Proc> } {
  return process.env.SENTINEL_UNDER_TEST === 'redis-sentinel'
    ? { kind: 'redis-sentinel', start: startRedisSentinel, restart: (p) => restartRedisSentinel(p) }
    : { kind: 'vigil', start: startVigil, restart: (p) => restartVigil(p) };
}

export interface SentinelEvent {
  readonly channel: string;
  readonly message: string;
  /** Date.now() when it arrived. */
  readonly at: number;
}

/**
 * Records every event a sentinel publishes (PSUBSCRIBE *), in arrival order. `waitFor` polls
 * the record, so an event that arrived before the call is found too.
 */
export class EventLog {
  readonly events: SentinelEvent[] = [];

  private constructor(private readonly client: RespClient, readonly port: number) {}

  static async subscribe(port: number, pattern = '*'): Promise<EventLog> {
    const client = await RespClient.connect(port);
    const confirmation = await client.call('PSUBSCRIBE', pattern);
    if (confirmation.node.type !== 'array' && confirmation.node.type !== 'push') {
      client.close();
      throw new Error(`PSUBSCRIBE on ${port} answered ${confirmation.raw}`);
    }
    const log = new EventLog(client, port);
    void log.pump();
    return log;
  }

  private async pump(): Promise<void> {
    while (!this.client.closed) {
      let frame: RespNode;
      try {
        frame = (await this.client.next(3_600_000)).node;
      } catch {
        return;
      }
      if ((frame.type === 'array' || frame.type === 'push') && frame.value.length === 4) {
        const [kind, , channel, message] = frame.value.map((n) => ('value' in n ? String(n.value) : ''));
        if (kind === 'pmessage') this.events.push({ channel: channel!, message: message!, at: Date.now() });
      }
    }
  }

  /** Events on `channel` whose message matches `pattern` (all of them if omitted). */
  find(channel: string, pattern?: RegExp): SentinelEvent[] {
    return this.events.filter((e) => e.channel === channel && (pattern === undefined || pattern.test(e.message)));
  }

  /** The first event on `channel` matching `pattern`, waiting for it if needed. */
  async waitFor(channel: string, pattern?: RegExp, timeoutMs = 10_000): Promise<SentinelEvent> {
    try {
      return await waitFor(`${channel} ${pattern?.source ?? ''} on ${this.port}`, () => this.find(channel, pattern)[0], timeoutMs);
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; events so far: ${this.summary()}`);
    }
  }

  /** `channel message` lines, for failure messages. */
  summary(): string {
    return this.events.map((e) => `${e.channel} ${e.message}`).join(' | ') || 'nothing';
  }

  close(): void {
    this.client.close();
  }
}

/**
 * Polls `check` until it reports no problem (returns an empty string); on timeout the error
 * names the last problem seen, so a failing live test says what it saw, not just "timed out".
 */
export async function waitUntilOk(what: string, check: () => Promise<string>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  let last = '';
  try {
    await waitFor(what, async () => {
      last = await check();
      return last === '';
    }, timeoutMs, intervalMs);
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; last seen: ${last || '(no answer)'}`);
  }
}
