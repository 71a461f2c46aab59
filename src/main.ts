/**
 * Start-up and shutdown: parse the command line, check and load sentinel.conf with
 * redis-sentinel's messages and exit codes, wire the Node adapters around the pure core (client
 * server, outgoing links, DNS, scripts, ticks), and run in the foreground until SIGTERM/SIGINT or
 * SHUTDOWN. The core paces itself with `schedule-tick`; the tick timer only guarantees that
 * ticks never stop (see docs/decisions/0003-links.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lookup } from 'node:dns/promises';
import { parseCommandLine, VIGIL_VERSION } from './cli.js';
import { buildAcl } from './core/acl/build.js';
import { Rng } from './core/rng.js';
import { SentinelCore } from './core/sentinel-core.js';
import { formatFatalConfigError, hostnamesToResolve, loadConfig } from './persistence/config-load.js';
import { rewriteConfig } from './persistence/config-rewrite.js';
import { writeFileAtomicSync } from './persistence/atomic-write.js';
import { ClientServer } from './node/client-server.js';
import { createLogger, logAt, redisStyleLine, setLogLevel, type VigilLogger } from './node/logger.js';
import { Runtime, systemClock, TickTimer } from './node/runtime.js';
import { LinkPort } from './node/links.js';
import { DnsPort } from './node/dns.js';
import { ScriptPort } from './node/scripts.js';
import { strerror } from './node/errno.js';
import type { CpuTimes, ProcessFactsWithInfo } from './core/commands/server/info-facts.js';

export { strerror };

/** Sentinel's timer runs at about 10 Hz; used only until (or whenever) the core schedules none. */
const FALLBACK_TICK_MS = 100;
const DNS_TIMEOUT_MS = 5_000;

function fail(text: string): never {
  process.stdout.write(redisStyleLine('#', text));
  process.exit(1);
}

/** Runs `action`; returns null on success or the strerror() text of its failure. */
function fsError(action: () => void): string | null {
  try {
    action();
    return null;
  } catch (e) {
    return strerror(e);
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  let logger0Note: string | null = null;
  const cli = await parseCommandLine(argv);
  if (cli.kind === 'exit') {
    process.stdout.write(cli.output);
    process.exit(cli.code);
  }
  if (cli.configFromStdin) {
    process.stdout.write(redisStyleLine('#', 'Sentinel config from STDIN not allowed.'));
    fail('Sentinel needs config file on disk to save state.  Exiting...');
  }
  if (cli.configPath === null) fail('Sentinel needs config file on disk to save state. Exiting...');
  const configPath = path.resolve(cli.configPath);

  let text: string;
  try {
    text = fs.readFileSync(configPath, 'latin1');
  } catch (e) {
    fail(`Fatal error, can't open config file '${configPath}': ${strerror(e)}`);
  }

  const resolved = await resolveAll(hostnamesToResolve(text, cli.directives));
  const seed = randomBytes(4).readUInt32LE(0);
  const rng = new Rng(seed);
  const startMono = performance.now();
  const loaded = loadConfig(text, {
    nowMono: startMono,
    rng,
    isExecutable,
    resolved,
    extraLines: cli.directives,
    cwd: process.cwd(),
    dirError: (dir) => fsError(() => {
      if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('Not a directory'), { code: 'ENOTDIR' });
      fs.accessSync(dir, fs.constants.X_OK);
    }),
    logfileError: (file) => fsError(() => fs.closeSync(fs.openSync(file, 'a'))),
    readInclude: (file) => {
      try {
        return { text: fs.readFileSync(file, 'latin1') };
      } catch (e) {
        return { error: strerror(e) };
      }
    },
  });
  if (!loaded.ok) {
    process.stderr.write(formatFatalConfigError(loaded.error));
    process.exit(1);
  }
  try {
    fs.accessSync(configPath, fs.constants.W_OK);
  } catch (e) {
    fail(`Sentinel config file ${configPath} is not writable: ${strerror(e)}. Exiting...`);
  }

  const { server, state } = loaded;
  if (server.dir !== '') process.chdir(server.dir);
  if (server.daemonize) logger0Note = 'daemonize yes is ignored: vigil always runs in the foreground (use your supervisor)';
  const logger = createLogger({ level: server.loglevel, format: server.logFormat, logfile: server.logfile });
  logger.warning(`vigil ${VIGIL_VERSION} (redis-sentinel 7.0.15 compatible), pid=${process.pid}, just started`);
  logger.warning('Configuration loaded');
  if (logger0Note !== null) logger.warning(logger0Note);

  const processFacts: ProcessFactsWithInfo = {
    pid: process.pid,
    runId: randomBytes(20).toString('hex'),
    executable: process.argv[1] ?? 'vigil',
    configFile: configPath,
    startWallMs: Date.now(),
    startMonoMs: startMono,
    os: `${process.platform} ${process.arch}`,
    archBits: process.arch.endsWith('64') ? 64 : 32,
    nodeVersion: process.version,
    vigilVersion: VIGIL_VERSION,
    multiplexingApi: MULTIPLEXING_API[process.platform] ?? 'epoll',
    // Read when INFO spreads the facts, so the CPU section is current without a clock in the core.
    get cpu() {
      return cpuTimes();
    },
  };
  const acl = buildAcl(server, sha256);
  const core = new SentinelCore({ state, server, process: processFacts, acl, rng });

  let clientServer: ClientServer | null = null;
  let runtime: Runtime | null = null;
  const links = new LinkPort((event) => runtime?.deliver(event));
  const dns = new DnsPort((event) => runtime?.deliver(event), { timeoutMs: DNS_TIMEOUT_MS });
  const scripts = new ScriptPort((event) => runtime?.deliver(event));
  const ticks = new TickTimer(() => runtime?.deliver({ kind: 'tick' }), FALLBACK_TICK_MS);
  const shutdown = (code: number, reason: string): void => {
    void reason; // the core logged it with the event that caused it
    ticks.stop();
    dns.closeAll();
    links.closeAll();
    if (server.pidfile !== '') fs.rmSync(server.pidfile, { force: true });
    logger.warning('Sentinel is now ready to exit, bye bye...');
    process.exit(code);
  };
  runtime = new Runtime(
    core,
    {
      persist: (reason) => persistConfig(configPath, core, logger, reason),
      send: (id, data) => clientServer?.queue(id, data),
      closeClient: (id) => clientServer?.closeAfterWrite(id),
      flush: () => clientServer?.flush(),
      log: (level, line) => logAt(logger, level, line),
      setLogLevel: (level) => setLogLevel(logger, level),
      exit: (code, reason) => shutdown(code, reason),
      openLink: (action) => links.open(action),
      sendLink: (linkId, tag, argv) => links.send(linkId, tag, argv),
      closeLink: (linkId) => links.close(linkId),
      resolve: (requestId, host) => dns.resolve(requestId, host),
      scheduleTick: (delayMs) => ticks.schedule(delayMs),
      startScript: (jobId, argv) => scripts.start(jobId, argv),
      killScript: (jobId) => scripts.kill(jobId),
    },
    systemClock,
  );

  clientServer = new ClientServer(
    {
      onOpen: (id, addr, laddr) => runtime?.deliver({ kind: 'client-open', clientId: id, addr, laddr }),
      onCommands: (id, commands) => runtime?.commands(id, commands),
      onClose: (id) => runtime?.deliver({ kind: 'client-close', clientId: id }),
      isUnauthenticated: (id) => core.env.clients.get(id)?.user === null,
      isSubscriber: (id) => {
        const c = core.env.clients.get(id);
        return c !== undefined && c.channels.size + c.patterns.size > 0;
      },
      log: (level, line) => logAt(logger, level, line),
    },
    {
      queryBufferLimit: server.clientQueryBufferLimit,
      maxBulkLength: server.protoMaxBulkLen,
      pubsubOutputHardLimit: server.pubsubOutputHardLimit,
    },
  );
  try {
    await clientServer.listen(server.port, server.bind);
  } catch (e) {
    const where = server.bind.length === 0 ? '*' : server.bind.join(' ');
    logger.warning(`Could not create server TCP listening socket ${where}:${server.port}: bind: ${strerror(e)}`);
    process.exit(1);
  }
  if (server.pidfile !== '') writePidfile(server.pidfile, logger);
  logger.notice(`Running mode=sentinel, port=${server.port}.`);

  runtime.apply(core.start(systemClock(), loaded.generatedMyid));
  // The core schedules its own ticks (schedule-tick); if start() scheduled none, tick anyway.
  ticks.ensureScheduled();
  // Keep the process alive while listening; timers are unref'd so only the sockets matter.
  const onSignal = (signal: string): void => {
    logger.warning(`Received ${signal} scheduling shutdown...`);
    logger.warning('User requested shutdown...');
    shutdown(0, 'signal');
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

function persistConfig(configPath: string, core: SentinelCore, logger: VigilLogger, reason: string): boolean {
  try {
    const old = fs.readFileSync(configPath, 'latin1');
    writeFileAtomicSync(configPath, rewriteConfig(old, core.env.state, core.env.server));
    logger.debug(`Sentinel new configuration saved on disk (${reason})`);
    return true;
  } catch (e) {
    logger.warning(`WARNING: Sentinel was not able to save the new configuration on disk!!!: ${strerror(e)}`);
    return false;
  }
}

function writePidfile(pidfile: string, logger: VigilLogger): void {
  try {
    fs.writeFileSync(pidfile, `${process.pid}\n`);
  } catch (e) {
    logger.warning(`Failed to write PID file: ${strerror(e)}`);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function sha256(textBytes: string): string {
  return createHash('sha256').update(Buffer.from(textBytes, 'latin1')).digest('hex');
}

/** Resolves hostnames in parallel, each bounded by a timeout; unresolvable ones are left out. */
async function resolveAll(hosts: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    hosts.map(async (host) => {
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), DNS_TIMEOUT_MS).unref());
      const result = await Promise.race([lookup(host).then((r) => r.address).catch(() => null), timeout]);
      if (result !== null) out.set(host, result);
    }),
  );
  return out;
}

const MULTIPLEXING_API: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'epoll',
  darwin: 'kqueue',
  freebsd: 'kqueue',
  openbsd: 'kqueue',
  sunos: 'evport',
};

/** CPU seconds as INFO shows them. Node has no per-thread or children's rusage: the process
 * totals stand in for the main thread, children read 0. */
function cpuTimes(): CpuTimes {
  const { user, system } = process.cpuUsage();
  const sys = system / 1e6;
  const usr = user / 1e6;
  return { sys, user: usr, sysChildren: 0, userChildren: 0, sysMainThread: sys, userMainThread: usr };
}
