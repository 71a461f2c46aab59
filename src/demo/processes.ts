/**
 * The demo's process supervisor: starts redis-server and vigil processes on probed loopback
 * ports inside one temp dir, remembers every pid it started, and stops exactly those pids
 * (SIGTERM, then SIGKILL after a grace period). It never signals a process it did not start
 * and never looks processes up by name. Each child runs in its own process group so a
 * terminal's Ctrl-C reaches only the demo, which then shuts the children down in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pingOnce } from './clients.js';
import { freePort } from './ports.js';

/** bin/vigil, found from dist/demo/demo.js (or src/demo/demo.ts). */
export const VIGIL_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/vigil');

const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 50;
const STOP_GRACE_MS = 3_000;

export type ProcessKind = 'redis' | 'vigil';

/** Which sentinel the demo runs: vigil, or real redis-sentinel for comparison. */
export type SentinelProgram = 'vigil' | 'redis-sentinel';

export interface Managed {
  readonly name: string;
  readonly kind: ProcessKind;
  readonly port: number;
  readonly pid: number;
  readonly logPath: string;
  /** The vigil's sentinel.conf, or null for a redis-server. */
  readonly configPath: string | null;
  exited(): boolean;
  /** "exit code 1" / "signal SIGKILL" once exited, else null. */
  exitReason(): string | null;
}

interface Entry extends Managed {
  readonly child: ChildProcess;
  readonly exit: Promise<void>;
}

export class ProcessGroup {
  private readonly entries = new Map<number, Entry>();

  constructor(readonly dir: string) {}

  /** Every process started so far, running or not. */
  get all(): readonly Managed[] {
    return [...this.entries.values()];
  }

  get running(): readonly Managed[] {
    return [...this.entries.values()].filter((e) => !e.exited());
  }

  /** A redis-server with no persistence; a replica when `replicaOf` is given. */
  async startRedis(name: string, replicaOf: number | null = null): Promise<Managed> {
    const port = await freePort();
    const dataDir = path.join(this.dir, name);
    fs.mkdirSync(dataDir, { recursive: true });
    // No 5 s wait for more replicas before a diskless full sync (Redis 7's default).
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--daemonize', 'no', '--repl-diskless-sync-delay', '0'];
    if (replicaOf !== null) args.push('--replicaof', '127.0.0.1', String(replicaOf));
    const entry = await this.spawnTracked(name, 'redis', port, 'redis-server', args, null);
    await this.waitReady(entry);
    return entry;
  }

  /** A sentinel with the given sentinel.conf text; the port goes on the command line. */
  async startSentinel(name: string, configText: string, program: SentinelProgram = 'vigil'): Promise<Managed> {
    const port = await freePort();
    const configPath = path.join(this.dir, `${name}.conf`);
    fs.writeFileSync(configPath, configText);
    const entry =
      program === 'vigil'
        ? await this.spawnTracked(name, 'vigil', port, process.execPath, [VIGIL_BIN, configPath, '--port', String(port), '--log-format', 'text'], configPath)
        : await this.spawnTracked(name, 'vigil', port, 'redis-sentinel', [configPath, '--port', String(port), '--daemonize', 'no'], configPath);
    await this.waitReady(entry);
    return entry;
  }

  /** Stops one process by pid: SIGTERM, then SIGKILL if it is still there after the grace. */
  async stop(proc: Managed, graceMs = STOP_GRACE_MS): Promise<void> {
    const entry = this.entries.get(proc.pid);
    if (entry === undefined || entry.exited()) return;
    signal(entry.pid, 'SIGTERM');
    const timedOut = await Promise.race([entry.exit.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) {
      signal(entry.pid, 'SIGKILL');
      await entry.exit;
    }
  }

  /** Stops everything still running, vigils first (they watch the data nodes). */
  async stopAll(): Promise<void> {
    const alive = this.running;
    await Promise.all(alive.filter((p) => p.kind === 'vigil').map((p) => this.stop(p)));
    await Promise.all(alive.filter((p) => p.kind === 'redis').map((p) => this.stop(p)));
  }

  /** Last resort for process 'exit': synchronous SIGKILL of every pid still running. */
  killAllNow(): void {
    for (const entry of this.entries.values()) if (!entry.exited()) signal(entry.pid, 'SIGKILL');
  }

  /** The last lines a process wrote (stdout and stderr share one log file). */
  logTail(proc: Managed, lines = 15): string {
    try {
      return fs.readFileSync(proc.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private async spawnTracked(
    name: string,
    kind: ProcessKind,
    port: number,
    command: string,
    args: readonly string[],
    configPath: string | null,
  ): Promise<Entry> {
    const logPath = path.join(this.dir, `${name}.log`);
    const fd = fs.openSync(logPath, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', fd, fd], detached: true });
    } finally {
      fs.closeSync(fd);
    }
    const pid = await spawned(child, command);
    let reason: string | null = null;
    const exit = new Promise<void>((resolve) => {
      child.once('exit', (code, sig) => {
        reason = sig !== null ? `signal ${sig}` : `exit code ${code ?? '?'}`;
        resolve();
      });
    });
    const entry: Entry = {
      name,
      kind,
      port,
      pid,
      logPath,
      configPath,
      child,
      exit,
      exited: () => reason !== null,
      exitReason: () => reason,
    };
    this.entries.set(pid, entry);
    return entry;
  }

  private async waitReady(entry: Entry): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (entry.exited()) {
        throw new Error(`${entry.name} (pid ${entry.pid}) stopped during start-up (${entry.exitReason() ?? '?'}):\n${this.logTail(entry)}`);
      }
      if (await pingOnce(entry.port)) return;
      await sleep(READY_POLL_MS);
    }
    throw new Error(`${entry.name} (pid ${entry.pid}) did not answer PING on port ${entry.port} within ${READY_TIMEOUT_MS} ms:\n${this.logTail(entry)}`);
  }
}

/** Resolves with the pid once the child started, or rejects with a readable message. */
function spawned(child: ChildProcess, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      const hint = e.code === 'ENOENT' ? ` (not on PATH: run \`node scripts/ensure-redis.mjs\`)` : '';
      reject(new Error(`cannot start ${command}: ${e.message}${hint}`));
    });
    child.once('spawn', () => resolve(child.pid ?? -1));
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
