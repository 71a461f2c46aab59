/**
 * sentinel.conf compatibility both ways, against the real redis-sentinel 7.0.15:
 * (a) a file vigil's rewrite produced starts redis-sentinel with the same masters, replicas,
 *     peers, epochs and settings (as SENTINEL MASTER/REPLICAS/SENTINELS/CONFIG GET show), and
 *     redis-sentinel's own flush of it loads back in vigil as the same state;
 * (b) a file redis-sentinel rewrote while running (discovery, SENTINEL SET/MONITOR/CONFIG SET)
 *     loads in vigil as the state redis-sentinel reports, and vigil's rewrite of it starts
 *     redis-sentinel again with the same state.
 * Ports come from 41000-41999 (probed); every process is killed by pid, also on failure.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { defaultServerConfig } from '../../src/core/server-config.js';
import { addressKey, newMaster, newPeer, newReplica, type SentinelState } from '../../src/core/state.js';
import { loadConfig, newSentinelState } from '../../src/persistence/config-load.js';
import { rewriteConfig } from '../../src/persistence/config-rewrite.js';
import { waitFor } from '../helpers/wait.js';
import { persistedView, unorderedView } from '../unit/persistence/helpers.js';

const run = promisify(execFile);
const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
let nextPort = 41000 + (process.pid % 400);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const port = 41000 + ((nextPort++ - 41000) % 1000);
    if (await portFree(port)) return port;
  }
  throw new Error('no free port in 41000-41999');
}

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-crossload-')));
  tempDirs.push(dir);
  return dir;
}

async function cli(port: number, ...args: string[]): Promise<string[]> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { encoding: 'latin1' });
  return stdout.replace(/\n$/, '').split('\n');
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  await waitFor(`PING on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output()}`);
    return (await cli(port, 'PING').catch(() => ['']))[0] === 'PONG';
  }, 15_000);
}

async function start(cmd: 'redis-server' | 'redis-sentinel', args: string[], cwd: string, port: number): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitForPing(port, child, () => out);
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGKILL');
  });
}

afterEach(async () => {
  await Promise.all([...children].map(stop));
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Pairs of a flat reply (`key value key value ...`) as a record. */
function pairs(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) out[lines[i]!] = lines[i + 1]!;
  return out;
}

/** Splits a flattened list of instance replies (each starting with `name`) into records. */
function instances(lines: readonly string[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if (lines[i] === 'name') out.push({});
    out[out.length - 1]![lines[i]!] = lines[i + 1]!;
  }
  return out;
}

const MASTER_FIELDS = [
  'name',
  'ip',
  'port',
  'quorum',
  'down-after-milliseconds',
  'failover-timeout',
  'parallel-syncs',
  'config-epoch',
  'num-slaves',
  'num-other-sentinels',
  'notification-script',
  'client-reconfig-script',
] as const; // master-reboot-down-after-period is not shown by 7.0.15; the file round trip checks it

/** What a sentinel says about its configuration, in a comparable form. */
async function snapshot(port: number, masters: readonly string[]): Promise<unknown> {
  const out: Record<string, unknown> = {
    myid: (await cli(port, 'SENTINEL', 'MYID'))[0],
    config: pairs(await cli(port, 'SENTINEL', 'CONFIG', 'GET', '*')),
  };
  for (const name of masters) {
    const m = pairs(await cli(port, 'SENTINEL', 'MASTER', name));
    out[name] = {
      master: Object.fromEntries(MASTER_FIELDS.map((f) => [f, m[f]])),
      replicas: instances(await cli(port, 'SENTINEL', 'REPLICAS', name)).map((r) => r['name']).sort(),
      sentinels: instances(await cli(port, 'SENTINEL', 'SENTINELS', name)).map((s) => `${s['runid']}@${s['ip']}:${s['port']}`).sort(),
    };
  }
  return out;
}

/** The same view computed from a loaded state, as redis-sentinel would report it. */
function expectedSnapshot(state: SentinelState): unknown {
  const s = state.settings;
  const out: Record<string, unknown> = {
    myid: state.myid,
    config: {
      'resolve-hostnames': s.resolveHostnames ? 'yes' : 'no',
      'announce-hostnames': s.announceHostnames ? 'yes' : 'no',
      'announce-ip': s.announceIp ?? '',
      'announce-port': String(s.announcePort),
      'sentinel-user': s.sentinelUser ?? '',
      'sentinel-pass': s.sentinelPass ?? '',
    },
  };
  for (const m of state.masters.values()) {
    out[m.name] = {
      master: {
        name: m.name,
        ip: m.addr.ip,
        port: String(m.addr.port),
        quorum: String(m.quorum),
        'down-after-milliseconds': String(m.downAfterMs),
        'failover-timeout': String(m.failoverTimeoutMs),
        'parallel-syncs': String(m.parallelSyncs),
        'config-epoch': String(m.configEpoch),
        'num-slaves': String(m.replicas.size),
        'num-other-sentinels': String(m.sentinels.size),
        'notification-script': m.notificationScript ?? undefined,
        'client-reconfig-script': m.clientReconfigScript ?? undefined,
      },
      replicas: [...m.replicas.values()].map((r) => addressKey(r.addr)).sort(),
      sentinels: [...m.sentinels.values()].map((p) => `${p.runid}@${p.addr.ip}:${p.addr.port}`).sort(),
    };
  }
  return out;
}

function loadFile(file: string, cwd: string): Extract<ReturnType<typeof loadConfig>, { ok: true }> {
  const r = loadConfig(fs.readFileSync(file, 'latin1'), { nowMono: 0, rng: new Rng(1), isExecutable: () => true, resolved: new Map(), cwd });
  if (!r.ok) throw new Error(`vigil could not load ${file}: line ${r.error.lineNumber} '${r.error.line}': ${r.error.message}`);
  return r;
}

function executableScript(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, 0o755);
  return file;
}

const addr = (port: number): { host: string; ip: string; port: number } => ({ host: '127.0.0.1', ip: '127.0.0.1', port });

describe('a file written by vigil, read by redis-sentinel', () => {
  it('starts redis-sentinel with the same state, and its flush loads back the same in vigil', async () => {
    const dir = tempDir();
    const script = executableScript(dir, 'notify.sh');
    const [sentinelPort, pa, pb, r1, r2, r3, s1, s2] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    const state = newSentinelState();
    state.myid = '0123456789abcdef0123456789abcdef01234567';
    state.currentEpoch = 12;
    state.settings = {
      announceIp: '127.0.0.1',
      announcePort: sentinelPort!,
      denyScriptsReconfig: false,
      resolveHostnames: true,
      announceHostnames: false,
      sentinelUser: 'sent',
      sentinelPass: 'sent-pw',
    };
    // Long down-after periods: the unreachable masters must not go down during the test.
    const alpha = newMaster('alpha', addr(pa!), 2, state.timing, 0);
    Object.assign(alpha, {
      downAfterMs: 100_000,
      failoverTimeoutMs: 90_000,
      parallelSyncs: 3,
      notificationScript: script,
      clientReconfigScript: script,
      authPass: 'a-pass',
      authUser: 'mon',
      masterRebootDownAfterMs: 5000,
      configEpoch: 7,
      leaderEpoch: 6,
    });
    alpha.renamedCommands.set('config', { from: 'CONFIG', to: 'MYCONFIG' });
    alpha.renamedCommands.set('slaveof', { from: 'SLAVEOF', to: 'MYSLAVEOF' });
    for (const p of [r1!, r2!]) alpha.replicas.set(`127.0.0.1:${p}`, newReplica(alpha, addr(p), 0));
    const ridA = 'a'.repeat(40);
    const ridB = 'b'.repeat(40);
    alpha.sentinels.set(ridA, newPeer(alpha, addr(s1!), ridA, 0));
    alpha.sentinels.set(ridB, newPeer(alpha, addr(s2!), ridB, 0));
    const beta = newMaster('beta', addr(pb!), 3, state.timing, 0);
    beta.downAfterMs = 100_000;
    beta.configEpoch = 2;
    beta.replicas.set(`127.0.0.1:${r3}`, newReplica(beta, addr(r3!), 0));
    beta.sentinels.set(ridA, newPeer(beta, addr(s1!), ridA, 0)); // the same peer under two masters
    state.masters.set('alpha', alpha);
    state.masters.set('beta', beta);
    for (const m of state.masters.values()) for (const i of [...m.replicas.values(), ...m.sentinels.values()]) i.downAfterMs = m.downAfterMs;

    const server = defaultServerConfig();
    Object.assign(server, { port: sentinelPort, dir, loglevel: 'verbose', latencyTrackingInfoPercentiles: [50, 99.9] });
    server.otherOptions.set('tcp-keepalive', '60');
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, rewriteConfig('# written by vigil\n', state, server), 'latin1');

    await start('redis-sentinel', [file, '--daemonize', 'no'], dir, sentinelPort!);
    expect(await snapshot(sentinelPort!, ['alpha', 'beta'])).toEqual(expectedSnapshot(state));

    expect(await cli(sentinelPort!, 'SENTINEL', 'FLUSHCONFIG')).toEqual(['OK']);
    const reloaded = loadFile(file, dir);
    expect(unorderedView(reloaded.state)).toEqual(unorderedView(state));
    expect(reloaded.server).toMatchObject({ port: sentinelPort, dir, loglevel: 'verbose', latencyTrackingInfoPercentiles: [50, 99.9] });
    expect(reloaded.server.otherOptions.get('tcp-keepalive')).toBe('60');
  }, 60_000);
});

describe('a file written by redis-sentinel, read by vigil', () => {
  it('loads what redis-sentinel reports, and vigil\'s rewrite of it restarts redis-sentinel the same', async () => {
    const [pm, pr, ps1, ps2, ps3, pother] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const dataDir = tempDir();
    const redisArgs = (port: number): string[] => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir];
    await start('redis-server', redisArgs(pm!), dataDir, pm!);
    await start('redis-server', [...redisArgs(pr!), '--replicaof', '127.0.0.1', String(pm)], dataDir, pr!);

    const startSentinel = async (port: number, body: string): Promise<{ dir: string; file: string; child: ChildProcess }> => {
      const dir = tempDir();
      const file = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(file, body);
      const child = await start('redis-sentinel', [file, '--port', String(port), '--daemonize', 'no'], dir, port);
      return { dir, file, child };
    };
    const initial = `# hand-written\nsentinel monitor mymaster 127.0.0.1 ${pm} 2\nsentinel deny-scripts-reconfig no\nsentinel down-after-milliseconds mymaster 60000\n`;
    const s1 = await startSentinel(ps1!, initial);
    await startSentinel(ps2!, initial);
    const s2id = (await cli(ps2!, 'SENTINEL', 'MYID'))[0]!;

    // Discovery: the replica from INFO, the other sentinel from hellos; each is flushed.
    await waitFor('discovery written by redis-sentinel', () => {
      const text = fs.readFileSync(s1.file, 'latin1');
      return text.includes(`known-replica mymaster 127.0.0.1 ${pr}`) && text.includes(s2id);
    }, 20_000);

    const script = executableScript(s1.dir, 'reconf.sh');
    const admin: string[][] = [
      ['SENTINEL', 'SET', 'mymaster', 'failover-timeout', '120000', 'parallel-syncs', '2', 'quorum', '1'],
      ['SENTINEL', 'SET', 'mymaster', 'auth-pass', 'pw1', 'auth-user', 'mon'],
      ['SENTINEL', 'SET', 'mymaster', 'notification-script', script, 'client-reconfig-script', script],
      ['SENTINEL', 'SET', 'mymaster', 'rename-command', 'CONFIG', 'MYCONFIG', 'master-reboot-down-after-period', '5000'],
      ['SENTINEL', 'MONITOR', 'other', '127.0.0.1', String(pother), '2'],
      ['SENTINEL', 'SET', 'other', 'down-after-milliseconds', '100000'],
      ['SENTINEL', 'CONFIG', 'SET', 'announce-ip', '127.0.0.1'],
      ['SENTINEL', 'CONFIG', 'SET', 'announce-port', String(ps1)],
      ['SENTINEL', 'CONFIG', 'SET', 'sentinel-user', 'su'],
      ['SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', 'spw'],
      ['SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'yes'],
    ];
    for (const cmd of admin) expect(await cli(ps1!, ...cmd)).toEqual(['OK']);

    const live = await snapshot(ps1!, ['mymaster', 'other']);
    const redisText = fs.readFileSync(s1.file, 'latin1');
    const loaded = loadFile(s1.file, s1.dir);
    expect(expectedSnapshot(loaded.state)).toEqual(live);
    const mymaster = loaded.state.masters.get('mymaster')!;
    expect(mymaster).toMatchObject({ authPass: 'pw1', authUser: 'mon' });
    expect([...mymaster.renamedCommands.values()]).toEqual([{ from: 'CONFIG', to: 'MYCONFIG' }]);
    expect(loaded.server.port).toBe(ps1);

    // vigil's rewrite of redis-sentinel's file reloads the same in vigil ...
    const vigilText = rewriteConfig(redisText, loaded.state, loaded.server);
    expect(persistedView(loadConfigText(vigilText, s1.dir).state)).toEqual(persistedView(loaded.state));

    // ... and restarts redis-sentinel (in place of the first one) with the same state.
    await stop(s1.child);
    const s3 = await startSentinel(ps3!, vigilText);
    expect(await snapshot(ps3!, ['mymaster', 'other'])).toEqual(live);
    expect(await cli(ps3!, 'SENTINEL', 'FLUSHCONFIG')).toEqual(['OK']);
    const again = loadFile(s3.file, s3.dir);
    expect(unorderedView(again.state)).toEqual(unorderedView(loaded.state));
  }, 90_000);
});

function loadConfigText(text: string, cwd: string): Extract<ReturnType<typeof loadConfig>, { ok: true }> {
  const r = loadConfig(text, { nowMono: 0, rng: new Rng(1), isExecutable: () => true, resolved: new Map(), cwd });
  if (!r.ok) throw new Error(`vigil could not load its own rewrite: ${r.error.message}`);
  return r;
}
