/**
 * HAProxy 2.6 (Debian's /usr/sbin/haproxy) as a test child process, running the shipped
 * examples/haproxy/haproxy.cfg unchanged: that file takes every address from the environment,
 * so a test only picks free ports and sets variables. Each instance runs in the foreground
 * (-db), is tracked by pid and stopped by pid (also by `stopAllHaproxy` after a failure).
 * `stats()` reads the CSV status page, which is how tests see what HAProxy decided.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { freePort } from './ports.js';
import { killAtExit, REPO_ROOT } from './processes.js';
import { waitFor } from './wait.js';

export const HAPROXY_BIN = '/usr/sbin/haproxy';
export const HAPROXY_EXAMPLE = path.join(REPO_ROOT, 'examples', 'haproxy', 'haproxy.cfg');

export interface HaproxyTargets {
  /** Data node ports in config order (redis1, redis2, redis3). */
  readonly nodes: readonly number[];
  /** Sentinel ports (sentinel1..3). */
  readonly sentinels: readonly number[];
  readonly masterName?: string;
  /** How the nodes and sentinels are named (default 127.0.0.1; `localhost` to test host names). */
  readonly host?: string;
}

export interface HaproxyPorts {
  readonly write: number;
  readonly read: number;
  readonly stats: number;
}

/** The environment the example config reads. */
export function haproxyEnv(t: HaproxyTargets, p: HaproxyPorts): Record<string, string> {
  if (t.nodes.length !== 3 || t.sentinels.length !== 3) throw new Error('the example config names exactly three data nodes and three sentinels');
  const env: Record<string, string> = {
    REDIS_MASTER_NAME: t.masterName ?? 'mymaster',
    HAPROXY_WRITE_BIND: `127.0.0.1:${p.write}`,
    HAPROXY_READ_BIND: `127.0.0.1:${p.read}`,
    HAPROXY_STATS_BIND: `127.0.0.1:${p.stats}`,
  };
  const host = t.host ?? '127.0.0.1';
  t.nodes.forEach((port, i) => {
    env[`REDIS${i + 1}_HOST`] = host;
    env[`REDIS${i + 1}_PORT`] = String(port);
  });
  t.sentinels.forEach((port, i) => (env[`SENTINEL${i + 1}_ADDR`] = `${host}:${port}`));
  return env;
}

/** `haproxy -c` on a config with that environment: exit code and everything it printed. */
export function checkHaproxyConfig(env: Record<string, string>, configPath = HAPROXY_EXAMPLE): { code: number | null; out: string } {
  const r = spawnSync(HAPROXY_BIN, ['-c', '-f', configPath], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** One row of the CSV status page, by column name (pxname, svname, status, check_status...). */
export type StatRow = Record<string, string>;

export function fetchStats(statsPort: number): Promise<StatRow[]> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: statsPort, path: '/;csv', timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const [header, ...lines] = body.split('\n').filter((l) => l !== '');
        if (header === undefined || !header.startsWith('# ')) return reject(new Error(`not a stats CSV: ${body.slice(0, 80)}`));
        const columns = header.slice(2).split(',');
        resolve(lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? String(i), v]))));
      });
    });
    req.on('timeout', () => req.destroy(new Error('stats request timed out')));
    req.on('error', reject);
  });
}

export interface Haproxy {
  readonly pid: number;
  readonly ports: HaproxyPorts;
  readonly child: ChildProcess;
  output(): string;
  exited(): boolean;
  stats(): Promise<StatRow[]>;
  /** Status of `backend/server` ("UP", "DOWN", "UP 1/2", ...). */
  serverStatus(backend: string, server: string): Promise<string>;
  /** How many servers of `backend` are UP (what nbsrv() counts). */
  upCount(backend: string): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<Haproxy>();

/** Starts HAProxy on three free ports with the example config (or `configPath`). */
export async function startHaproxy(targets: HaproxyTargets, configPath = HAPROXY_EXAMPLE): Promise<Haproxy> {
  const ports: HaproxyPorts = { write: await freePort(), read: await freePort(), stats: await freePort() };
  const child = spawn(HAPROXY_BIN, ['-db', '-f', configPath], { env: { ...process.env, ...haproxyEnv(targets, ports) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let done = false;
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => (out += d));
  child.stderr?.on('data', (d: string) => (out += d));
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    done = true;
    resolve();
  }));
  const up = (rows: StatRow[], backend: string): number => rows.filter((r) => r.pxname === backend && r.svname !== 'BACKEND' && (r.status ?? '').startsWith('UP')).length;
  const h: Haproxy = {
    pid: child.pid ?? -1,
    ports,
    child,
    output: () => out,
    exited: () => done,
    stats: () => fetchStats(ports.stats),
    serverStatus: async (backend, server) => (await fetchStats(ports.stats)).find((r) => r.pxname === backend && r.svname === server)?.status ?? 'missing',
    upCount: async (backend) => up(await fetchStats(ports.stats), backend),
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (!done) {
        try {
          process.kill(h.pid, signal);
        } catch {
          /* already gone */
        }
        await exit;
      }
      running.delete(h);
    },
  };
  running.add(h);
  try {
    await waitFor(`haproxy ${h.pid} stats page on ${ports.stats}`, async () => {
      if (done) throw new Error(`haproxy exited: ${out}`);
      return (await fetchStats(ports.stats)).length > 0;
    }, 10_000, 50);
  } catch (e) {
    await h.stop();
    throw e;
  }
  return h;
}

/** Kills every HAProxy these helpers started that is still running. */
export async function stopAllHaproxy(): Promise<void> {
  await Promise.all([...running].map((h) => h.stop('SIGKILL')));
}

killAtExit(running);
