import { describe, expect, test } from 'vitest';
import { Cluster } from '../../sim/cluster.js';
import { configLoadsBack } from '../../sim/checkers.js';
import { runScenario } from '../../sim/scenario.js';

function group(seed = 11): Cluster {
  const c = new Cluster(seed);
  c.startRedis('m', {});
  c.startRedis('r1', { replicaOfNode: 'm' });
  for (const s of ['s1', 's2', 's3']) {
    c.startSentinel(s, { monitor: 'm', masterName: 'mymaster', quorum: 2, downAfterMs: 5000, failoverTimeoutMs: null, extraLines: [] });
  }
  return c;
}

const events = (c: Cluster, node: string, type: string): string[] =>
  c.trace.lines.filter((l) => l.node === node && l.type === type).map((l) => l.payload);

describe('simulated sentinel host', () => {
  test('a discovery is on disk before anyone hears of it (persist before speak)', () => {
    const c = group();
    const seenOnDisk: boolean[] = [];
    c.trace.onLine((line) => {
      if (line.type !== '+sentinel') return;
      const runid = line.payload.split(' ')[1]!;
      seenOnDisk.push(c.sentinels.get(line.node)!.configText.includes(`known-sentinel mymaster`) && c.sentinels.get(line.node)!.configText.includes(runid));
    });
    c.world.runFor(6_000);
    expect(seenOnDisk).toHaveLength(6);
    expect(seenOnDisk.every(Boolean)).toBe(true);
  });

  test('a restarted sentinel comes back from its config file with its id, replicas and peers', () => {
    const c = group();
    c.world.runFor(6_000);
    const s1 = c.sentinels.get('s1')!;
    const myid = s1.myid();
    expect(events(c, 's1', '+sentinel')).toHaveLength(2);
    c.kill('s1');
    c.world.runFor(1_000);
    c.restart('s1');
    expect(s1.myid()).toBe(myid);
    c.command('s1', [['SENTINEL', 'replicas', 'mymaster']]);
    c.world.runFor(6_000);
    expect(events(c, 's1', '+sentinel')).toHaveLength(2);
    expect(events(c, 's1', '+slave')).toHaveLength(1);
    expect(events(c, 's1', '+monitor')).toHaveLength(2);
    const reply = c.trace.lines.find((l) => l.node === 'cli')!.payload;
    expect(reply).toContain('[[name 10.0.0.2:6379 ip 10.0.0.2 port 6379 runid "" flags slave,disconnected');
    expect(events(c, 's2', '+sdown')).toEqual([]);
  });

  test("peers reach a sentinel's client port: their PINGs, hellos and questions arrive as client commands", () => {
    const c = group();
    c.world.runFor(6_000);
    c.command('s1', [['CLIENT', 'LIST']]);
    c.world.runFor(10);
    const list = c.trace.lines.find((l) => l.node === 'cli')!.payload;
    expect(list.match(/name=sentinel-[0-9a-f]{8}-cmd/g)).toHaveLength(2);
  });

  test('a failed config write answers with the failure reply and leaves the file as it was', () => {
    const c = new Cluster(2);
    c.startRedis('m', {});
    c.startSentinel('s1', { monitor: 'm', masterName: 'mymaster', quorum: 1, downAfterMs: null, failoverTimeoutMs: null, extraLines: [] });
    const s1 = c.sentinels.get('s1')!;
    const before = s1.configText;
    s1.persistFails = true;
    c.command('s1', [['SENTINEL', 'SET', 'mymaster', 'quorum', '2']]);
    c.world.runFor(10);
    expect(c.trace.lines.at(-1)!.payload).toBe('s1 SENTINEL SET mymaster quorum 2 -> -ERR Failed to save config file. Check server logs.');
    expect(s1.configText).toBe(before);
  });

  test('the ticks the core schedules drive it; the 100 ms fallback is not needed', () => {
    const c = group();
    c.world.runFor(3_000);
    for (const s of c.sentinels.values()) expect(s.fallbackTicks).toBe(0);
  });
});

describe('the io contract, as the simulated runtime checks it', () => {
  const oneSentinel = (): Cluster => {
    const c = new Cluster(4);
    c.startRedis('m', {});
    c.startSentinel('s1', { monitor: 'm', masterName: 'mymaster', quorum: 1, downAfterMs: null, failoverTimeoutMs: null, extraLines: [] });
    c.world.runFor(500);
    return c;
  };

  test('sending on a link never opened is a broken contract', () => {
    const host = oneSentinel().sentinels.get('s1')!;
    expect(() => host.apply({ persist: null, actions: [{ kind: 'link-send', linkId: 999, tag: 1, argv: ['PING'] }] }, false)).toThrow(
      /io contract broken: link-send on unopened link 999/,
    );
  });

  test('reusing a link id is a broken contract', () => {
    const host = oneSentinel().sentinels.get('s1')!;
    const open = { kind: 'link-open', linkId: 1, mode: 'cmd', host: '10.0.0.1', port: 6379, bindSource: null, label: 'x' } as const;
    expect(() => host.apply({ persist: null, actions: [open] }, false)).toThrow(/link-open reuses or goes back on link id 1/);
  });

  test('a master monitored by hostname is resolved through the simulated DNS', () => {
    const c = new Cluster(4);
    c.startRedis('m', {});
    c.startSentinel('s1', { monitor: 'm', masterName: 'mymaster', quorum: 1, downAfterMs: 1000, failoverTimeoutMs: null, extraLines: [], byHostname: true });
    c.world.runFor(3_000);
    expect(events(c, 's1', '+monitor')).toEqual(['master mymaster 10.0.0.1 6379 quorum 1']);
    expect(events(c, 's1', '+sdown')).toEqual([]);
  });
});

describe('scenario format', () => {
  test('reports the line of a bad step', () => {
    expect(() => runScenario('start redis m\nfly m\n')).toThrow(/line 2 \(fly m\).*unknown step 'fly'/);
  });

  test('a broken invariant stops the run at the step that broke it, with the seed', () => {
    const boom = () => (w: { now: number }) => {
      if (w.now > 500) throw new Error('boom');
    };
    expect(() => runScenario('seed 9\nstart redis m\nrun 400\nrun 1000\n', [boom])).toThrow(/line 4 \(run 1000\), seed 9: boom/);
  });

  test('the default checkers load back every config a sentinel writes', () => {
    const c = new Cluster(1);
    c.startRedis('m', {});
    const s1 = c.startSentinel('s1', { monitor: 'm', masterName: 'mymaster', quorum: 1, downAfterMs: null, failoverTimeoutMs: null, extraLines: [] });
    c.world.addChecker(configLoadsBack(c));
    c.world.runFor(100);
    s1.configText = 'sentinel monitor broken\n';
    s1.persistCount++;
    expect(() => c.world.runFor(100)).toThrow(/s1: its config file does not load/);
  });

  test('expectations that fail are reported with time and seed', () => {
    const r = runScenario('seed 5\nstart redis m\nstart sentinel s1 monitor=m quorum=1\nrun 100\nexpect s1 +odown\nexpect-not s1 +monitor\n');
    expect(r.failures).toEqual([
      "t=100 seed 5: expected 's1 +odown', never seen",
      "t=100 seed 5: did not expect 's1 +monitor': t=0 s1 +monitor master mymaster 10.0.0.1 6379 quorum 1",
    ]);
  });
});
