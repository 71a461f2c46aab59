/**
 * redis-py 4.3.4 (Debian's python3-redis) as a client under test: runs
 * test/interop/clients/redis_py_client.py with /usr/bin/python3 as a writer (`master_for`)
 * or a reader (`slave_for`) and turns its JSON lines into a WriteLog / read list. The child
 * stops when its stdin is closed; stop() also kills it by pid if it does not exit in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../processes.js';
import { waitFor } from '../wait.js';
import { WriteLog, type ClientWriter } from './writer.js';

export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(REPO_ROOT, 'test', 'interop', 'clients', 'redis_py_client.py');

/** True when Debian's python3 with python3-redis is there (the tests need it). */
export function redisPyAvailable(): boolean {
  return fs.existsSync(SYSTEM_PYTHON) && fs.existsSync('/usr/lib/python3/dist-packages/redis/sentinel.py');
}

export interface Read {
  readonly port: number;
  readonly len: number;
  readonly at: number;
}

interface Line {
  readonly ready?: boolean;
  readonly seq?: number;
  readonly port?: number;
  readonly replicas?: number;
  readonly len?: number;
  readonly error?: string;
  readonly at: number;
}

class PythonClient {
  private child: ChildProcess | undefined;
  private ready = false;
  private stderr = '';

  constructor(private readonly mode: 'writer' | 'reader', private readonly key: string, private readonly sentinels: readonly number[], private readonly onLine: (l: Line) => void) {}

  async start(): Promise<void> {
    const child = spawn(SYSTEM_PYTHON, [SCRIPT, this.mode, this.key, ...this.sentinels.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let buf = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as Line;
        buf = buf.slice(nl + 1);
        if (line.ready === true) this.ready = true;
        else this.onLine(line);
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => (this.stderr += d));
    await waitFor(`redis-py ${this.mode} to start`, () => {
      if (child.exitCode !== null) throw new Error(`redis-py ${this.mode} exited ${child.exitCode}: ${this.stderr}`);
      return this.ready;
    }, 10_000);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin!.end();
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 3_000);
    await exited;
    clearTimeout(timer);
  }
}

export class RedisPyWriter implements ClientWriter {
  readonly log = new WriteLog('redis-py', 'w:redis-py');
  private readonly py: PythonClient;

  constructor(sentinels: readonly number[]) {
    this.py = new PythonClient('writer', this.log.key, sentinels, (l) => {
      if (l.error !== undefined) this.log.error(l.error, l.at);
      else this.log.record(l.seq!, { port: l.port!, replicas: l.replicas! }, l.at);
    });
  }

  start(): Promise<void> {
    return this.py.start();
  }

  stop(): Promise<void> {
    return this.py.stop();
  }
}

/** `slave_for` read loop: every successful read with the node that served it. */
export class RedisPyReader {
  readonly reads: Read[] = [];
  readonly errors: { readonly at: number; readonly message: string }[] = [];
  private readonly py: PythonClient;

  constructor(key: string, sentinels: readonly number[]) {
    this.py = new PythonClient('reader', key, sentinels, (l) => {
      if (l.error !== undefined) this.errors.push({ at: l.at, message: l.error });
      else this.reads.push({ port: l.port!, len: l.len!, at: l.at });
    });
  }

  start(): Promise<void> {
    return this.py.start();
  }

  stop(): Promise<void> {
    return this.py.stop();
  }
}
