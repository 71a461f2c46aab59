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
import { RespClient } from './resp-client.js';
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

// Last resort if a test file crashes without running its hooks.
process.once('exit', () => {
  for (const p of started) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});
