/**
 * The command line and process lifecycle, side by side with redis-sentinel 7.0.15 where the
 * behaviour is observable: start-up failures print the same message and exit 1; directives on
 * the command line override the file; SIGTERM and SIGINT end the process cleanly; pidfile.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { makeTempDir, startVigil, stopAll, VIGIL_BIN } from '../helpers/processes.js';
import { RespClient, plain } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

afterAll(stopAll);

interface RunResult {
  code: number | null;
  output: string;
}

function run(cmd: string, args: readonly string[], opts: { uid?: number; gid?: number; cwd?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, ...opts });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const vigil = (args: readonly string[], opts: { uid?: number; gid?: number } = {}): RunResult => run(process.execPath, [VIGIL_BIN, ...args], opts);
const sentinel = (args: readonly string[], opts: { uid?: number; gid?: number } = {}): RunResult => run('redis-sentinel', args, opts);

/** The message part of a Redis log line (`pid:X date time # message`), or a JSON log's msg. */
function messages(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      if (l.startsWith('{')) return (JSON.parse(l) as { msg: string }).msg;
      const m = /^\d+:X \d+ \w+ \d+ [\d:.]+ [#*.-] (.*)$/.exec(l);
      return m ? m[1]! : l;
    });
}

describe('start-up failures match redis-sentinel', () => {
  it('refuses to run without a config file', () => {
    const ours = vigil([]);
    const theirs = sentinel([]);
    expect(ours.code).toBe(1);
    expect(theirs.code).toBe(1);
    expect(messages(ours.output)).toEqual(messages(theirs.output));
  });

  it('reports a config file that does not exist', () => {
    const missing = path.join(makeTempDir(), 'nope.conf');
    const ours = vigil([missing]);
    const theirs = sentinel([missing]);
    expect(ours.code).toBe(1);
    expect(messages(ours.output)).toEqual(messages(theirs.output));
  });

  it('reports an unwritable config file', () => {
    if (process.getuid?.() !== 0) return; // needs root to run both as another user
    const dir = makeTempDir();
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, 'sentinel monitor mymaster 127.0.0.1 6379 2\n');
    fs.chmodSync(file, 0o444);
    const asNobody = { uid: 65534, gid: 65534 };
    const ours = vigil([file, '--port', '0'], asNobody);
    const theirs = sentinel([file, '--port', '0'], asNobody);
    expect(theirs.code).toBe(1);
    expect(ours.code).toBe(1);
    expect(messages(ours.output)).toEqual(messages(theirs.output));
    expect(messages(ours.output)[0]).toBe(`Sentinel config file ${file} is not writable: Permission denied. Exiting...`);
  });

  it('prints the fatal config error block for a bad line, with its line number', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, '# comment\nport 26379\nfoo bar\n');
    const ours = vigil([file]);
    const theirs = sentinel([file]);
    expect(ours.code).toBe(1);
    expect(ours.output).toBe(theirs.output);
    expect(ours.output).toContain("Reading the configuration file, at line 3\n>>> 'foo bar'\nBad directive or wrong number of arguments");
  });

  it('treats command-line directives as lines after the file (error line numbers continue)', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, 'port 26379\n');
    const ours = vigil([file, '--port', 'notaport']);
    const theirs = sentinel([file, '--port', 'notaport']);
    expect(ours.code).toBe(1);
    expect(ours.output).toBe(theirs.output);
  });
});

describe('running', () => {
  it('answers --version and --help without a config', () => {
    expect(vigil(['--version'])).toMatchObject({ code: 0 });
    expect(vigil(['--version']).output).toMatch(/^vigil v=\d+\.\d+\.\d+/);
    const help = vigil(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('vigil <sentinel.conf>');
  });

  it('lets --port override the file, ignores --sentinel, and writes then removes its pidfile on SIGTERM', async () => {
    const dir = makeTempDir();
    const pidfile = path.join(dir, 'vigil.pid');
    const proc = await startVigil({
      config: `port 1\npidfile ${pidfile}\nsentinel monitor mymaster 127.0.0.1 6379 2\n`,
      extraArgs: ['--sentinel'],
    });
    expect(fs.readFileSync(pidfile, 'utf8').trim()).toBe(String(proc.pid));
    const c = await RespClient.connect(proc.port);
    expect(plain((await c.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')).node)).toEqual(['127.0.0.1', '6379']);
    c.close();
    const exit = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
    process.kill(proc.pid, 'SIGTERM');
    expect(await exit).toBe(0);
    expect(fs.existsSync(pidfile)).toBe(false);
  });

  it('exits cleanly on SIGINT and generates and persists a myid on first start', async () => {
    const proc = await startVigil({ config: 'sentinel monitor mymaster 127.0.0.1 6379 2\n' });
    const saved = await waitFor('myid in the file', () => /sentinel myid ([0-9a-f]{40})/.exec(fs.readFileSync(proc.configPath, 'utf8'))?.[1]);
    const c = await RespClient.connect(proc.port);
    expect(plain((await c.call('SENTINEL', 'MYID')).node)).toBe(saved);
    c.close();
    const exit = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
    process.kill(proc.pid, 'SIGINT');
    expect(await exit).toBe(0);
    // a restart keeps the same id
    const again = spawn(process.execPath, [VIGIL_BIN, proc.configPath, '--port', String(proc.port)], { stdio: 'ignore' });
    try {
      const id = await waitFor('restarted vigil', async () => {
        const c2 = await RespClient.connect(proc.port);
        try {
          return plain((await c2.call('SENTINEL', 'MYID')).node) as string;
        } finally {
          c2.close();
        }
      });
      expect(id).toBe(saved);
    } finally {
      again.kill('SIGKILL');
    }
  });
});

describe('bin/vigil executed directly', () => {
  it('runs node with the daemon memory policy (--optimize-for-size, MALLOC_ARENA_MAX=2) in the same pid', async () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vigil-bin-'));
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, 'sentinel monitor mymaster 127.0.0.1 6 2\n');
    const port = await freePort();
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    const child = spawn(VIGIL_BIN, [conf, '--port', String(port)], { stdio: 'ignore', cwd: dir, env });
    try {
      const pid = child.pid!;
      // sh, then env (whose arguments name node too), then node itself: wait for the last.
      const cmdline = await waitFor('vigil to exec node', () => {
        const c = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return c[0]?.endsWith('node') === true ? c : undefined;
      }, 10_000, 20);
      expect(cmdline).toContain('--optimize-for-size');
      expect(fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
