/**
 * What the demo does, as an ordered list of steps over one shared context. Each step starts,
 * shows or changes something and prints what it saw; none of them stops processes (the
 * runner does, whatever happens, and also stops the writer). The story: start Redis and the
 * sentinels, watch their events, start an application writing through them, kill the master,
 * watch the failover, see the writes resume on the new master and check none was lost.
 */
import fs from 'node:fs';
import { command, connect, fieldsOf, formatAddr } from './clients.js';
import { MASTER_NAME, startDataNodes, startVigils, waitForReplication } from './cluster.js';
import { requireMaster, type DemoContext, type DemoStep } from './context.js';
import { killTheMaster, startWriting, waitForFailover, writesResumed } from './failover-steps.js';
import { sleep } from './processes.js';

const REPLICATION_WAIT_MS = 10_000;
const EVENT_SETTLE_MS = 500;

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
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
        ctx.events.push({ at: Date.now(), source: v.name, channel, message });
        ctx.out.event(v.name, channel, message);
      });
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
    // A setting that leaves the failover below unchanged: with two replicas, one is promoted
    // and only one is left to point at it, whatever parallel-syncs says.
    const value = '2';
    ctx.out.line(`${first.name}> SENTINEL SET ${MASTER_NAME} parallel-syncs ${value}`);
    const r = await command(first.port, 'SENTINEL', 'SET', MASTER_NAME, 'parallel-syncs', value);
    ctx.out.line(`-> ${r.ok ? String(r.value) : `error: ${r.error}`}`);
    if (r.ok && first.configPath !== null) {
      const saved = fs.readFileSync(first.configPath, 'utf8').includes(`parallel-syncs ${MASTER_NAME} ${value}`);
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

/** The demo, in order: set up and look around, then the live failover under writes. */
export const SCENARIO: readonly DemoStep[] = [
  startRedis,
  startSentinels,
  watchEvents,
  waitForDiscovery,
  askEveryVigil,
  changeASetting,
  startWriting,
  killTheMaster,
  waitForFailover,
  writesResumed,
];
