/**
 * What the demo does, as an ordered list of steps over one shared context. Each step starts,
 * shows or changes something and prints what it saw; none of them stops processes (the
 * runner does, whatever happens). A live failover demo is more steps appended to SCENARIO
 * (stop the master, wait for +switch-master, ask every vigil again) with no change elsewhere.
 */
import fs from 'node:fs';
import type { Redis } from 'ioredis';
import { command, connect, fieldsOf } from './clients.js';
import { MASTER_NAME, startDataNodes, startVigils, waitForReplication, type ClusterShape } from './cluster.js';
import type { Printer } from './output.js';
import { sleep, type Managed, type ProcessGroup } from './processes.js';

const REPLICATION_WAIT_MS = 10_000;
const EVENT_SETTLE_MS = 500;

export interface DemoContext {
  readonly group: ProcessGroup;
  readonly out: Printer;
  readonly shape: ClusterShape;
  master: Managed | null;
  replicas: Managed[];
  vigils: Managed[];
  /** Open pub/sub connections; closed by the runner before processes are stopped. */
  readonly subscribers: Redis[];
}

export interface DemoStep {
  readonly title: string;
  run(ctx: DemoContext): Promise<void>;
}

const startRedis: DemoStep = {
  title: 'Start Redis: one master and its replicas (real redis-server processes)',
  async run(ctx) {
    const { master, replicas } = await startDataNodes(ctx.group, ctx.shape);
    ctx.master = master;
    ctx.replicas = replicas;
    ctx.out.line(`master     127.0.0.1:${master.port}  pid ${master.pid}`);
    const linked = await waitForReplication(replicas, REPLICATION_WAIT_MS);
    for (const r of replicas) {
      const state = linked.get(r.name) === true ? 'replicating (master_link_status:up)' : 'not linked yet';
      ctx.out.line(`${r.name.padEnd(10)} 127.0.0.1:${r.port}  pid ${r.pid}  ${state}`);
    }
  },
};

const startSentinels: DemoStep = {
  title: 'Start the sentinels: each with its own sentinel.conf, monitoring the master as "mymaster"',
  async run(ctx) {
    const master = requireMaster(ctx);
    ctx.vigils = await startVigils(ctx.group, master.port, ctx.shape);
    for (const v of ctx.vigils) ctx.out.line(`${v.name.padEnd(10)} 127.0.0.1:${v.port}  pid ${v.pid}  config ${v.configPath ?? ''}`);
    ctx.out.line(`logs: ${ctx.group.dir}/<name>.log`);
  },
};

const askEveryVigil: DemoStep = {
  title: 'Ask every sentinel what it knows (plain ioredis, as any Sentinel client would)',
  async run(ctx) {
    for (const v of ctx.vigils) {
      ctx.out.line(`${v.name} (port ${v.port})`, 2);
      const addr = await command(v.port, 'SENTINEL', 'get-master-addr-by-name', MASTER_NAME);
      ctx.out.line(`SENTINEL get-master-addr-by-name ${MASTER_NAME} -> ${addr.ok ? formatAddr(addr.value) : `error: ${addr.error}`}`, 4);
      const masters = await command(v.port, 'SENTINEL', 'MASTERS');
      if (!masters.ok) {
        ctx.out.line(`SENTINEL MASTERS -> error: ${masters.error}`, 4);
        continue;
      }
      const list = Array.isArray(masters.value) ? masters.value : [];
      ctx.out.line(`SENTINEL MASTERS -> ${list.length} master(s)`, 4);
      for (const entry of list) {
        const f = fieldsOf(entry);
        ctx.out.line(
          `${f.get('name') ?? '?'}  ${f.get('ip') ?? '?'}:${f.get('port') ?? '?'}  flags=${f.get('flags') ?? '?'}  ` +
            `num-slaves=${f.get('num-slaves') ?? '?'}  num-other-sentinels=${f.get('num-other-sentinels') ?? '?'}  quorum=${f.get('quorum') ?? '?'}`,
          6,
        );
      }
    }
  },
};

const watchEvents: DemoStep = {
  title: 'Watch events: PSUBSCRIBE * on every sentinel',
  async run(ctx) {
    for (const v of ctx.vigils) {
      const sub = connect(v.port);
      ctx.subscribers.push(sub);
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => ctx.out.event(v.name, channel, message));
      try {
        await sub.connect();
        await sub.psubscribe('*');
        ctx.out.line(`${v.name}: subscribed`);
      } catch (e) {
        ctx.out.error(`${v.name}: PSUBSCRIBE failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  },
};

const changeASetting: DemoStep = {
  title: 'Change a setting at run time: SENTINEL SET on the first sentinel publishes +set',
  async run(ctx) {
    const first = ctx.vigils[0];
    if (first === undefined) return;
    const value = String(ctx.shape.downAfterMs + 1_000);
    ctx.out.line(`${first.name}> SENTINEL SET ${MASTER_NAME} down-after-milliseconds ${value}`);
    const r = await command(first.port, 'SENTINEL', 'SET', MASTER_NAME, 'down-after-milliseconds', value);
    ctx.out.line(`-> ${r.ok ? String(r.value) : `error: ${r.error}`}`);
    if (r.ok && first.configPath !== null) {
      const saved = fs.readFileSync(first.configPath, 'utf8').includes(`down-after-milliseconds ${MASTER_NAME} ${value}`);
      ctx.out.line(saved ? `saved: ${first.configPath} was rewritten before the reply` : `not yet in ${first.configPath}`);
    }
    await sleep(EVENT_SETTLE_MS);
  },
};

const DISCOVERY_WAIT_MS = 15_000;
const POLL_MS = 100;

/** Every sentinel's view of the master: its flags and what it has discovered. */
async function views(ctx: DemoContext): Promise<Map<string, string>[]> {
  return Promise.all(
    ctx.vigils.map(async (v) => {
      const r = await command(v.port, 'SENTINEL', 'MASTER', MASTER_NAME);
      return r.ok ? fieldsOf(r.value) : new Map<string, string>();
    }),
  );
}

async function waitForViews(ctx: DemoContext, timeoutMs: number, done: (view: Map<string, string>) => boolean): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await views(ctx)).every(done)) return Date.now() - started;
    await sleep(POLL_MS);
  }
  return null;
}

const waitForDiscovery: DemoStep = {
  title: 'Let the sentinels discover the replicas (INFO) and each other (hello messages)',
  async run(ctx) {
    const replicas = String(ctx.replicas.length);
    const peers = String(ctx.vigils.length - 1);
    const tookMs = await waitForViews(ctx, DISCOVERY_WAIT_MS, (f) => f.get('num-slaves') === replicas && f.get('num-other-sentinels') === peers);
    if (tookMs === null) ctx.out.error(`not every sentinel saw ${replicas} replicas and ${peers} peers within ${DISCOVERY_WAIT_MS} ms`);
    else ctx.out.line(`every sentinel sees ${replicas} replicas and ${peers} other sentinels (after ${tookMs} ms)`);
  },
};

const killTheMaster: DemoStep = {
  title: 'Kill the master (SIGKILL): watch +sdown, then +odown once a quorum agrees',
  async run(ctx) {
    const master = requireMaster(ctx);
    const downAfter = Number((await views(ctx))[0]?.get('down-after-milliseconds') ?? ctx.shape.downAfterMs);
    ctx.out.line(`kill -9 ${master.pid} (master 127.0.0.1:${master.port}); down-after-milliseconds is ${downAfter}`);
    process.kill(master.pid, 'SIGKILL');
    const tookMs = await waitForViews(ctx, downAfter + 10_000, (f) => (f.get('flags') ?? '').includes('o_down'));
    if (tookMs === null) ctx.out.error('not every sentinel reached ODOWN in time');
    else ctx.out.line(`every sentinel holds the master objectively down (flags include o_down) ${tookMs} ms after the kill`);
  },
};

const waitForFailover: DemoStep = {
  title: 'Failover: a leader is elected, promotes the best replica and every sentinel switches',
  async run(ctx) {
    const oldPort = String(requireMaster(ctx).port);
    const addresses = async (): Promise<string[]> =>
      Promise.all(ctx.vigils.map(async (v) => {
        const r = await command(v.port, 'SENTINEL', 'get-master-addr-by-name', MASTER_NAME);
        return r.ok ? formatAddr(r.value) : '?';
      }));
    const started = Date.now();
    let seen = await addresses();
    while (Date.now() - started < ctx.shape.failoverTimeoutMs && !seen.every((a) => a === seen[0] && !a.endsWith(`:${oldPort}`) && a !== '?')) {
      await sleep(POLL_MS);
      seen = await addresses();
    }
    const agreed = seen.every((a) => a === seen[0]) && !seen[0]!.endsWith(`:${oldPort}`);
    if (!agreed) {
      ctx.out.error(`the sentinels did not agree on a new master: ${seen.join(', ')}`);
      return;
    }
    const newPort = Number(seen[0]!.split(':')[1]);
    const role = await command(newPort, 'ROLE');
    const roleName = role.ok && Array.isArray(role.value) ? String(role.value[0]) : '?';
    ctx.out.line(`every sentinel answers get-master-addr-by-name with ${seen[0]} (ROLE there: ${roleName})`);
    await sleep(EVENT_SETTLE_MS * 4);
  },
};

/** The demo, in order. Failover steps are appended here when failover lands. */
export const SCENARIO: readonly DemoStep[] = [
  startRedis,
  startSentinels,
  watchEvents,
  waitForDiscovery,
  askEveryVigil,
  changeASetting,
  killTheMaster,
  waitForFailover,
];

function requireMaster(ctx: DemoContext): Managed {
  if (ctx.master === null) throw new Error('the master has not been started');
  return ctx.master;
}

function formatAddr(reply: unknown): string {
  if (Array.isArray(reply) && reply.length === 2) return `${String(reply[0])}:${String(reply[1])}`;
  return reply === null ? '(nil)' : JSON.stringify(reply);
}
