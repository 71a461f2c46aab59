/**
 * Real Sentinel clients through real failovers: for each implementation (redis-sentinel
 * 7.0.15 as the baseline, then vigil) one group of three sentinels over a real master with
 * two replicas, and every installable client writing through it at the same time: ioredis 6
 * (RESP3) with and without `failoverDetector`, ioredis 5 (RESP2), node-redis 6 and 5
 * `createSentinel`, redis-py 4.3.4 `master_for` (plus a `slave_for` reader), and a redis-cli
 * shell-style writer. Two failovers per group: (a) kill -9 of the master, (b) after the old
 * master is back as a replica, `redis-cli sentinel failover mymaster` (must print exactly
 * `OK`). redis-cli's operator commands (`ping`, `sentinel get-master-addr-by-name`,
 * `sentinel reset`) are checked in raw output mode on the way.
 *
 * Asserted per client and failover: the first write acknowledged by the new master (WAIT
 * >= 1) arrives within its budget (budgetOf) of the last sentinel's `+switch-master` (it may come
 * earlier: sentinels report the promoted replica from the reconfiguration stage on), and at
 * the end every acknowledged write of every client is in the final master.
 * The manual failover differs by implementation, and each is held to what it promises:
 * - vigil hands over from the reachable old master (writes paused, replica caught up,
 *   old master made a replica at once, docs/decisions/0004): the old master must be a replica
 *   within 1 s of the last switch, every client must meet its budget from the switch, and no
 *   acknowledged write may be lost.
 * - redis-sentinel 7.0.15 leaves the old master a writable master until `+convert-to-slave`
 *   about 10 s later. Clients that only move when their socket drops (ioredis without
 *   failoverDetector, redis-py) are timed from that demotion instead, and writes the old
 *   master acknowledged after the failover began may be lost (its third node keeps
 *   replicating from it until repointed, so WAIT 1 succeeds there); they are counted.
 * CLIENTS_STRICT=1 applies issue 6's literal targets to both (every client within budget of
 * the switch, no acknowledged write lost at all), which 7.0.15 does not meet.
 * The measured times are printed as `[clients]` lines (docs/clients.md records their medians).
 * A failed run is retried (up to twice, each time with a fresh group): the budgets are a few
 * hundred ms and, on a loaded 2-core machine running the rest of the suite, a starved test
 * process alone can miss them (in 1 of 5 runs both implementations' clients resumed 1-2 s late
 * at the same moment).
 * CLIENT_IMPLS=vigil (or redis-sentinel) runs one implementation only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CliWriter, cliMasterAddr, redisCli } from '../../helpers/clients/cli-client.js';
import { NODE_CLIENTS, nodeClient } from '../../helpers/clients/node-clients.js';
import { RedisPyReader, RedisPyWriter, redisPyAvailable } from '../../helpers/clients/python-client.js';
import type { ClientWriter } from '../../helpers/clients/writer.js';
import { instancesOf, sentinelCall, stopAll, waitUntilOk } from '../../helpers/processes.js';
import { plain } from '../../helpers/resp-client.js';
import { FailoverGroup, type SentinelKind } from '../../helpers/topology.js';
import { waitFor } from '../../helpers/wait.js';

const STRICT_TARGETS = process.env.CLIENTS_STRICT === '1';
/**
 * ms from the last `+switch-master` to the first acknowledged write on the new master.
 * Issue 6's targets are 1 s, and 500 ms for ioredis with failoverDetector; CLIENTS_STRICT=1
 * asserts exactly those, and vigil is always held to them. The redis-sentinel baseline gives two
 * clients more, for reasons inside the client that slow them with 7.0.15's spread-out switches
 * (docs/clients.md has the figures):
 * - node-redis: its rediscovery loop (`#connect`) sleeps a fixed 1000 ms whenever the
 *   sentinel it asked still shows the master s_down/o_down or failover_in_progress, which it
 *   does when the event that woke node-redis came before the switch (+sdown, +odown,
 *   +slave-reconf-done); its writes resume on that 1 s step (1.02-2.09 s after the switch
 *   with redis-sentinel 7.0.15 in our runs). Budget 2.5 s.
 * - ioredis with failoverDetector: every `+switch-master` message ends its connection, and
 *   the detector it creates on reconnecting listens again, so as the sentinels' switches
 *   arrive one after the other (tens of ms apart with vigil, up to 2 s with 7.0.15, whose
 *   observers learn from hellos) it reconnects more than once, and a lookup on a sentinel
 *   that has not switched yet sends it back to the old master meanwhile. Each reconnection
 *   costs its retry delay, a sentinel lookup, HELLO and INFO (0.2-0.5 s on this loaded 2-core
 *   machine). Measured up to 1.55 s after the last switch with 7.0.15. Budget 2 s.
 */
const RELAXED_BUDGET_MS: Readonly<Record<string, number>> = {
  'ioredis6-detector': 2000,
  ioredis6: 1000,
  ioredis5: 1000,
  'node-redis6': 2500,
  'node-redis5': 2500,
  'redis-py': 1000,
  'redis-cli': 1000,
};
/** Issue 6's literal targets. vigil is held to them always (its sentinels switch within tens of ms). */
const ISSUE_BUDGET_MS: Readonly<Record<string, number>> = { ...RELAXED_BUDGET_MS, 'ioredis6-detector': 500, 'node-redis6': 1000, 'node-redis5': 1000 };
const budgetOf = (impl: string, client: string): number => (STRICT_TARGETS || impl === 'vigil' ? ISSUE_BUDGET_MS : RELAXED_BUDGET_MS)[client]!;
/** Clients that learn of a manual failover only when the old master drops their socket. */
const SOCKET_DRIVEN = new Set(['ioredis6', 'ioredis5', 'redis-py']);
const STRICT = STRICT_TARGETS;
/** How long to wait for a client that has not resumed yet (to print its figure anyway). */
const LATE_WAIT_MS = 20_000;

const IMPLS = (process.env.CLIENT_IMPLS ?? 'redis-sentinel,vigil').split(',') as SentinelKind[];

afterAll(async () => {
  await stopAll();
});

/** Every sentinel lists `port` as a replica with flags exactly `slave` and its link ok. */
async function waitHealthyReplica(g: FailoverGroup, port: number): Promise<void> {
  await waitUntilOk(`127.0.0.1:${port} a healthy replica on every sentinel`, async () => {
    const problems: string[] = [];
    for (const [i, s] of g.sentinels.entries()) {
      const r = (await instancesOf(s.port, 'REPLICAS')).find((x) => x.name === `127.0.0.1:${port}`);
      if (r?.flags !== 'slave' || r['master-link-status'] !== 'ok') problems.push(`${g.label(i)}: ${r ? `flags ${r.flags} link ${r['master-link-status']}` : 'not listed'}`);
    }
    return problems.join('; ');
  }, 40_000, 100);
}

interface Figure {
  readonly client: string;
  /** From the last +switch-master. */
  readonly ms: number | undefined;
  /** From the moment the client could know (see the header); equals `ms` unless demotion came later. */
  readonly fromTrigger: number | undefined;
  /** From the fault (SIGKILL sent, SENTINEL FAILOVER answered): the write outage users see. */
  readonly fromFault: number | undefined;
}

/**
 * Waits (up to LATE_WAIT_MS after the switch) until every writer has an acknowledged write on
 * `port` since the fault, then returns each one's first such write relative to the last
 * switch, to the client's trigger and to the fault (undefined: never).
 */
async function resumeFigures(writers: readonly ClientWriter[], port: number, faultAt: number, lastAt: number, triggerOf: (client: string) => number = () => lastAt): Promise<Figure[]> {
  await waitFor('every client to write on the new master', () => writers.every((w) => w.log.firstOn(port, faultAt) !== undefined), Math.max(0, lastAt + LATE_WAIT_MS - Date.now()), 50).catch(() => undefined);
  return writers.map((w) => {
    const first = w.log.firstOn(port, faultAt);
    const client = w.log.client;
    return first === undefined
      ? { client, ms: undefined, fromTrigger: undefined, fromFault: undefined }
      : { client, ms: Math.round(first.at - lastAt), fromTrigger: Math.round(first.at - triggerOf(client)), fromFault: Math.round(first.at - faultAt) };
  });
}

/** Polls ROLE on the old master from now on; resolves with the time it first answered `slave`. */
async function demotionTime(port: number, timeoutMs: number): Promise<number | undefined> {
  return waitFor(`${port} to be demoted`, async () => {
    const role = plain(await sentinelCall(port, ['ROLE'])) as unknown[];
    return role[0] === 'slave' ? Date.now() : undefined;
  }, timeoutMs, 50).catch(() => undefined);
}

/** With CLIENTS_VERBOSE=1: every sentinel's events since `mark`, in ms relative to `t0`. */
function timeline(g: FailoverGroup, mark: readonly number[], t0: number): void {
  if (process.env.CLIENTS_VERBOSE !== '1') return;
  const lines = g.logs.flatMap((_, i) => g.since(i, mark).map((e) => ({ at: e.at, text: `${g.label(i)} ${e.channel} ${e.message}` })));
  lines.sort((a, b) => a.at - b.at);
  console.log(lines.map((l) => `  +${l.at - t0} ${l.text}`).join('\n'));
}

function print(impl: string, scenario: string, figures: readonly Figure[], writers: readonly ClientWriter[]): void {
  for (const f of figures) {
    const w = writers.find((x) => x.log.client === f.client)!;
    const trigger = f.fromTrigger !== f.ms ? ` (${f.fromTrigger} ms after the old master's demotion)` : '';
    const ended = w.log.errors.filter((e) => e.message.startsWith('client ended')).length;
    const recreated = ended > 0 ? `; client ended by ioredis and recreated ${ended}x so far` : '';
    console.log(`[clients] ${impl} ${scenario} ${f.client}: ${f.ms === undefined ? 'no write on the new master' : `${f.ms} ms${trigger}`} (last +switch-master -> first acked write on the new master; ${f.fromFault ?? '-'} ms after the fault); ${w.log.describe()}${recreated}`);
  }
  console.log(`[clients-json] ${JSON.stringify({ impl, scenario, figures })}`);
  if (process.env.CLIENTS_VERBOSE === '1') for (const w of writers) console.log(`  ${w.log.client} errors: ${w.log.errors.map((e) => `@${e.at % 100000} ${e.message}`).slice(-5).join(' | ')}`);
}

/**
 * redis-py `slave_for` reads must resume within 1 s of the last switch with vigil; the
 * redis-sentinel baseline gets 5 s (its observers list the new topology late, and under load
 * the reader's retries push it past 1 s). Not a target of issue 6, which times writes.
 */
const readBudgetOf = (impl: string): number => (impl === 'vigil' || STRICT_TARGETS ? 1000 : 5000);
/** ms from the last switch to redis-py's first replica read after it (waited for; Infinity if none). */
async function firstReadAfter(reader: RedisPyReader, switchAt: number, notPort: number | null): Promise<number> {
  const find = (): number | undefined => reader.reads.find((r) => r.at >= switchAt && r.port !== notPort)?.at;
  const at = await waitFor('a redis-py slave_for read after the switch', find, 6_000, 50).catch(() => undefined);
  return at === undefined ? Number.POSITIVE_INFINITY : at - switchAt;
}

function expectWithinBudget(impl: string, scenario: string, figures: readonly Figure[], writers: readonly ClientWriter[]): void {
  for (const f of figures) {
    const w = writers.find((x) => x.log.client === f.client)!;
    expect.soft(f.ms, `${impl} ${scenario}: ${f.client} resumed writes on the new master (${w.log.describe()})`).toBeDefined();
    const ms = STRICT ? f.ms : f.fromTrigger;
    if (ms !== undefined) expect.soft(ms, `${impl} ${scenario}: ${f.client} ms after ${ms === f.ms ? 'the last +switch-master' : "the old master's demotion"}`).toBeLessThanOrEqual(budgetOf(impl, f.client));
  }
}

describe.runIf(redisPyAvailable())('installable Sentinel clients through kill -9 and SENTINEL FAILOVER', () => {
  for (const impl of IMPLS) {
    it(`${impl}: every client resumes writes within its budget and loses no acknowledged write`, { timeout: 180_000, retry: 2 }, async () => {
      const g = await FailoverGroup.start({ kinds: [impl, impl, impl] });
      const sentinels = g.sentinels.map((s) => s.port);
      const writers: ClientWriter[] = [...NODE_CLIENTS.map((n) => nodeClient(n, sentinels)), new RedisPyWriter(sentinels), new CliWriter(sentinels)];
      const reader = new RedisPyReader('w:redis-py', sentinels);
      try {
        // Operator command lines, raw output (stdout is a pipe).
        for (const s of sentinels) {
          expect(await redisCli(['-p', String(s), 'ping'])).toEqual({ stdout: 'PONG\n', code: 0 });
          expect(await redisCli(['-p', String(s), 'sentinel', 'get-master-addr-by-name', 'mymaster'])).toEqual({ stdout: `127.0.0.1\n${g.master.port}\n`, code: 0 });
        }
        expect(await redisCli(['-p', String(sentinels[0]), 'sentinel', 'reset', 'mymaster'])).toEqual({ stdout: '1\n', code: 0 });
        await g.waitDiscovered();

        await Promise.all([...writers.map((w) => w.start()), reader.start()]);
        await waitFor('5 acknowledged writes from every client', () => writers.every((w) => w.log.acks.length >= 5), 15_000).catch((e: unknown) => {
          throw new Error(`${String(e)}\n${writers.map((w) => w.log.describe()).join('\n')}`);
        });

        // (a) kill -9 of the master.
        const oldPort = g.master.port;
        let mark = g.mark();
        await g.master.stop('SIGKILL');
        const killedAt = Date.now();
        const first = await g.waitSwitch(mark, oldPort, g.nodes.slice(1).map((n) => n.port));
        console.log(`[clients] ${impl} kill -9: fault -> last +switch-master ${first.lastAt - killedAt} ms`);
        const other = g.nodes.slice(1).map((n) => n.port).find((p) => p !== first.port)!;
        await g.waitAgreed(first.port, [other]);
        timeline(g, mark, killedAt);
        const killFigures = await resumeFigures(writers, first.port, killedAt, first.lastAt);
        print(impl, 'kill-9', killFigures, writers);
        expectWithinBudget(impl, 'kill -9', killFigures, writers);
        const readAfterKill = await firstReadAfter(reader, first.lastAt, oldPort);
        expect.soft(readAfterKill, `${impl} kill -9: redis-py slave_for read within ${readBudgetOf(impl)} ms of the switch (errors: ${reader.errors.slice(-3).map((e) => e.message).join(' | ')})`).toBeLessThanOrEqual(readBudgetOf(impl));

        // The old master comes back empty on its port and is turned into a replica.
        await g.restartNode(0);
        await g.waitSlaveOf(oldPort, first.port, 40_000);
        await waitHealthyReplica(g, oldPort);
        await waitHealthyReplica(g, other);

        // (b) manual failover, issued the way the Helm chart's scripts do.
        mark = g.mark();
        const startedAt = Date.now();
        expect(await redisCli(['-p', String(sentinels[0]), 'sentinel', 'failover', 'mymaster'])).toEqual({ stdout: 'OK\n', code: 0 });
        const demoted = demotionTime(first.port, 40_000);
        const second = await g.waitSwitch(mark, first.port, [oldPort, other]);
        expect(await cliMasterAddr(sentinels)).toEqual({ host: '127.0.0.1', port: second.port });
        const demotedAt = await demoted;
        console.log(`[clients] ${impl} SENTINEL FAILOVER: command -> last +switch-master ${second.lastAt - startedAt} ms; old master demoted ${demotedAt === undefined ? 'never (40 s)' : `${demotedAt - second.lastAt} ms after it`}`);
        expect(demotedAt, `${impl}: the old master ${first.port} is demoted after the manual failover`).toBeDefined();
        // vigil demotes a reachable old master as part of the failover; 7.0.15 about 10 s later.
        const handover = impl === 'vigil';
        if (handover) expect.soft((demotedAt ?? Infinity) - second.lastAt, `${impl}: ms from the last +switch-master to the old master's demotion`).toBeLessThanOrEqual(1000);
        timeline(g, mark, startedAt);
        const manualTrigger = (client: string): number => (SOCKET_DRIVEN.has(client) && !handover ? Math.max(second.lastAt, demotedAt ?? Infinity) : second.lastAt);
        const manualFigures = await resumeFigures(writers, second.port, startedAt, second.lastAt, manualTrigger);
        print(impl, 'sentinel-failover', manualFigures, writers);
        expectWithinBudget(impl, 'SENTINEL FAILOVER', manualFigures, writers);
        const readAfterManual = await firstReadAfter(reader, second.lastAt, null);
        expect.soft(readAfterManual, `${impl} SENTINEL FAILOVER: redis-py slave_for read within ${readBudgetOf(impl)} ms of the switch`).toBeLessThanOrEqual(readBudgetOf(impl));

        // No acknowledged write of any client is missing from the final master.
        await Promise.all([...writers.map((w) => w.stop()), reader.stop()]);
        for (const w of writers) {
          const list = plain(await sentinelCall(second.port, ['LRANGE', w.log.key, '0', '-1'])) as string[];
          const present = new Set(list.map(Number));
          // Acknowledged by the old master after the manual failover began: lost by design in 7.0.15.
          const atRisk = new Set(handover ? [] : w.log.acks.filter((a) => a.port === first.port && a.at >= startedAt).map((a) => a.seq));
          const missing = w.log.missing(present);
          const lostAtRisk = missing.filter((n) => atRisk.has(n));
          console.log(`[clients] ${impl} ${w.log.client}: ${w.log.acks.length} acknowledged writes, ${missing.length} missing from the final master ${second.port} (${lostAtRisk.length} of them acknowledged by the old master during the manual failover)`);
          expect.soft(STRICT ? missing : missing.filter((n) => !atRisk.has(n)), `${impl}: ${w.log.client} acknowledged writes missing from the final master`).toEqual([]);
        }
      } finally {
        await Promise.all([...writers.map((w) => w.stop().catch(() => undefined)), reader.stop().catch(() => undefined)]);
        await g.close();
      }
    });
  }
});
