/**
 * Failover in mixed sentinel groups over a real master with two replicas (`--replicaof`):
 * (a) 1 vigil + 2 redis-sentinels, (b) 2 vigils + 1 redis-sentinel; down-after 1000 ms,
 * failover-timeout 10000 ms, quorum 2. In each group: kill -9 of the master → one
 * `+switch-master` on every sentinel (both kinds) to the same replica, which all of them then
 * report (a second, redis-sentinel-led switch right after it is 7.0.15's own defect and is
 * tolerated only as such: settleAfterKill); then SENTINEL FAILOVER issued on a vigil (vigil leads) and, once the previous master
 * has been converted back to a replica, on a redis-sentinel (redis-sentinel leads) → each time
 * all agree on the new master. Which implementation led (`+elected-leader` on whose pub/sub)
 * and the switch times are printed. Every process is killed by pid, also on failure.
 * SENTINEL_UNDER_TEST=redis-sentinel puts redis-sentinel in vigil's places (checks the test).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { instancesOf, masterFields, sentinelCall, sentinelUnderTest, stopAll, waitUntilOk } from '../helpers/processes.js';
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

/** No sentinel holds a peer's "master is down" answer any more (the `master_down` flag of SENTINEL SENTINELS). */
async function waitNoDownAnswers(g: FailoverGroup): Promise<void> {
  await waitUntilOk('no master_down answer held by any sentinel', async () => {
    const held: string[] = [];
    for (const [i, s] of g.sentinels.entries()) {
      const peers = await instancesOf(s.port, 'SENTINELS');
      for (const p of peers.filter((x) => x.flags?.split(',').includes('master_down'))) held.push(`${g.label(i)} holds ${p.name}'s`);
    }
    return held.join('; ');
  }, 15_000, 100);
}

/**
 * Every sentinel has had a valid PING reply from `port`, its master, since its switch to it,
 * and shows it as plain `master` (no failover of it running). Observed with redis-sentinel
 * 7.0.15 (down-after 1000): it marked the new master `+sdown` 1.05 s after its own switch though
 * the node answered, `-sdown` 80 ms later, and in between reached `+odown #quorum 3/2` with the
 * peers' answers about the old master and started a second failover. Until its first valid
 * reply from the new master, that can still happen.
 */
async function waitPongSinceSwitch(g: FailoverGroup, mark: readonly number[], port: number): Promise<void> {
  const switchedAt = g.logs.map((_, i) => g.since(i, mark).filter((e) => e.channel === '+switch-master' && e.message.endsWith(` 127.0.0.1 ${port}`)).at(-1)?.at ?? 0);
  await waitUntilOk(`a PING reply from ${port} on every sentinel since its switch`, async () => {
    const late: string[] = [];
    for (const [i, s] of g.sentinels.entries()) {
      const m = await masterFields(s.port);
      const sinceSwitch = Date.now() - switchedAt[i]!;
      const pongSince = Number(m['last-ok-ping-reply']) + 100 <= sinceSwitch;
      if (m.port !== String(port) || !pongSince || m.flags !== 'master') late.push(`${g.label(i)}: master ${m.port} flags ${m.flags}, last-ok-ping-reply ${m['last-ok-ping-reply']} ms, switched ${sinceSwitch} ms ago`);
    }
    return late.join('; ');
  }, 15_000, 50);
}

/** The first switch of each sentinel after `mark` that leaves `from`, if any sentinel published one. */
function switchedAwayFrom(g: FailoverGroup, mark: readonly number[], from: number): boolean {
  return g.switches(mark).some((list) => list.some((m) => m.startsWith(`mymaster 127.0.0.1 ${from} `)));
}

/**
 * After the kill -9 failover to `first`: the group settles on one master, with the other
 * replica healthy on every sentinel, no peer's "down" answer held any more (redis-sentinel
 * 7.0.15 keeps them up to 5 s after the switch) and a PING reply from the new master on every
 * sentinel since its switch (waitPongSinceSwitch). redis-sentinel sometimes fails over a second
 * time inside that window (issue 4 item 8; docs/decisions/0004), and the votes it needs are
 * granted by 7.0.15's rules, by vigils too. Such an extra switch is accepted only when a
 * redis-sentinel led it and every sentinel, the vigils included, published the same switches;
 * the scenario then goes on from the master they agreed on. Returns that master.
 */
async function settleAfterKill(g: FailoverGroup, mark: readonly number[], first: number, replicas: readonly number[], name: string): Promise<number> {
  const firstSwitchAt = Math.min(...g.logs.map((_, i) => g.since(i, mark).find((e) => e.channel === '+switch-master')?.at ?? Infinity));
  let master = first;
  for (;;) {
    const other = replicas.find((p) => p !== master)!;
    let failure: unknown;
    try {
      await g.waitAgreed(master, [other]);
      // The remaining replica must be usable by the sentinel that will lead next.
      await waitHealthyReplica(g, other);
      await waitNoDownAnswers(g);
      await waitPongSinceSwitch(g, mark, master);
    } catch (e) {
      failure = e;
    }
    if (!switchedAwayFrom(g, mark, master)) {
      if (failure !== undefined) throw failure;
      break;
    }
    if (master !== first) throw new Error(`a third failover, away from ${master}\n${g.summary(mark)}`);
    const extra = await g.waitSwitch(mark, master, [other]);
    const leaders = g.logs.map((_, i) => i).filter((i) => g.since(i, mark).some((e) => e.channel === '+elected-leader' && e.at > firstSwitchAt));
    console.log(`[mixed] ${name}: a second failover ${master} -> ${extra.port} right after the first, led by ${leaders.map((i) => g.label(i)).join(', ') || 'none'} (redis-sentinel 7.0.15's spurious failover)`);
    expect(leaders.length, `leaders of the extra failover\n${g.summary(mark)}`).toBeGreaterThan(0);
    for (const i of leaders) expect(g.sentinels[i]!.kind, `${g.label(i)} led an extra failover\n${g.summary(mark)}`).toBe('redis-sentinel');
    master = extra.port;
  }
  const chains = g.switches(mark);
  chains.forEach((c, i) => expect(c, `${g.label(i)} switches\n${g.summary(mark)}`).toEqual(chains[0]));
  expect(chains[0]!.length, `switches\n${g.summary(mark)}`).toBe(master === first ? 1 : 2);
  return master;
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
  try {
    await steps(g, kinds, name);
  } catch (e) {
    // Every event since the start, with times: says who failed over when, if a step times out.
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nall events:\n${g.summary(g.logs.map(() => 0))}`);
  }
}

async function steps(g: FailoverGroup, kinds: readonly SentinelKind[], name: string): Promise<void> {
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
  const settled = await settleAfterKill(g, mark, first.port, replicas, name);
  const other = replicas.find((p) => p !== settled)!;

  // 2. SENTINEL FAILOVER on a vigil: it leads; the only live replica is promoted.
  const second = await manualFailover(g, vigil, settled, [other], `${name} (vigil leads)`);

  // 3. The previous master is converted back to a replica, then SENTINEL FAILOVER on a
  //    redis-sentinel: it leads and promotes it again.
  mark = g.mark();
  await g.waitSlaveOf(settled, second, 30_000);
  await waitHealthyReplica(g, settled);
  const converters = g.logs.map((_, i) => i).filter((i) => g.since(i, mark).some((e) => e.channel === '+convert-to-slave')).map((i) => g.label(i));
  console.log(`[mixed] ${name}: old master ${settled} converted by ${converters.join(', ') || '(not seen since the switch)'}`);
  await manualFailover(g, redis, second, [settled], `${name} (redis-sentinel leads)`);
}

describe('failover in mixed vigil / redis-sentinel groups', () => {
  it('1 vigil + 2 redis-sentinels: kill -9, then SENTINEL FAILOVER led by the vigil and by a redis-sentinel', async () => {
    await scenario(['vigil', 'redis-sentinel', 'redis-sentinel'], '1 vigil + 2 redis-sentinels');
  }, 60_000);

  it('2 vigils + 1 redis-sentinel: kill -9, then SENTINEL FAILOVER led by a vigil and by the redis-sentinel', async () => {
    await scenario(['vigil', 'vigil', 'redis-sentinel'], '2 vigils + 1 redis-sentinel');
  }, 60_000);
});
