/**
 * The seed topology with HAProxy 2.6: clients -> two HAProxy instances running the shipped
 * examples/haproxy/haproxy.cfg (ports from the environment) -> a real master with two replicas,
 * three vigils doing the failovers (three redis-sentinels with SENTINEL_UNDER_TEST=redis-sentinel).
 * Writers through each HAProxy record which node acknowledged every write. The master is killed:
 * the write outage is measured and printed; the deposed master is restarted at once, says
 * role:master until a sentinel converts it, and no write may land on it (checked from the
 * writers' side and with MONITOR on the node itself). Then one HAProxy is killed and the other
 * must keep serving. Every process is stopped by pid, also on failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHaproxyConfig, haproxyEnv, startHaproxy, stopAllHaproxy, type Haproxy } from '../../helpers/haproxy.js';
import { sentinelCall } from '../../helpers/processes.js';
import { plain, RespClient } from '../../helpers/resp-client.js';
import { FailoverGroup } from '../../helpers/topology.js';
import { waitFor } from '../../helpers/wait.js';
import { Writer } from './writer.js';

let g: FailoverGroup;
let ha: Haproxy[] = [];
const writers: Writer[] = [];

/** HAProxy server name of data node `i` (redis1 is the first master). */
const serverOf = (i: number): string => `redis${i + 1}`;

async function tcpPortBehind(port: number): Promise<{ port: number; role: string }> {
  const c = await RespClient.connect(port);
  try {
    const server = String(plain((await c.call('INFO', 'server')).node));
    const replication = String(plain((await c.call('INFO', 'replication')).node));
    return { port: Number(/^tcp_port:(\d+)/m.exec(server)?.[1]), role: /^role:(\w+)/m.exec(replication)?.[1] ?? '?' };
  } finally {
    c.close();
  }
}

/** Both instances route writes to node `i` and reads to the two others. */
async function waitRouting(masterIndex: number, timeoutMs = 20_000): Promise<void> {
  const replicas = [0, 1, 2].filter((i) => i !== masterIndex).map(serverOf);
  await waitFor(`both HAProxys to route writes to ${serverOf(masterIndex)}`, async () => {
    for (const h of ha) {
      if (!(await h.serverStatus('redis_master', serverOf(masterIndex))).startsWith('UP')) return false;
      if ((await h.upCount(`sentinels_name_${serverOf(masterIndex)}`)) < 2) return false;
      for (const r of replicas) if (!(await h.serverStatus('redis_replicas', r)).startsWith('UP')) return false;
    }
    return true;
  }, timeoutMs, 100);
}

beforeAll(async () => {
  g = await FailoverGroup.start();
  const targets = { nodes: g.nodes.map((n) => n.port), sentinels: g.sentinels.map((s) => s.port) };
  ha = [await startHaproxy(targets), await startHaproxy(targets)];
  await waitRouting(0);
}, 60_000);

afterAll(async () => {
  await Promise.all(writers.map((w) => w.stop()));
  await stopAllHaproxy();
  await g?.close();
});

describe('HAProxy 2.6 in front of a group failed over by the sentinels', () => {
  it('the shipped haproxy.cfg passes haproxy -c without warnings', () => {
    const r = checkHaproxyConfig(haproxyEnv({ nodes: [7000, 7001, 7002], sentinels: [26379, 26380, 26381] }, { write: 6379, read: 6380, stats: 8404 }));
    expect(r.out).toContain('Configuration file is valid');
    expect(r.out).not.toMatch(/WARNING|ALERT/);
    expect(r.code).toBe(0);
  });

  it('writes reach the master and reads the replicas, through either instance', async () => {
    const replicaPorts = g.nodes.slice(1).map((n) => n.port);
    for (const h of ha) {
      expect(await tcpPortBehind(h.ports.write)).toEqual({ port: g.master.port, role: 'master' });
      const seen = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const r = await tcpPortBehind(h.ports.read);
        expect(r.role).toBe('slave');
        seen.add(r.port);
      }
      expect([...seen].sort()).toEqual([...replicaPorts].sort());
    }
  });

  it('kill -9 of the master: writes resume on the promoted replica and never land on the deposed master', async () => {
    const old = g.master.port;
    const candidates = g.nodes.slice(1).map((n) => n.port);
    for (const [i, h] of ha.entries()) writers.push(new Writer(h.ports.write, `w${i}`));
    writers.forEach((w) => w.start());
    await waitFor('both writers to have acknowledged writes', () => writers.every((w) => w.acks.length >= 10), 10_000);

    const mark = g.mark();
    const killedAt = Date.now();
    await g.master.stop('SIGKILL');
    const { port: promoted, lastAt: switchedAt } = await g.waitSwitch(mark, old, candidates);
    const promotedIndex = g.nodeIndex(promoted);
    await waitFor('both writers to write on the promoted master', () => writers.every((w) => w.acksSince(killedAt).some((a) => a.port === promoted)), 20_000, 20);

    // The deposed master comes back empty, as a master, before any sentinel converts it.
    const restartedAt = Date.now();
    const deposed = await g.restartNode(0);
    const monitor = await RespClient.connect(deposed.port);
    await monitor.call('MONITOR');
    const roleOnReturn = plain(await sentinelCall(deposed.port, ['ROLE'])) as unknown[];
    expect(roleOnReturn[0]).toBe('master');
    // Watch what both HAProxys think of it until it is a replica of the new master.
    const roleCheckUp: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const h of ha) if ((await h.serverStatus('redis_master', serverOf(0))).startsWith('UP')) roleCheckUp.push(Date.now());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let convertedAt = 0;
    try {
      await g.waitSlaveOf(deposed.port, promoted, 40_000);
      convertedAt = Date.now();
      // Keep writing a little after the conversion: routing stays on the promoted master.
      const more = writers.map((w) => w.acks.length + 20);
      await waitFor('20 more writes per writer after the conversion', () => writers.every((w, i) => w.acks.length >= more[i]!), 10_000);
    } finally {
      watching = false;
      await watcher;
    }

    // 1. The writers' side: once the deposed node is back, every acknowledged write is on the
    //    promoted master. (Between the kill and the restart only replies already on their way
    //    from the dying master can be counted for it.)
    for (const w of writers) {
      const after = w.acksSince(restartedAt);
      expect(after.filter((a) => a.port !== promoted)).toEqual([]);
      expect(w.acksSince(killedAt).every((a) => a.port === promoted || (a.port === old && a.at < restartedAt))).toBe(true);
    }
    // 2. The node's side: MONITOR saw no writer's SET from anyone but its new master's link.
    const lines: string[] = [];
    for (;;) {
      try {
        lines.push(String(plain((await monitor.next(200)).node)));
      } catch {
        break;
      }
    }
    monitor.close();
    const direct = lines.filter((l) => /"SET" "w\d:/i.test(l) && !l.includes(`127.0.0.1:${promoted}]`));
    expect(direct).toEqual([]);
    // (The MONITOR was live: it saw HAProxy's role checks reach the node.)
    expect(lines.some((l) => /"INFO" "replication"/i.test(l))).toBe(true);
    // 3. Every write acknowledged by the promoted master is on it.
    const keys = writers.flatMap((w) => w.acksSince(killedAt).filter((a) => a.port === promoted).map((a) => a.key));
    const values = plain(await sentinelCall(promoted, ['MGET', ...keys])) as (string | null)[];
    expect(values.filter((v) => v === null)).toHaveLength(0);
    // 4. The guard was exercised: while the deposed node said role:master long enough for the
    //    role check to rise (2 x 250 ms), HAProxy held it UP and still sent it nothing.
    const window = convertedAt - restartedAt;
    if (window > 2_000) expect(roleCheckUp.length).toBeGreaterThan(0);

    const outage = writers.map((w) => {
      const before = w.acks.filter((a) => a.at < killedAt).at(-1)!;
      const first = w.acksSince(killedAt).find((a) => a.port === promoted)!;
      return { gapMs: first.at - before.at, afterKillMs: first.at - killedAt, afterLastSwitchMs: first.at - switchedAt };
    });
    // Writes come back within a few check intervals of the sentinels' switch, whatever the
    // failover itself takes (real Sentinel's observers publish it late, hence "within").
    for (const o of outage) expect(o.afterLastSwitchMs).toBeLessThan(3_000);
    const upFor = roleCheckUp.length === 0 ? 0 : Math.max(...roleCheckUp) - Math.min(...roleCheckUp);
    console.log(`[haproxy] ${g.sentinels[0]!.kind} group, down-after 1000 ms: write outage through HAProxy A ${JSON.stringify(outage[0])}, B ${JSON.stringify(outage[1])}; ` +
      `promoted ${serverOf(promotedIndex)} (:${promoted}); deposed master said role:master for ${window} ms after restart, HAProxy role check held it UP for ~${upFor} ms, writes routed to it: 0 ` +
      `(writer acks ${writers.map((w) => w.acks.length).join('/')}, failures ${writers.map((w) => w.failuresSince(killedAt).length).join('/')})`);
  }, 120_000);

  it('kill one of two HAProxy instances: the other keeps serving writes and reads', async () => {
    const promoted = (plain(await sentinelCall(g.sentinels[0]!.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'])) as string[]).map(Number)[1]!;
    const [a, b] = ha as [Haproxy, Haproxy];
    const [, wb] = writers as [Writer, Writer];
    const killedAt = Date.now();
    await a.stop('SIGKILL');
    await expect(RespClient.connect(a.ports.write)).rejects.toThrow();
    await waitFor('50 writes through the surviving HAProxy', () => wb.acksSince(killedAt).length >= 50, 10_000);
    expect(wb.failuresSince(killedAt)).toEqual([]);
    expect(wb.acksSince(killedAt).every((x) => x.port === promoted)).toBe(true);
    const read = await tcpPortBehind(b.ports.read);
    expect(read.role).toBe('slave');
    expect(read.port).not.toBe(promoted);
  }, 30_000);
});
