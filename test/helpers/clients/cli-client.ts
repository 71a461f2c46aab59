/**
 * redis-cli 7.0.15 as operators' scripts and Helm charts use it: stdout is a pipe, so
 * redis-cli prints raw output (one line per array element, errors on stdout). `redisCli`
 * runs one command line and returns stdout exactly. `CliWriter` is a shell-style writer:
 * every iteration asks the sentinels in turn `sentinel get-master-addr-by-name mymaster`
 * (first one that prints two lines wins, like `... | head -n 1` in the charts), then pipes
 * `RPUSH`, `CONFIG GET port` and `WAIT 1 100` into one redis-cli session on that address.
 */
import { execFile } from 'node:child_process';
import { WriteLog, WriteLoop, type ClientWriter, type WriteResult } from './writer.js';

export interface CliResult {
  readonly stdout: string;
  readonly code: number;
}

/** Runs `redis-cli <args>` (stdin from `input` if given); never throws on a non-zero exit. */
export function redisCli(args: readonly string[], input?: string, timeoutMs = 3_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('redis-cli', [...args], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => {
      if (err !== null && typeof err.code !== 'number') {
        reject(err);
        return;
      }
      resolve({ stdout, code: err === null ? 0 : Number(err.code) });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** The master address as the first sentinel that answers two lines reports it. */
export async function cliMasterAddr(sentinels: readonly number[]): Promise<{ host: string; port: number }> {
  const problems: string[] = [];
  for (const s of sentinels) {
    const { stdout } = await redisCli(['-p', String(s), 'sentinel', 'get-master-addr-by-name', 'mymaster']).catch((e: unknown) => ({ stdout: String(e) }));
    const lines = stdout.split('\n').filter((l) => l !== '');
    if (lines.length === 2 && /^\d+$/.test(lines[1]!)) return { host: lines[0]!, port: Number(lines[1]) };
    problems.push(`${s}: ${JSON.stringify(stdout)}`);
  }
  throw new Error(`no sentinel answered an address: ${problems.join('; ')}`);
}

export class CliWriter implements ClientWriter {
  readonly log = new WriteLog('redis-cli', 'w:redis-cli');
  private readonly loop: WriteLoop;

  constructor(private readonly sentinels: readonly number[]) {
    // 100 ms between writes: each write costs two process spawns, and at 50 ms the spawning
    // alone would load this 2-core machine enough to slow the sentinels being measured.
    this.loop = new WriteLoop(this.log, (seq) => this.write(seq), 100);
  }

  private async write(seq: number): Promise<WriteResult> {
    const { host, port } = await cliMasterAddr(this.sentinels);
    const { stdout } = await redisCli(['-h', host, '-p', String(port)], `RPUSH ${this.log.key} ${seq}\nCONFIG GET port\nWAIT 1 100\n`);
    // Raw output: the list length, then "port" and its value, then WAIT's count.
    const lines = stdout.split('\n');
    if (lines.length < 4 || !/^\d+$/.test(lines[0]!) || lines[1] !== 'port' || !/^\d+$/.test(lines[3]!)) {
      throw new Error(`redis-cli on ${port}: ${JSON.stringify(stdout)}`);
    }
    return { port: Number(lines[2]), replicas: Number(lines[3]) };
  }

  start(): Promise<void> {
    this.loop.start();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
