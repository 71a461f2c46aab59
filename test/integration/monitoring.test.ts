/**
 * Live monitoring with real processes: three vigils (down-after 1000 ms, quorum 2) watch a real
 * redis-server master with two replicas (`--replicaof`). They must discover the replicas (from
 * the master's INFO) and each other (hellos over the master's `__sentinel__:hello`), keep that
 * view across a restart from their own rewritten file, notice a replica reboot, and agree that
 * a SIGKILLed master is SDOWN then ODOWN. Every process is killed by pid, also on failure.
 * SENTINEL_UNDER_TEST=redis-sentinel runs the same expectations against redis-sentinel 7.0.15.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventLog,
  instancesOf,
  masterFields,
  monitorConfig,
  restartRedisServer,
  sentinelCall,
  sentinelUnderTest,
  startReplicatedMaster,
  stopAll,
  waitUntilOk,
  type Proc,
  type ReplicatedTopology,
} from '../helpers/processes.js';
import { plain } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

/** vigil; redis-sentinel with SENTINEL_UNDER_TEST=redis-sentinel (checks the test itself). */
const impl = sentinelUnderTest();
let topo: ReplicatedTopology;
let vigils: Proc[] = [];
let ids: string[] = [];
let logs: EventLog[] = [];
/** When all three vigils answered PING. */
let startedAt = 0;

const replicaName = (p: Proc): string => `127.0.0.1:${p.port}`;
const masterPrefix = (): string => `master mymaster 127.0.0.1 ${topo.master.port}`;

async function runId(port: number): Promise<string> {
  const info = plain(await sentinelCall(port, ['INFO', 'server'])) as string;
  return /run_id:([0-9a-f]{40})/.exec(info)![1]!;
}

beforeAll(async () => {
  // Priority 0: no replica can be promoted, so the failover that follows ODOWN aborts and the
  // master stays SDOWN/ODOWN while we look (this file is about detection, not failover).
  topo = await startReplicatedMaster(2, { replicaPriority: 0 });
  const config = monitorConfig({ masterPort: topo.master.port, quorum: 2, downAfterMs: 1000, failoverTimeoutMs: 600_000 });
  vigils = await Promise.all([0, 1, 2].map(() => impl.start({ config })));
  startedAt = Date.now();
  logs = await Promise.all(vigils.map((v) => EventLog.subscribe(v.port)));
  ids = await Promise.all(vigils.map(async (v) => plain(await sentinelCall(v.port, ['SENTINEL', 'MYID'])) as string));
});

afterAll(async () => {
  logs.forEach((l) => l.close());
  await stopAll();
});

describe('three vigils over a master with two replicas', () => {
  it('each finds both replicas and both peers within 5 s of start', async () => {
    const left = Math.max(0, startedAt + 5_000 - Date.now());
    await waitUntilOk('num-slaves 2 and num-other-sentinels 2 on every vigil', async () => {
      const views = await Promise.all(vigils.map((v) => masterFields(v.port)));
      return views.map((m, i) => (m['num-slaves'] === '2' && m['num-other-sentinels'] === '2' ? '' : `vigil ${i}: num-slaves ${m['num-slaves']} num-other-sentinels ${m['num-other-sentinels']} flags ${m.flags}`)).filter(Boolean).join('; ');
    }, left);
  });

  it('shows the master, both replicas (flags exactly `slave`) and both peers (flags `sentinel`)', async () => {
    const masterRunId = await runId(topo.master.port);
    const replicaNames = topo.replicas.map(replicaName).sort();
    await waitUntilOk('linked replicas and peers on every vigil', async () => {
      const problems: string[] = [];
      for (const [i, v] of vigils.entries()) {
        const m = await masterFields(v.port);
        if (m.flags !== 'master' || m.runid !== masterRunId || m['role-reported'] !== 'master') problems.push(`vigil ${i} master: flags ${m.flags} runid ${m.runid} role ${m['role-reported']}`);
        const replicas = await instancesOf(v.port, 'REPLICAS');
        const names = replicas.map((r) => r.name).sort();
        if (names.join() !== replicaNames.join()) problems.push(`vigil ${i} replicas ${names.join()}`);
        for (const r of replicas) {
          if (r.flags !== 'slave' || r['master-link-status'] !== 'ok' || r['master-port'] !== String(topo.master.port) || r['slave-priority'] !== '0') {
            problems.push(`vigil ${i} replica ${r.name}: flags ${r.flags} link ${r['master-link-status']} master-port ${r['master-port']} priority ${r['slave-priority']}`);
          }
        }
        const peers = await instancesOf(v.port, 'SENTINELS');
        const expected = vigils.map((o, j) => `${ids[j]} 127.0.0.1 ${o.port}`).filter((_, j) => j !== i).sort();
        const got = peers.map((p) => `${p.name} ${p.ip} ${p.port}`).sort();
        if (got.join() !== expected.join()) problems.push(`vigil ${i} peers [${got.join()}]`);
        for (const p of peers) if (p.flags !== 'sentinel' || p.runid !== p.name) problems.push(`vigil ${i} peer ${p.name}: flags ${p.flags} runid ${p.runid}`);
      }
      return problems.join('; ');
    }, 5_000);
    // Replica run ids come from their own INFO.
    const replicaRunIds = await Promise.all(topo.replicas.map((r) => runId(r.port)));
    for (const v of vigils) {
      const byName = new Map((await instancesOf(v.port, 'REPLICAS')).map((r) => [r.name, r.runid]));
      topo.replicas.forEach((r, i) => expect(byName.get(replicaName(r))).toBe(replicaRunIds[i]));
    }
    // Discovery was announced: +slave per replica, +sentinel per peer (in the log, which starts
    // before our subscription could).
    for (const [i, v] of vigils.entries()) {
      const out = v.output();
      for (const r of topo.replicas) expect(out).toContain(`+slave slave ${replicaName(r)} 127.0.0.1 ${r.port} @ mymaster 127.0.0.1 ${topo.master.port}`);
      vigils.forEach((o, j) => {
        if (j !== i) expect(out).toContain(`+sentinel sentinel ${ids[j]} 127.0.0.1 ${o.port} @ mymaster 127.0.0.1 ${topo.master.port}`);
      });
    }
  });

  it('restarts from its rewritten file with the same view and no +slave/+sentinel for known instances', async () => {
    const victim = vigils[0]!;
    const file = await waitFor('known-replica and known-sentinel lines in the rewritten file', () => {
      const text = fs.readFileSync(victim.configPath, 'utf8');
      const wanted = [
        ...topo.replicas.map((r) => `sentinel known-replica mymaster 127.0.0.1 ${r.port}`),
        ...[1, 2].map((j) => `sentinel known-sentinel mymaster 127.0.0.1 ${vigils[j]!.port} ${ids[j]}`),
        `sentinel myid ${ids[0]}`,
      ];
      return wanted.every((line) => text.split('\n').includes(line)) ? text : false;
    }, 5_000);
    expect(file).toContain(`sentinel monitor mymaster 127.0.0.1 ${topo.master.port} 2`);

    const peerEventsBefore = logs.slice(1).map((l) => l.events.length);
    logs[0]!.close();
    await victim.stop('SIGKILL');
    const restartedAt = Date.now();
    const restarted = await impl.restart(victim);
    vigils[0] = restarted;
    logs[0] = await EventLog.subscribe(restarted.port);

    // Straight from the file, before any discovery could have happened.
    expect(plain(await sentinelCall(restarted.port, ['SENTINEL', 'MYID']))).toBe(ids[0]);
    expect((await instancesOf(restarted.port, 'REPLICAS')).map((r) => r.name).sort()).toEqual(topo.replicas.map(replicaName).sort());
    expect((await instancesOf(restarted.port, 'SENTINELS')).map((p) => p.name).sort()).toEqual([ids[1], ids[2]].sort());

    // Now wait until it has talked to everyone: fresh master INFO, linked replicas, a hello
    // received from each peer since the restart (and at least one hello period gone by).
    await waitUntilOk('the restarted vigil to re-link and hear both peers', async () => {
      const since = Date.now() - restartedAt;
      const m = await masterFields(restarted.port);
      const replicas = await instancesOf(restarted.port, 'REPLICAS');
      const peers = await instancesOf(restarted.port, 'SENTINELS');
      const seen = JSON.stringify({ since, master: [m.flags, m['num-slaves'], m['num-other-sentinels'], m['info-refresh']], replicas: replicas.map((r) => r.flags), peers: peers.map((p) => [p.flags, p['last-hello-message']]) });
      const ok =
        since >= 2_200 &&
        m['num-slaves'] === '2' && m['num-other-sentinels'] === '2' && m.flags === 'master' &&
        // info-refresh is 0 until this process got an INFO reply.
        Number(m['info-refresh']) > 0 &&
        replicas.every((r) => r.flags === 'slave') &&
        peers.length === 2 && peers.every((p) => p.flags === 'sentinel' && Number(p['last-hello-message']) < since - 300);
      return ok ? '' : seen;
    }, 10_000);

    const out = restarted.output();
    expect(out).toContain(`+monitor ${masterPrefix()} quorum 2`);
    expect(out).not.toContain('+slave ');
    expect(out).not.toContain('+sentinel ');
    expect(logs[0]!.find('+slave')).toEqual([]);
    expect(logs[0]!.find('+sentinel')).toEqual([]);
    // The peers knew its run id and address already: no +sentinel, no address switch.
    logs.slice(1).forEach((l, k) => {
      const after = l.events.slice(peerEventsBefore[k]);
      expect(after.filter((e) => e.channel.startsWith('+sentinel')).map((e) => `${e.channel} ${e.message}`)).toEqual([]);
    });
    for (const [j, v] of vigils.entries()) {
      const peers = await instancesOf(v.port, 'SENTINELS');
      expect(peers.map((p) => p.name).sort()).toEqual(ids.filter((_, k) => k !== j).sort());
    }
  });

  it('reports +reboot when a replica restarts with a new run id', async () => {
    const replica = topo.replicas[0]!;
    const oldRunId = await runId(replica.port);
    const from = logs.map((l) => l.events.length);
    await replica.stop('SIGKILL');
    const again = await restartRedisServer(replica, topo.replicaArgs);
    topo.replicas[0] = again;
    const newRunId = await runId(again.port);
    expect(newRunId).not.toBe(oldRunId);
    const prefix = `slave ${replicaName(again)} 127.0.0.1 ${again.port} @ mymaster 127.0.0.1 ${topo.master.port}`;
    // Replicas are polled with INFO every 10 s (1 s while their master link is down).
    await Promise.all(logs.map((l) => l.waitFor('+reboot', new RegExp(`^${escape(prefix)}$`), 15_000)));
    logs.forEach((l, i) => expect(l.events.slice(from[i]).some((e) => e.channel === '+slave')).toBe(false));
    await waitFor('the new run id in SENTINEL REPLICAS', async () => {
      for (const v of vigils) {
        const r = (await instancesOf(v.port, 'REPLICAS')).find((x) => x.name === replicaName(again));
        if (r?.runid !== newRunId) return false;
      }
      return true;
    }, 5_000);
  }, 25_000);

  it('SIGKILL of the master: +sdown then +odown #quorum n/2 (n >= 2) on every vigil', async () => {
    const from = logs.map((l) => l.events.length);
    await topo.master.stop('SIGKILL');
    const killedAt = Date.now();
    const prefix = escape(masterPrefix());
    const odowns = await Promise.all(logs.map((l) => l.waitFor('+odown', new RegExp(`^${prefix} #quorum \\d+/2$`), 10_000)));
    for (const [i, l] of logs.entries()) {
      const after = l.events.slice(from[i]);
      const sdown = after.findIndex((e) => e.channel === '+sdown' && e.message === masterPrefix());
      const odown = after.findIndex((e) => e.channel === '+odown');
      expect(sdown, `+sdown before +odown on vigil ${i}: ${l.summary()}`).toBeGreaterThanOrEqual(0);
      expect(sdown).toBeLessThan(odown);
      // Not before the kill (the last valid reply may be up to a ping period older than it).
      expect(after[sdown]!.at).toBeGreaterThanOrEqual(killedAt);
      const [, n] = /#quorum (\d+)\/2$/.exec(odowns[i]!.message)!;
      expect(Number(n)).toBeGreaterThanOrEqual(2);
      expect(Number(n)).toBeLessThanOrEqual(3);
    }
    for (const [i, v] of vigils.entries()) {
      expect(logs[i]!.find('+switch-master'), 'no replica is promotable').toEqual([]);
      const m = await masterFields(v.port);
      expect(m.flags).toMatch(/^s_down,o_down,master/);
      expect(Number(m['s-down-time'])).toBeGreaterThanOrEqual(0);
      expect(Number(m['o-down-time'])).toBeGreaterThanOrEqual(0);
      // What peers are told.
      const answer = plain(await sentinelCall(v.port, ['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', String(topo.master.port), '0', '*'])) as unknown[];
      expect(answer).toEqual([1, '*', 0]);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
