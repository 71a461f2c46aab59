/**
 * Failover in mixed sentinel groups over a real master with two replicas (`--replicaof`):
 * (a) 1 vigil + 2 redis-sentinels, (b) 2 vigils + 1 redis-sentinel; down-after 1000 ms,
 * failover-timeout 10000 ms, quorum 2. In each group: kill -9 of the master → exactly one
 * `+switch-master` on every sentinel (both kinds) to the same replica, which all of them then
 * report; then SENTINEL FAILOVER issued on a vigil (vigil leads) and, once the previous master
 * has been converted back to a replica, on a redis-sentinel (redis-sentinel leads) → each time
 * all agree on the new master. Which implementation led (`+elected-leader` on whose pub/sub)
 * and the switch times are printed. Every process is killed by pid, also on failure.
 * SENTINEL_UNDER_TEST=redis-sentinel puts redis-sentinel in vigil's places (checks the test).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { instancesOf, sentinelCall, sentinelUnderTest, stopAll, waitUntilOk } from '../helpers/processes.js';
import { FailoverGroup, type SentinelKind } from '../helpers/topology.js';

let group: FailoverGroup | undefined;

afterEach(async () => {
  await group?.close();
  group = undefined;
});
afterAll(async () => {
  await stopAll();
});

function expectOneSwitchEach(g: FailoverGroup, mark: readonly number[]): void {
  g.switches(mark).forEach((s, i) => expect(s, `${g.label(i)} switches\n${g.summary(mark)}`).toHaveLength(1));
}

/** Every sentinel lists `port` as a replica with flags exactly `slave` and its link ok. */
async function waitHealthyReplica(g: FailoverGroup, port: number, timeoutMs = 30_000): Promise<void> {
  await waitUntilOk(`127.0.0.1:${port} a healthy replica on every sentinel`, async () => {
    const problems: string[] = [];
    for (const [i, s] of g.sentinels.entries()) {
      const all = await instancesOf(s.port, 'REPLICAS');
      const r = all.find((x) => x.name === `127.0.0.1:${port}`);
      if (r?.flags !== 'slave' || r['master-link-status'] !== 'ok') {
        problems.push(`${g.label(i)} replicas: ${all.map((x) => `${x.name} flags ${x.flags} link ${x['master-link-status']} master ${x['master-host']}:${x['master-port']} role ${x['role-reported']}`).join(', ') || 'none'}`);
      }
    }
    return problems.join('; ');
  }, timeoutMs, 100);
}

async function manualFailover(g: FailoverGroup, on: number, from: number, candidates: readonly number[], scenario: string): Promise<number> {
  const mark = g.mark();
  const startedAt = Date.now();
  expect(await sentinelCall(g.sentinels[on]!.port, ['SENTINEL', 'FAILOVER', 'mymaster'])).toEqual({ type: 'simple', value: 'OK' });
  const { port, lastAt } = await g.waitSwitch(mark, from, candidates);
  const leaders = g.leaders(mark);
  console.log(`[mixed] ${scenario}: SENTINEL FAILOVER on ${g.label(on)} -> ${port}; +elected-leader on ${leaders.join(', ') || 'none'}; last +switch-master after ${lastAt - startedAt} ms`);
  expect(leaders).toEqual([g.label(on)]);
  await g.waitAgreed(port, []);
  expectOneSwitchEach(g, mark);
  return port;
}

/** vigil; redis-sentinel in vigil's places with SENTINEL_UNDER_TEST=redis-sentinel (checks the test). */
const vigilKind = sentinelUnderTest().kind;

async function scenario(kinds: readonly SentinelKind[], name: string): Promise<void> {
  const g = (group = await FailoverGroup.start({ kinds: kinds.map((k) => (k === 'vigil' ? vigilKind : k)) }));
  const vigil = kinds.indexOf('vigil');
  const redis = kinds.indexOf('redis-sentinel');
  const oldPort = g.master.port;
  const replicas = g.nodes.slice(1).map((n) => n.port);

  // 1. kill -9: exactly one new master, the same on every sentinel of either kind.
  let mark = g.mark();
  await g.master.stop('SIGKILL');
  const killedAt = Date.now();
  const first = await g.waitSwitch(mark, oldPort, replicas);
  console.log(`[mixed] ${name}: kill -9 -> ${first.port}; +elected-leader on ${g.leaders(mark).join(', ') || 'none'}; last +switch-master after ${first.lastAt - killedAt} ms`);
  const other = replicas.find((p) => p !== first.port)!;
  await g.waitAgreed(first.port, [other]);
  expectOneSwitchEach(g, mark);
  // The remaining replica must be usable by the sentinel that will lead next.
  await waitHealthyReplica(g, other);

  // 2. SENTINEL FAILOVER on a vigil: it leads; the only live replica is promoted.
  const second = await manualFailover(g, vigil, first.port, [other], `${name} (vigil leads)`);

  // 3. The previous master is converted back to a replica, then SENTINEL FAILOVER on a
  //    redis-sentinel: it leads and promotes it again.
  mark = g.mark();
  await g.waitSlaveOf(first.port, second, 30_000);
  await waitHealthyReplica(g, first.port);
  const converters = g.logs.map((_, i) => i).filter((i) => g.since(i, mark).some((e) => e.channel === '+convert-to-slave')).map((i) => g.label(i));
  console.log(`[mixed] ${name}: old master ${first.port} converted by ${converters.join(', ') || '(not seen since the switch)'}`);
  await manualFailover(g, redis, second, [first.port], `${name} (redis-sentinel leads)`);
}

describe('failover in mixed vigil / redis-sentinel groups', () => {
  it('1 vigil + 2 redis-sentinels: kill -9, then SENTINEL FAILOVER led by the vigil and by a redis-sentinel', async () => {
    await scenario(['vigil', 'redis-sentinel', 'redis-sentinel'], '1 vigil + 2 redis-sentinels');
  }, 60_000);

  it('2 vigils + 1 redis-sentinel: kill -9, then SENTINEL FAILOVER led by a vigil and by the redis-sentinel', async () => {
    await scenario(['vigil', 'vigil', 'redis-sentinel'], '2 vigils + 1 redis-sentinel');
  }, 60_000);
});
