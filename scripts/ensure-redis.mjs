#!/usr/bin/env node
/**
 * Makes sure the Redis programs that vigil's demo, tests and benchmarks drive are on PATH.
 *
 *   node scripts/ensure-redis.mjs            redis-server                  (npm run demo)
 *   node scripts/ensure-redis.mjs --tests    + redis-sentinel, redis-cli, haproxy, docker-compose,
 *                                              and redis-py for /usr/bin/python3 (npm test)
 *   node scripts/ensure-redis.mjs --bench    + redis-sentinel, redis-benchmark (bench/query.sh)
 *
 * When one is missing and we run as root on a Debian-like system, it runs `apt-get update`
 * once and installs redis-server, redis-sentinel and redis-tools (and, for the tests, haproxy,
 * docker-compose and python3-redis, whichever is missing) non-interactively. It must
 * never start a system service: Debian's packages start redis-server (port 6379) and
 * redis-sentinel (port 26379) from their postinst unless /usr/sbin/policy-rc.d says no, so
 * when that file is absent we put a deny-all one in place for the install and remove it after.
 * Not root: it prints the exact packages to install and exits 1. Plain Node, no dependencies.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Which Debian package ships each program. */
const PACKAGE_OF = {
  'redis-server': 'redis-server',
  'redis-sentinel': 'redis-sentinel',
  'redis-cli': 'redis-tools',
  'redis-benchmark': 'redis-tools',
  haproxy: 'haproxy',
  'docker-compose': 'docker-compose',
  'redis-py': 'python3-redis',
};
const REDIS_PROGRAMS = new Set(['redis-server', 'redis-sentinel', 'redis-cli', 'redis-benchmark']);
const ALL_PACKAGES = ['redis-server', 'redis-sentinel', 'redis-tools'];
/** The version vigil is compared against; others work for the demo but not for interop tests. */
const EXPECTED_VERSION = '7.0.15';
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function wanted(args) {
  const programs = ['redis-server'];
  if (args.includes('--tests')) programs.push('redis-sentinel', 'redis-cli', 'haproxy', 'docker-compose', 'redis-py');
  if (args.includes('--bench')) programs.push('redis-sentinel', 'redis-benchmark');
  return [...new Set(programs)];
}

/** Where `program` is, or null; redis-py is "found" when Debian's python3 can import it. */
function onPath(program) {
  if (program === 'redis-py') {
    const r = spawnSync('/usr/bin/python3', ['-c', 'import redis'], { stdio: 'ignore' });
    return r.status === 0 ? '/usr/bin/python3 (import redis)' : null;
  }
  // haproxy lives in /usr/sbin, which a non-root PATH often lacks.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

function say(text) {
  process.stderr.write(`ensure-redis: ${text}\n`);
}

function run(command, args) {
  say(`running: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Installs with services kept from starting; removes only a policy file it created itself. */
function aptInstall(packages) {
  let createdPolicy = false;
  if (!fs.existsSync(POLICY_RC_D)) {
    fs.writeFileSync(POLICY_RC_D, '#!/bin/sh\n# temporary, from vigil scripts/ensure-redis.mjs\nexit 101\n', { mode: 0o755 });
    createdPolicy = true;
  }
  try {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...packages]);
  } finally {
    if (createdPolicy) fs.rmSync(POLICY_RC_D, { force: true });
  }
}

function versionOf(program) {
  const r = spawnSync(program, ['--version'], { encoding: 'utf8' });
  const m = /v=(\d+\.\d+\.\d+)/.exec(r.stdout ?? '');
  return m ? m[1] : null;
}

function main() {
  const programs = wanted(process.argv.slice(2));
  let missing = programs.filter((p) => onPath(p) === null);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((p) => PACKAGE_OF[p]))];
    // A missing Redis program brings the whole Redis trio, so the versions match.
    const toInstall = [...new Set([...(missing.some((p) => REDIS_PROGRAMS.has(p)) ? ALL_PACKAGES : []), ...packages])];
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || onPath('apt-get') === null) {
      say(`missing on PATH: ${missing.join(', ')}`);
      say(`install the Debian/Ubuntu packages: sudo apt-get update && sudo apt-get install -y ${toInstall.join(' ')}`);
      say(`(${packages.join(', ')} provide${packages.length === 1 ? 's' : ''} the missing programs; Redis ${EXPECTED_VERSION} is what vigil is tested against)`);
      process.exit(1);
    }
    say(`missing: ${missing.join(', ')}; installing ${toInstall.join(' ')} with apt-get`);
    try {
      aptInstall(toInstall);
    } catch (e) {
      say(`install failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
    missing = programs.filter((p) => onPath(p) === null);
    if (missing.length > 0) {
      say(`still missing after install: ${missing.join(', ')}`);
      process.exit(1);
    }
  }
  const version = versionOf('redis-server');
  if (version !== null && version !== EXPECTED_VERSION) {
    say(`note: redis-server is ${version}; vigil's interop tests compare against redis-sentinel ${EXPECTED_VERSION}`);
  }
  say(`ok: ${programs.map((p) => `${p} (${onPath(p)})`).join(', ')}`);
}

main();
