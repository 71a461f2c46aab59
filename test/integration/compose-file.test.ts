/**
 * The container files, checked without a Docker engine (none runs here): docker-compose.yml
 * must pass `docker-compose config -q` (Debian's docker-compose, which CI installs; skipped with
 * a message where it is missing), the Dockerfile must only copy what exists and is not
 * excluded, the example sentinel.conf files must start redis-sentinel and vigil alike, and the
 * two HAProxy services must run examples/haproxy/haproxy.cfg with every variable it reads set
 * to the names the vigils report (the config HAProxy itself accepts with `haproxy -c`).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHaproxyConfig, HAPROXY_EXAMPLE } from '../helpers/haproxy.js';
import { freePort } from '../helpers/ports.js';
import { makeTempDir, REPO_ROOT, startRedisSentinel, startVigil, stopAll, waitForPing } from '../helpers/processes.js';
import { RespClient, plain } from '../helpers/resp-client.js';

afterAll(stopAll);

const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');
const SERVICES = ['redis-master', 'redis-replica-1', 'redis-replica-2', 'vigil-1', 'vigil-2', 'vigil-3', 'haproxy-1', 'haproxy-2'];
const HAPROXY_SERVICES = ['haproxy-1', 'haproxy-2'];

function compose(args: readonly string[]): { code: number | null; out: string; missing: boolean } {
  const r = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, missing };
}

const hasCompose = !compose(['version']).missing;
if (!hasCompose) {
  console.warn('compose-file.test: docker-compose is not on PATH, skipping `docker-compose config` checks (apt-get install docker-compose; .ci/run installs it)');
}

interface ComposeService {
  readonly image?: string;
  readonly command?: string[];
  readonly environment?: Record<string, string>;
  readonly volumes?: ({ source: string; target: string } | string)[];
  readonly ports?: ({ published: number | string; target: number | string } | string)[];
}

/** `docker-compose config` as data (through the PyYAML that Debian's docker-compose runs on). */
function composeModel(): Record<string, ComposeService> {
  const text = compose(['config']).out;
  const r = spawnSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not read docker-compose config output: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { services: Record<string, ComposeService> }).services;
}

/** The example configs docker-compose.yml mounts, as repo-relative paths. */
function mountedConfigs(): string[] {
  const text = fs.readFileSync(COMPOSE_FILE, 'utf8');
  return [...text.matchAll(/\.\/(examples\/compose\/[\w.-]+\.conf):/g)].map((m) => m[1]!);
}

describe.skipIf(!hasCompose)('docker-compose.yml, as docker-compose reads it', () => {
  it('is valid (docker-compose config -q)', () => {
    const r = compose(['config', '-q']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('defines a master, two replicas, three vigils and two HAProxys', () => {
    const r = compose(['config', '--services']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').sort()).toEqual([...SERVICES].sort());
  });

  it('builds every vigil from the Dockerfile and runs redis:7.0 for the data nodes', () => {
    const r = compose(['config']);
    expect(r.code).toBe(0);
    expect(r.out.match(/image: redis:7\.0\b/g)?.length).toBe(3);
    expect(r.out.match(/^\s+context: /gm)?.length).toBe(3);
  });

  it('runs two HAProxy 2.6 with examples/haproxy/haproxy.cfg, every variable set, names as the vigils report them', () => {
    const services = composeModel();
    const cfg = fs.readFileSync(HAPROXY_EXAMPLE, 'utf8');
    const needed = [...new Set([...cfg.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))].sort();
    // The data nodes' names in GET-MASTER-ADDR-BY-NAME are their --replica-announce-ip.
    const announced = new Map(Object.entries(services).flatMap(([name, s]) => {
      const args = s.command ?? [];
      const i = args.indexOf('--replica-announce-ip');
      return i >= 0 ? [[args[i + 1]!, name] as const] : [];
    }));
    const published = new Set<string>();
    const checkedEnvs = new Set<string>();
    for (const name of HAPROXY_SERVICES) {
      const s = services[name]!;
      expect(s.image, name).toBe('haproxy:2.6');
      const mounts = (s.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
      expect(mounts.some((m) => m.startsWith(`${HAPROXY_EXAMPLE}:/usr/local/etc/haproxy/haproxy.cfg`)), `${name} mounts ${mounts.join(', ')}`).toBe(true);
      const env = s.environment ?? {};
      expect(Object.keys(env).filter((k) => needed.includes(k)).sort(), `${name} sets every \${VAR} of haproxy.cfg`).toEqual(needed);
      for (const n of [1, 2, 3]) {
        expect(announced.get(env[`REDIS${n}_HOST`] ?? ''), `REDIS${n}_HOST names an announced data node`).toBeDefined();
        expect(env[`REDIS${n}_PORT`]).toBe('6379');
        expect(env[`SENTINEL${n}_ADDR`]).toBe(`vigil-${n}:26379`);
      }
      expect(new Set([1, 2, 3].map((n) => env[`REDIS${n}_HOST`])).size).toBe(3);
      expect(env.REDIS_MASTER_NAME).toBe('mymaster');
      checkedEnvs.add(JSON.stringify(env));
      for (const p of s.ports ?? []) published.add(typeof p === 'string' ? p.split(':')[0]! : String(p.published));
    }
    expect(published.size, 'the two instances publish different host ports').toBe(6);
    // HAProxy accepts it; names only Docker's DNS resolves are disabled at load, nothing else.
    // (Each distinct environment once: the unresolvable names make every run wait on DNS.)
    for (const env of checkedEnvs) {
      const check = checkHaproxyConfig(JSON.parse(env) as Record<string, string>);
      expect(check.code, check.out).toBe(0);
      expect(check.out.split('\n').filter((l) => /WARNING|ALERT/.test(l) && !/could not resolve address/.test(l))).toEqual([]);
    }
  });
});

describe('container files', () => {
  it('mounts one existing sentinel.conf per vigil from examples/compose/', () => {
    const configs = mountedConfigs();
    expect(configs).toHaveLength(3);
    expect(new Set(configs).size).toBe(3);
    for (const c of configs) expect(fs.existsSync(path.join(REPO_ROOT, c)), c).toBe(true);
  });

  it('Dockerfile is node:20-slim based, installs redis-tools and runs bin/vigil', () => {
    const text = fs.readFileSync(DOCKERFILE, 'utf8');
    const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => f === 'node:20-slim')).toBe(true);
    expect(text).toMatch(/apt-get install[^\n]*redis-tools/);
    expect(text).toMatch(/^ENTRYPOINT \["\/app\/bin\/vigil"\]$/m);
  });

  it('the runtime stage has everything vigil loads: its files, laid out as in the image, start vigil', async () => {
    // Rebuild the final stage's /app from the `COPY --from=build /app/<x> ./<x>` lines (dist is
    // built by pretest; node_modules is linked, not copied) and start bin/vigil from there.
    const text = fs.readFileSync(DOCKERFILE, 'utf8');
    const finalStage = text.slice(text.lastIndexOf('\nFROM '));
    const copies = [...finalStage.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(copies.map(([from]) => from)).toEqual(expect.arrayContaining(['dist', 'bin', 'node_modules', 'package.json']));
    const app = makeTempDir('vigil-image-');
    for (const [from, to] of copies) {
      if (from === 'node_modules') fs.symlinkSync(path.join(REPO_ROOT, from), path.join(app, to));
      else fs.cpSync(path.join(REPO_ROOT, from), path.join(app, to), { recursive: true });
    }
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'sentinel.conf'), 'sentinel monitor mymaster 127.0.0.1 6379 2\n');
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(app, 'bin/vigil'), path.join(dir, 'sentinel.conf'), '--port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([waitForPing(port), exited.then(() => Promise.reject(new Error(`vigil exited: ${output}`)))]);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('Dockerfile copies only files that exist and that .dockerignore lets through', () => {
    const text = fs.readFileSync(DOCKERFILE, 'utf8');
    const ignored = fs
      .readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const sources = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(fs.existsSync(path.join(REPO_ROOT, source)), source).toBe(true);
      expect(ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)), `${source} is in .dockerignore`).toBe(false);
    }
  });
});

describe('the example sentinel.conf files', () => {
  // Inside compose the master is `redis-master` and state lives in /data; here they become
  // localhost and a temp dir, and the port comes from the command line as usual.
  const localise = (text: string, dir: string): string => text.replace(/redis-master/g, 'localhost').replace(/^dir \/data$/m, `dir ${dir}`);

  for (const config of mountedConfigs()) {
    it(`${path.basename(config)} starts redis-sentinel and vigil with the same answers`, async () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, config), 'utf8');
      const theirs = await startRedisSentinel({ config: localise(text, makeTempDir()) });
      const ours = await startVigil({ config: localise(text, makeTempDir()) });
      const ask = async (port: number): Promise<unknown> => {
        const c = await RespClient.connect(port);
        try {
          return plain((await c.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')).node);
        } finally {
          c.close();
        }
      };
      expect(await ask(theirs.port)).toEqual(['localhost', '6379']);
      expect(await ask(ours.port)).toEqual(await ask(theirs.port));
    });
  }
});
