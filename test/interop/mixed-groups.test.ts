/**
 * vigil and redis-sentinel 7.0.15 in one sentinel group over a real master with two replicas:
 * (a) 1 vigil + 2 redis-sentinels, (b) 2 vigils + 1 redis-sentinel. Every sentinel must list
 * the other two (whatever their kind) as linked peers, and after a SIGKILL of the master every
 * one must reach ODOWN. The quorum is 3 with three sentinels, so `+odown ... #quorum 3/3`
 * proves each one counted both others' IS-MASTER-DOWN-BY-ADDR answers: vigil counting
 * redis-sentinel's and redis-sentinel counting vigil's. The replicas have priority 0, so the
 * failover attempts that follow ODOWN abort and the master stays down while we look; nothing
 * after ODOWN is asserted on. Every process is killed by pid, also on failure.
 * SENTINEL_UNDER_TEST=redis-sentinel puts redis-sentinel in vigil's places (checks the test).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  EventLog,
  instancesOf,
  masterFields,
  monitorConfig,
  sentinelCall,
  startRedisSentinel,
  sentinelUnderTest,
  startReplicatedMaster,
  stopAll,
  waitUntilOk,
  type Proc,
  type ReplicatedTopology,
} from '../helpers/processes.js';
import { plain } from '../helpers/resp-client.js';

const QUORUM = 3;
/** vigil; redis-sentinel with SENTINEL_UNDER_TEST=redis-sentinel (checks the test itself). */
const impl = sentinelUnderTest();

interface Group {
  readonly topo: ReplicatedTopology;
  readonly sentinels: Proc[];
  readonly ids: string[];
  readonly logs: EventLog[];
}

async function startGroup(vigilCount: number, redisCount: number): Promise<Group> {
  // Priority 0: no replica can be promoted, so any failover attempt after ODOWN aborts and the
  // master stays SDOWN/ODOWN everywhere while we look.
  const topo = await startReplicatedMaster(2, { replicaPriority: 0 });
  const config = monitorConfig({ masterPort: topo.master.port, quorum: QUORUM, downAfterMs: 1000, failoverTimeoutMs: 600_000 });
  const sentinels = await Promise.all([
    ...Array.from({ length: vigilCount }, () => impl.start({ config })),
    ...Array.from({ length: redisCount }, () => startRedisSentinel({ config })),
  ]);
  const ids = await Promise.all(sentinels.map(async (s) => plain(await sentinelCall(s.port, ['SENTINEL', 'MYID'])) as string));
  const logs = await Promise.all(sentinels.map((s) => EventLog.subscribe(s.port)));
  return { topo, sentinels, ids, logs };
}

async function stopGroup(g: Group | undefined): Promise<void> {
  if (g === undefined) return;
  g.logs.forEach((l) => l.close());
  await Promise.all([...g.sentinels, g.topo.master, ...g.topo.replicas].map((p) => p.stop('SIGKILL')));
}

const label = (g: Group, i: number): string => `${g.sentinels[i]!.kind} on ${g.sentinels[i]!.port}`;

/** Every sentinel lists exactly the other two, linked (flags `sentinel`), and both replicas. */
async function expectFullMesh(g: Group): Promise<void> {
  await waitUntilOk('every sentinel to list the other two, linked', async () => {
    const problems: string[] = [];
    for (const [i, s] of g.sentinels.entries()) {
      const m = await masterFields(s.port);
      const peers = await instancesOf(s.port, 'SENTINELS');
      const expected = g.sentinels.map((o, j) => `${g.ids[j]}@127.0.0.1:${o.port}`).filter((_, j) => j !== i).sort();
      const got = peers.map((p) => `${p.name}@${p.ip}:${p.port}`).sort();
      if (m['num-other-sentinels'] !== '2' || m['num-slaves'] !== '2') problems.push(`${label(g, i)}: num-other-sentinels ${m['num-other-sentinels']} num-slaves ${m['num-slaves']}`);
      if (got.join() !== expected.join()) problems.push(`${label(g, i)}: peers ${got.join()} (want ${expected.join()})`);
      const flags = peers.map((p) => p.flags);
      if (!flags.every((f) => f === 'sentinel')) problems.push(`${label(g, i)}: peer flags ${flags.join(' ')}`);
      if (!peers.every((p) => p.runid === p.name)) problems.push(`${label(g, i)}: peer runid differs from name`);
    }
    return problems.join('; ');
  }, 12_000);
}

/** SIGKILL the master; every sentinel publishes +sdown, then +odown #quorum 3/3. */
async function expectOdownEverywhere(g: Group): Promise<void> {
  const prefix = `master mymaster 127.0.0.1 ${g.topo.master.port}`;
  const from = g.logs.map((l) => l.events.length);
  await g.topo.master.stop('SIGKILL');
  const odowns = await Promise.all(g.logs.map((l) => l.waitFor('+odown', new RegExp(`^${prefix.replace(/\./g, '\\.')} #quorum \\d+/${QUORUM}$`), 12_000)));
  for (const [i, l] of g.logs.entries()) {
    expect(odowns[i]!.message, label(g, i)).toBe(`${prefix} #quorum 3/${QUORUM}`);
    const after = l.events.slice(from[i]);
    const sdown = after.findIndex((e) => e.channel === '+sdown' && e.message === prefix);
    const odown = after.findIndex((e) => e.channel === '+odown');
    expect(sdown, `${label(g, i)}: ${l.summary()}`).toBeGreaterThanOrEqual(0);
    expect(sdown, `${label(g, i)}: ${l.summary()}`).toBeLessThan(odown);
  }
}

describe('(a) 1 vigil + 2 redis-sentinels', () => {
  let g: Group | undefined;
  afterAll(async () => {
    await stopGroup(g);
    await stopAll();
  });

  it('forms one group: each lists the other two as linked peers', async () => {
    g = await startGroup(1, 2);
    await expectFullMesh(g);
  });

  it('reaches ODOWN everywhere with votes across implementations (quorum 3 of 3)', async () => {
    if (g === undefined) throw new Error('group not started');
    await expectOdownEverywhere(g);
    const flags = (await masterFields(g.sentinels[0]!.port)).flags;
    expect(flags).toMatch(/^s_down,o_down,master/);
  });
});

describe('(b) 2 vigils + 1 redis-sentinel', () => {
  let g: Group | undefined;
  afterAll(async () => {
    await stopGroup(g);
    await stopAll();
  });

  it('forms one group: each lists the other two as linked peers', async () => {
    g = await startGroup(2, 1);
    await expectFullMesh(g);
  });

  it('reaches ODOWN everywhere with votes across implementations (quorum 3 of 3)', async () => {
    if (g === undefined) throw new Error('group not started');
    await expectOdownEverywhere(g);
    for (const s of g.sentinels.filter((p) => p.kind === 'vigil')) {
      expect((await masterFields(s.port)).flags).toMatch(/^s_down,o_down,master/);
    }
  });
});
