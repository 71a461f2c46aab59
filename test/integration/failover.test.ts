/**
 * Live failover with real processes: three vigils (down-after 1000 ms, failover-timeout
 * 10000 ms, quorum 2) over a real redis-server master with two replicas (`--replicaof`).
 * Each test starts its own group on free ports and kills exactly its own pids, also on failure.
 * Checked: exactly one `+switch-master` per vigil with the same new address (a replica), the
 * same answer from GET-MASTER-ADDR-BY-NAME everywhere, ROLE master on the new master, the other
 * replica following it, the old master converted back (`+convert-to-slave`); no acknowledged
 * (WAIT >= 1) write lost; SENTINEL FAILOVER replies; replica-priority 0; crash-after-election and
 * crash-after-promotion followed by a restart from the config file.
 * Failover times (fault → last `+switch-master`) are printed.
 * SENTINEL_UNDER_TEST=redis-sentinel runs the same expectations against redis-sentinel 7.0.15.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { instancesOf, sentinelCall, sentinelUnderTest, stopAll } from '../helpers/processes.js';
import { plain, RespClient } from '../helpers/resp-client.js';
import { FailoverGroup, escapeRe } from '../helpers/topology.js';
import { waitFor } from '../helpers/wait.js';

let group: FailoverGroup | undefined;

afterEach(async () => {
  await group?.close();
  group = undefined;
});
afterAll(async () => {
  await stopAll();
});

const replicaPorts = (g: FailoverGroup): number[] => g.nodes.slice(1).map((n) => n.port);

function report(what: string, g: FailoverGroup, mark: readonly number[], ms: number): void {
  console.log(`[failover] ${what}: fault -> last +switch-master ${ms} ms; leader(s) ${g.leaders(mark).join(', ') || 'none seen'}`);
}

/** One failover after `mark`: switch everywhere, agreement, and the other replica following. */
async function expectOneFailover(g: FailoverGroup, mark: readonly number[], faultAt: number, what: string): Promise<number> {
  const oldPort = g.master.port;
  const { port, lastAt } = await g.waitSwitch(mark, oldPort, replicaPorts(g));
  report(what, g, mark, lastAt - faultAt);
  const followers = replicaPorts(g).filter((p) => p !== port);
  await g.waitAgreed(port, followers);
  return port;
}

/** Exactly one `+switch-master` per vigil since `mark`. */
function expectExactlyOneSwitch(g: FailoverGroup, mark: readonly number[]): void {
  const switches = g.switches(mark);
  switches.forEach((s, i) => expect(s, `${g.label(i)} switches\n${g.summary(mark)}`).toHaveLength(1));
}

/** The old master (back on its port) is reconfigured as a replica of `newPort`. */
async function expectConverted(g: FailoverGroup, mark: readonly number[], oldPort: number, newPort: number): Promise<void> {
  const re = new RegExp(`^slave 127\\.0\\.0\\.1:${oldPort} 127\\.0\\.0\\.1 ${oldPort} @ mymaster 127\\.0\\.0\\.1 ${newPort}$`);
  await waitFor('+convert-to-slave of the old master on some vigil', () => g.logs.some((_, i) => g.since(i, mark).some((e) => e.channel === '+convert-to-slave' && re.test(e.message))), 30_000, 100)
    .catch((e: unknown) => {
      throw new Error(`${String(e)}\n${g.summary(mark)}`);
    });
  await g.waitSlaveOf(oldPort, newPort, 15_000);
}

/**
 * A writer that follows the sentinels: one connection to the address they name, INCR + RPUSH of
 * a sequence number, then WAIT 1 100; a write counts as acknowledged when WAIT says >= 1.
 */
function startWriter(g: FailoverGroup): {
  readonly acked: number[];
  expectNoneLost(newPort: number, what: string): Promise<void>;
  stop(): Promise<void>;
} {
  const sentinelPorts = g.sentinels.map((s) => s.port);
  const acked: number[] = [];
  let seq = 0;
  let running = true;
  let errors = 0;
  let current: Redis | undefined;
  let currentPort = g.master.port;
  let ackedOnNew = 0;
  let switchedTo = -1;

  const resolveMaster = async (): Promise<number | undefined> => {
    for (const p of sentinelPorts) {
      try {
        const r = plain(await sentinelCall(p, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'])) as string[];
        return Number(r[1]);
      } catch {
        /* try the next sentinel */
      }
    }
    return undefined;
  };
  const connect = async (port: number): Promise<Redis> => {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 500, commandTimeout: 1000 });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  const loop = (async () => {
    while (running) {
      try {
        if (current === undefined) {
          const p = await resolveMaster();
          if (p === undefined) throw new Error('no master address');
          currentPort = p;
          current = await connect(p);
        }
        const n = ++seq;
        await current.incr('seq:counter');
        await current.rpush('seq:list', String(n));
        const replicas = Number(await current.call('WAIT', '1', '100'));
        if (replicas >= 1) {
          acked.push(n);
          if (currentPort === switchedTo) ackedOnNew++;
        }
      } catch {
        errors++;
        current?.disconnect();
        current = undefined;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    current?.disconnect();
  })();
  const stop = async (): Promise<void> => {
    running = false;
    await loop;
  };
  return {
    acked,
    stop,
    async expectNoneLost(newPort: number, what: string): Promise<void> {
      switchedTo = newPort;
      // Settle: writes acknowledged by the new master with another replica attached.
      await waitFor('50 acknowledged writes on the new master', () => ackedOnNew >= 50, 20_000).catch(async (e: unknown) => {
        const info = await sentinelCall(newPort, ['INFO', 'replication']).catch((x: unknown) => String(x));
        throw new Error(`${String(e)}; writer: seq ${seq}, acked ${acked.length}, on new ${ackedOnNew}, errors ${errors}, at port ${currentPort}, new master ${newPort}; ${JSON.stringify(info)}`);
      });
      await stop();
      const list = plain(await sentinelCall(newPort, ['LRANGE', 'seq:list', '0', '-1'])) as string[];
      const have = new Set(list.map(Number));
      const lost = acked.filter((n) => !have.has(n));
      console.log(`[failover] writer (${what}): ${seq} writes, ${acked.length} acknowledged, ${errors} errors, ${lost.length} acknowledged lost`);
      expect(lost, `acknowledged writes missing from the new master ${newPort}`).toEqual([]);
    },
  };
}

describe('failover of a real master with three vigils', () => {
  it('kill -9 of the master: one failover, agreement, old master converted on restart', async () => {
    const g = (group = await FailoverGroup.start());
    const oldPort = g.master.port;
    const mark = g.mark();
    await g.master.stop('SIGKILL');
    const killedAt = Date.now();
    const newPort = await expectOneFailover(g, mark, killedAt, 'kill -9');

    const restartMark = g.mark();
    await g.restartNode(0);
    await expectConverted(g, restartMark, oldPort, newPort);
    expectExactlyOneSwitch(g, mark);
  }, 60_000);

  it('SIGSTOP of the master: one failover; after SIGCONT it is converted to a replica', async () => {
    const g = (group = await FailoverGroup.start());
    const oldPort = g.master.port;
    const mark = g.mark();
    await g.master.stop('SIGSTOP');
    const stoppedAt = Date.now();
    let newPort: number;
    try {
      newPort = await expectOneFailover(g, mark, stoppedAt, 'SIGSTOP');
    } finally {
      await g.master.stop('SIGCONT');
    }
    const contMark = g.mark();
    await expectConverted(g, contMark, oldPort, newPort);
    expectExactlyOneSwitch(g, mark);
  }, 60_000);

  it('DEBUG SLEEP 15 on the master: one failover', async () => {
    const g = (group = await FailoverGroup.start());
    const mark = g.mark();
    // DEBUG SLEEP blocks the server, so the reply only comes after 15 s: fire and forget.
    const sleeper = new Redis({ port: g.master.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    sleeper.on('error', () => undefined);
    await sleeper.connect();
    const slept = sleeper.call('DEBUG', 'SLEEP', '15').catch(() => undefined);
    const sleptAt = Date.now();
    try {
      await expectOneFailover(g, mark, sleptAt, 'DEBUG SLEEP 15');
      expectExactlyOneSwitch(g, mark);
    } finally {
      sleeper.disconnect();
      void slept;
    }
  }, 60_000);

  it('no write acknowledged with WAIT >= 1 is lost across a kill -9 failover', async () => {
    const g = (group = await FailoverGroup.start());
    const w = startWriter(g);
    try {
      await waitFor('50 acknowledged writes before the kill', () => w.acked.length >= 50, 10_000);
      const mark = g.mark();
      await g.master.stop('SIGKILL');
      const killedAt = Date.now();
      const newPort = await expectOneFailover(g, mark, killedAt, 'kill -9 under writes');
      await w.expectNoneLost(newPort, 'kill -9');
      expectExactlyOneSwitch(g, mark);
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('SENTINEL FAILOVER under writes: the old master is paused, handed over and demoted at once; no acknowledged write lost', async () => {
    const g = (group = await FailoverGroup.start());
    const w = startWriter(g);
    try {
      await waitFor('50 acknowledged writes before the failover', () => w.acked.length >= 50, 10_000);
      const oldPort = g.master.port;
      // An idle client of the old master: it must be sent back to the sentinels (disconnected).
      const bystander = await RespClient.connect(oldPort);
      const mark = g.mark();
      const startedAt = Date.now();
      expect(await sentinelCall(g.sentinels[0]!.port, ['SENTINEL', 'FAILOVER', 'mymaster'])).toEqual({ type: 'simple', value: 'OK' });
      const { port: newPort, lastAt } = await g.waitSwitch(mark, oldPort, replicaPorts(g));
      report('SENTINEL FAILOVER under writes', g, mark, lastAt - startedAt);
      await waitFor("the old master's clients to be disconnected", () => bystander.closed, 2_000, 20);
      // Demoted by the leader itself, not converted seconds later by +convert-to-slave.
      await g.waitSlaveOf(oldPort, newPort, 2_000);
      await g.waitAgreed(newPort, [...replicaPorts(g).filter((p) => p !== newPort), oldPort]);
      await w.expectNoneLost(newPort, 'SENTINEL FAILOVER');
      expect(g.logs.some((_, i) => g.since(i, mark).some((e) => e.channel === '+convert-to-slave'))).toBe(false);
      expectExactlyOneSwitch(g, mark);
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('SENTINEL FAILOVER: -NOGOODSLAVE with both replicas stopped, then +OK, -INPROG while running, one switch', async () => {
    const g = (group = await FailoverGroup.start());
    const v = g.sentinels[0]!.port;
    const replicas = g.nodes.slice(1);
    // Both replicas frozen: once the vigil flags them s_down there is nobody to promote.
    for (const r of replicas) await r.stop('SIGSTOP');
    try {
      await waitFor('both replicas s_down on vigil 0', async () => (await instancesOf(v, 'REPLICAS')).filter((r) => /s_down/.test(r.flags ?? '')).length === 2, 10_000, 100);
      const raw = await sentinelCall(v, ['SENTINEL', 'FAILOVER', 'mymaster']);
      expect(raw).toEqual({ type: 'error', value: 'NOGOODSLAVE No suitable replica to promote' });
    } finally {
      for (const r of replicas) await r.stop('SIGCONT');
    }
    await waitFor('both replicas healthy again on every vigil', async () => {
      for (const s of g.sentinels) {
        const rs = await instancesOf(s.port, 'REPLICAS');
        if (rs.length !== 2 || rs.some((r) => r.flags !== 'slave' || r['master-link-status'] !== 'ok')) return false;
      }
      return true;
    }, 15_000, 100);

    const mark = g.mark();
    const startedAt = Date.now();
    expect(await sentinelCall(v, ['SENTINEL', 'FAILOVER', 'mymaster'])).toEqual({ type: 'simple', value: 'OK' });
    expect(await sentinelCall(v, ['SENTINEL', 'FAILOVER', 'mymaster'])).toEqual({ type: 'error', value: 'INPROG Failover already in progress' });
    const newPort = await expectOneFailover(g, mark, startedAt, 'SENTINEL FAILOVER');
    expect(g.leaders(mark)).toEqual([g.label(0)]);
    // The old master is alive: vigil hands over and demotes it within the failover (redis-sentinel
    // converts it once it has claimed master for > 8 s).
    if (sentinelUnderTest().kind === 'vigil') await g.waitSlaveOf(g.master.port, newPort, 2_000);
    else await expectConverted(g, mark, g.master.port, newPort);
    expectExactlyOneSwitch(g, mark);
  }, 60_000);

  it('replicas that refuse CONFIG inside the transaction (EXECABORT) are still promoted and repointed', async () => {
    // CONFIG renamed away makes the queued CONFIG REWRITE fail, so redis-server aborts the whole
    // MULTI/EXEC (SLAVEOF included). 7.0.15 ignores EXEC's reply and stalls until failover-timeout;
    // vigil resends the commands one by one.
    const noConfig = ['--rename-command', 'CONFIG', ''];
    const g = (group = await FailoverGroup.start({ replicaExtra: [noConfig, noConfig] }));
    const mark = g.mark();
    await g.master.stop('SIGKILL');
    const killedAt = Date.now();
    await expectOneFailover(g, mark, killedAt, 'kill -9, replicas without CONFIG');
    const leaderOutput = g.sentinels.map((s) => s.output()).join('\n');
    expect(leaderOutput).toMatch(/Reconfiguration transaction refused by 127\.0\.0\.1:\d+ \(EXECABORT/);
    expectExactlyOneSwitch(g, mark);
  }, 60_000);

  it('a replica with replica-priority 0 is never promoted', async () => {
    const g = (group = await FailoverGroup.start({ replicaExtra: [['--replica-priority', '0'], []] }));
    const zero = g.nodes[1]!.port;
    const other = g.nodes[2]!.port;
    const mark = g.mark();
    await g.master.stop('SIGKILL');
    const killedAt = Date.now();
    const newPort = await expectOneFailover(g, mark, killedAt, 'kill -9 with a priority-0 replica');
    expect(newPort).toBe(other);
    const selected = g.logs.flatMap((_, i) => g.since(i, mark).filter((e) => e.channel === '+selected-slave').map((e) => e.message));
    expect(selected.length).toBeGreaterThanOrEqual(1);
    for (const s of selected) expect(s).toMatch(new RegExp(`^slave 127\\.0\\.0\\.1:${other} `));

    // Second kill: the only live replica has priority 0, so there is no good replica and no switch.
    const mark2 = g.mark();
    await g.nodes[2]!.stop('SIGKILL');
    const prefix = escapeRe(`master mymaster 127.0.0.1 ${other}`);
    await waitFor('-failover-abort-no-good-slave on some vigil', () => g.logs.some((_, i) => g.since(i, mark2).some((e) => e.channel === '-failover-abort-no-good-slave' && new RegExp(`^${prefix}`).test(e.message))), 20_000, 100)
      .catch((e: unknown) => {
        throw new Error(`${String(e)}\n${g.summary(mark2)}`);
      });
    for (const s of g.sentinels) expect(plain(await sentinelCall(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster']))).toEqual(['127.0.0.1', String(other)]);
    expect(g.switches(mark2).flat()).toEqual([]);
    expect((plain(await sentinelCall(zero, ['ROLE'])) as unknown[])[0]).toBe('slave');
  }, 60_000);

  it.each([
    ['crash-after-election', '+elected-leader'],
    ['crash-after-promotion', '+promoted-slave'],
  ])('%s: the leader exits 99 right after %s; restarted from its file, the group converges', async (mode, lastEvent) => {
    const g = (group = await FailoverGroup.start());
    for (const s of g.sentinels) expect(await sentinelCall(s.port, ['SENTINEL', 'SIMULATE-FAILURE', mode])).toEqual({ type: 'simple', value: 'OK' });
    const mark = g.mark();
    await g.master.stop('SIGKILL');
    const killedAt = Date.now();
    const crashed = await waitFor('a vigil to exit', () => {
      const i = g.sentinels.findIndex((s) => s.exited());
      return i >= 0 ? i : undefined;
    }, 20_000, 20).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${g.summary(mark)}`);
    });
    const leader = g.sentinels[crashed]!;
    console.log(`[failover] ${mode}: ${g.label(crashed)} exited ${Date.now() - killedAt} ms after the kill, code ${leader.child.exitCode}, signal ${leader.child.signalCode}`);
    expect(leader.child.exitCode).toBe(99);
    expect(leader.output()).toContain(lastEvent);
    expect(leader.output()).toContain('Sentinel CRASH because of SENTINEL simulate-failure');
    const marks = [...mark];
    await g.restartSentinel(crashed);
    marks[crashed] = 0;
    // After crash-after-promotion the file already names the promoted replica (the flush at
    // +promoted-slave writes the current master address, which is the promoted one from then
    // on, as in 7.0.15): the restarted leader resumes there without a +switch-master of its own,
    // and its hellos (config epoch of the failover) switch the others.
    const switchesOnRestart = mode === 'crash-after-promotion' ? new Set([crashed]) : new Set<number>();
    // The survivors still have the simulation on (it cannot be cleared without naming a mode):
    // should one of them win a later election it crashes too, and is restarted the same way.
    const extraCrashes: string[] = [];
    await waitFor('a +switch-master on every vigil', async () => {
      for (const [i, s] of g.sentinels.entries()) {
        if (s.exited()) {
          extraCrashes.push(`${g.label(i)} exit ${s.child.exitCode}`);
          expect(s.child.exitCode, `${g.label(i)} exit code`).toBe(99);
          await g.restartSentinel(i);
          marks[i] = 0;
        }
      }
      return g.switches(marks).every((sw, i) => sw.length >= 1 || switchesOnRestart.has(i));
    }, 45_000, 50).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${g.summary(marks)}`);
    });
    if (extraCrashes.length > 0) console.log(`[failover] ${mode}: further crashes ${extraCrashes.join(', ')}`);
    const switched = g.switches(marks).flat();
    const port = Number(/ (\d+)$/.exec(switched[0]!)![1]);
    expect(new Set(switched).size, g.summary(marks)).toBe(1);
    expect(replicaPorts(g)).toContain(port);
    if (mode === 'crash-after-promotion') {
      const promoted = /\+promoted-slave slave 127\.0\.0\.1:(\d+) /.exec(leader.output())?.[1];
      expect(port, 'the promotion made before the crash is kept').toBe(Number(promoted));
    }
    await g.waitAgreed(port, replicaPorts(g).filter((p) => p !== port));
    expect(g.sentinels.every((s) => !s.exited())).toBe(true);
    g.switches(marks).forEach((sw, i) => expect(sw, `${g.label(i)} switches\n${g.summary(marks)}`).toHaveLength(switchesOnRestart.has(i) ? 0 : 1));
    console.log(`[failover] kill -9 with ${mode}: converged ${Date.now() - killedAt} ms after the kill`);
  }, 60_000);
});
