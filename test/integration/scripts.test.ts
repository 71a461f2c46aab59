/**
 * Scripts with a real vigil (§11): its notification-script is a small shell script that appends
 * its argv (one call per line, arguments joined by `|`) to a file, lists its own descriptors
 * (/proc/self/fd) and exits with the code found in a file next to it. Checks: a SENTINEL SET
 * reaches the script as `+set master mymaster 127.0.0.1 <port> quorum 2`; the environment is
 * inherited; the script sees only 0, 1, 2 (plus the directory `ls` reads); a script that exits
 * 1 stays in SENTINEL PENDING-SCRIPTS as `scheduled` with `retry-num 1`.
 *
 * vigil is started through `bash`, which first closes every descriptor above 2 it was handed
 * (the test runner's own may be inheritable), so any extra descriptor the script sees was
 * opened by vigil itself. The process is killed by pid after the tests.
 * SENTINEL_UNDER_TEST=redis-sentinel runs the same expectations against redis-sentinel 7.0.15.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptPort, type ScriptReport } from '../../src/node/scripts.js';
import { freePort } from '../helpers/ports.js';
import { makeTempDir, sentinelCall, sentinelUnderTest, startRedisServer, stopAll, VIGIL_BIN, waitForPing, type Proc } from '../helpers/processes.js';
import { plain } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

const SCRIPT = `#!/bin/sh
here="$(dirname "$0")"
line=""
for arg in "$@"; do line="$line$arg|"; done
echo "$line" >> "$here/calls"
echo "$VIGIL_SCRIPT_TEST" > "$here/env"
ls -l /proc/self/fd > "$here/fds.tmp" && mv "$here/fds.tmp" "$here/fds"
exit "$(cat "$here/exit-code" 2>/dev/null || echo 0)"
`;

/** Starts vigil with every inherited descriptor above 2 closed first (see the header). */
const WRAPPER = 'for f in /proc/$$/fd/*; do n=${f##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-" 2>/dev/null; fi; done; exec "$@"';

let redis: Proc;
let vigil: ChildProcess;
let port = 0;
let dir = '';

const calls = (): string[] => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter(Boolean) : []);

beforeAll(async () => {
  redis = await startRedisServer();
  dir = makeTempDir('vigil-scripts-');
  const script = path.join(dir, 'notify.sh');
  fs.writeFileSync(script, SCRIPT, { mode: 0o755 });
  const configPath = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(configPath, [
    `sentinel monitor mymaster 127.0.0.1 ${redis.port} 1`,
    'sentinel down-after-milliseconds mymaster 5000',
    `sentinel notification-script mymaster ${script}`,
    `logfile ${path.join(dir, 'vigil.log')}`,
    '',
  ].join('\n'));
  port = await freePort();
  const command = sentinelUnderTest().kind === 'vigil'
    ? [process.execPath, VIGIL_BIN, configPath, '--port', String(port)]
    : ['redis-sentinel', configPath, '--port', String(port), '--daemonize', 'no'];
  vigil = spawn('bash', ['-c', WRAPPER, 'sentinel', ...command], {
    stdio: 'ignore',
    cwd: dir,
    env: { ...process.env, VIGIL_SCRIPT_TEST: 'inherited' },
  });
  await waitForPing(port);
});

afterAll(async () => {
  if (vigil.pid !== undefined && vigil.exitCode === null) {
    const exited = new Promise((resolve) => vigil.once('exit', resolve));
    process.kill(vigil.pid, 'SIGKILL');
    await exited;
  }
  await stopAll();
});

describe('notification-script of a real vigil', () => {
  it('receives +monitor at start-up and +set after SENTINEL SET quorum 2', async () => {
    await waitFor('+monitor in the script calls', () => calls().some((c) => c.startsWith('+monitor|')));
    expect(plain(await sentinelCall(port, ['SENTINEL', 'SET', 'mymaster', 'quorum', '2']))).toBe('OK');
    const expected = `+set|master mymaster 127.0.0.1 ${redis.port} quorum 2|`;
    await waitFor(`"${expected}" in the script calls`, () => calls().includes(expected), 5_000);
  });

  it('runs with the inherited environment and no descriptor beyond 0, 1, 2', async () => {
    await waitFor('fds listing', () => fs.existsSync(path.join(dir, 'fds')));
    expect(fs.readFileSync(path.join(dir, 'env'), 'utf8').trim()).toBe('inherited');
    const fds = fs.readFileSync(path.join(dir, 'fds'), 'utf8').split('\n')
      .map((line) => /\s(\d+) -> (.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ fd: Number(m[1]), target: m[2]! }));
    // `ls` itself holds the /proc/<its pid>/fd directory open while listing it.
    const extra = fds.filter(({ fd, target }) => fd > 2 && !/^\/proc\/\d+\/fd$/.test(target));
    expect(extra).toEqual([]);
    expect(fds.find((f) => f.fd === 0)?.target).toBe('/dev/null');
    expect(fds.find((f) => f.fd === 2)?.target).toBe('/dev/null');
  });

  it('keeps a script that exited 1 as scheduled with retry-num 1 in SENTINEL PENDING-SCRIPTS', async () => {
    fs.writeFileSync(path.join(dir, 'exit-code'), '1\n');
    expect(plain(await sentinelCall(port, ['SENTINEL', 'SET', 'mymaster', 'quorum', '3']))).toBe('OK');
    const expected = `+set|master mymaster 127.0.0.1 ${redis.port} quorum 3|`;
    await waitFor('the failing call', () => calls().includes(expected), 5_000);
    const entry = await waitFor('a scheduled retry in PENDING-SCRIPTS', async () => {
      const jobs = plain(await sentinelCall(port, ['SENTINEL', 'PENDING-SCRIPTS'])) as unknown[][];
      return jobs.find((job) => job[3] === 'scheduled' && JSON.stringify(job[1]).includes('quorum 3'));
    }, 5_000);
    expect(entry.filter((_, i) => i % 2 === 0)).toEqual(['argv', 'flags', 'pid', 'run-delay', 'retry-num']);
    expect(entry[1]).toEqual([path.join(dir, 'notify.sh'), '+set', `master mymaster 127.0.0.1 ${redis.port} quorum 3`]);
    expect(entry[3]).toBe('scheduled');
    expect(entry[5]).toBe('0');
    expect(Number(entry[7])).toBeGreaterThan(25_000);
    expect(Number(entry[7])).toBeLessThanOrEqual(30_000);
    expect(entry[9]).toBe('1');
    const info = plain(await sentinelCall(port, ['INFO', 'sentinel'])) as string;
    expect(info).toMatch(/sentinel_scripts_queue_length:[1-9]/);
  });
});

describe('the script port (Node adapter)', () => {
  function port(): { scripts: ScriptPort; reports: ScriptReport[] } {
    const reports: ScriptReport[] = [];
    return { scripts: new ScriptPort((r) => reports.push(r)), reports };
  }

  it('reports started with the pid, then the exit code', async () => {
    const { scripts, reports } = port();
    scripts.start(1, ['/bin/sh', '-c', 'exit 3']);
    await waitFor('exit report', () => reports.some((r) => r.kind === 'script-exit'));
    expect(reports[0]).toMatchObject({ kind: 'script-started', jobId: 1 });
    const pid = (reports[0] as { pid: number }).pid;
    expect(reports[1]).toEqual({ kind: 'script-exit', jobId: 1, pid, exitCode: 3, signal: 0 });
    expect(scripts.running).toBe(0);
  });

  it('reports a path that cannot be executed as exit code 2, without a pid', async () => {
    const { scripts, reports } = port();
    scripts.start(2, [path.join(dir, 'no-such-script')]);
    await waitFor('exit report', () => reports.length > 0);
    expect(reports).toEqual([{ kind: 'script-exit', jobId: 2, exitCode: 2, signal: 0 }]);
  });

  it('SIGKILLs on request and reports signal 9', async () => {
    const { scripts, reports } = port();
    scripts.start(3, ['/bin/sleep', '30']);
    await waitFor('started', () => reports.length > 0);
    scripts.kill(3);
    await waitFor('exit report', () => reports.length > 1);
    expect(reports[1]).toMatchObject({ kind: 'script-exit', jobId: 3, exitCode: 0, signal: 9 });
  });
});
