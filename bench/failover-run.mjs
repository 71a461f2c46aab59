// One run of bench/failover.sh: a fresh group (1 master, 2 replicas, 3 sentinels of one
// implementation) in its own temp dir, the writer writing, one fault on the master (kill -9
// or SIGSTOP), then the measurements, all in ms from the fault instant:
//   phases      first +sdown / +odown of the old master (any sentinel), +try-failover,
//               +elected-leader, +promoted-slave, +slave-reconf-done (last), +failover-end,
//               the first time any sentinel's GET-MASTER-ADDR-BY-NAME names another address,
//               each sentinel's first +switch-master, the first acknowledged write on the new
//               master;
//   failovers   +switch-master count per sentinel and +try-failover after that sentinel's own
//               switch, within SETTLE_MS after the last switch (more than one switch, or any
//               such try, is a spurious second failover); also every -failover-abort-* (a
//               failed election, no good replica, ...) and -sdown of the old master before
//               the switch (a flap);
//   writes      every acknowledged write read back from the final master (the address every
//               sentinel names at the end): the ones missing are lost.
// The group is stopped (exactly its pids) whatever happens; the temp dir is removed unless the
// run failed or KEEP is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Group, MASTER_NAME, call, sleep } from './failover-group.mjs';
import { Watch } from './failover-watch.mjs';
import { KEY_PREFIX, Writer } from './failover-writer.mjs';

export const SHAPE = { replicas: 2, sentinels: 3, quorum: 2, downAfterMs: 1_000, failoverTimeoutMs: 10_000 };
const WARMUP_ACKS = 100;
const FAILOVER_WAIT_MS = 45_000;
const READ_BATCH = 1_000;

/**
 * @param {{ impl: 'vigil'|'redis-sentinel', scenario: 'kill'|'stop', settleMs: number, keep: boolean,
 *           onGroup?: (g: Group | null) => void }} o
 */
export async function runOnce(o) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigil-failover-${o.impl}-${o.scenario}-`));
  const group = new Group(dir, o.impl);
  o.onGroup?.(group);
  let watch = null;
  let writer = null;
  const result = { impl: o.impl, scenario: o.scenario, ok: false, error: null, dir };
  try {
    await group.start(SHAPE);
    watch = new Watch(group.sentinels.map((s) => s.port));
    await watch.start();
    writer = new Writer(watch);
    writer.start();
    await waitFor(`${WARMUP_ACKS} acknowledged writes before the fault`, () => writer.acks.length >= WARMUP_ACKS || writer.error !== null, 10_000);
    if (writer.error !== null) throw writer.error;
    // A random extra wait puts the fault at a random phase of the sentinels' 1 s ping/INFO cycles.
    await sleep(Math.random() * 1_000);

    const old = group.master;
    const oldAddr = `127.0.0.1:${old.port}`;
    group.signal(old, o.scenario === 'kill' ? 'SIGKILL' : 'SIGSTOP');
    const t0 = performance.now();

    const everySwitched = () => group.sentinels.every((_, s) => watch.select('+switch-master', t0, s).length > 0);
    await waitFor('+switch-master on every sentinel', everySwitched, FAILOVER_WAIT_MS).catch((e) => {
      throw new Error(`${e.message}; seen: ${eventSummary(watch, t0)}`);
    });
    const lastSwitch = Math.max(...group.sentinels.map((_, s) => watch.select('+switch-master', t0, s)[0].t));
    const settleEnd = lastSwitch + o.settleMs;
    await sleep(Math.max(0, settleEnd - performance.now()));
    await writer.stop();
    if (writer.error !== null) throw writer.error;

    // The final master: the address every sentinel names (bounded wait, in case one lags).
    let finalAddrs = [];
    await waitForAsync('every sentinel to name the same master', async () => {
      finalAddrs = await Promise.all(group.sentinels.map(async (s) => {
        const r = await call(s.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME);
        return Array.isArray(r) ? `${r[0]}:${r[1]}` : String(r);
      }));
      return finalAddrs.every((a) => a === finalAddrs[0]);
    }, 15_000).catch((e) => {
      throw new Error(`${e.message}: ${finalAddrs.join(', ')}`);
    });
    const finalPort = Number(finalAddrs[0].split(':')[1]);
    const missing = await readBack(finalPort, writer.acks);

    Object.assign(result, measure(group, watch, writer, { t0, oldAddr, settleEnd, missing, finalAddr: finalAddrs[0] }));
    result.ok = true;
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  } finally {
    await writer?.stop().catch(() => undefined);
    await watch?.stop().catch(() => undefined);
    await group.stopAll();
    o.onGroup?.(null);
    if (o.keep || !result.ok) result.kept = true;
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Acknowledged writes whose key does not hold its value on the final master. */
async function readBack(port, acks) {
  const missing = [];
  for (let i = 0; i < acks.length; i += READ_BATCH) {
    const batch = acks.slice(i, i + READ_BATCH);
    const values = await call(port, 'MGET', ...batch.map((a) => `${KEY_PREFIX}${a.n}`));
    batch.forEach((a, j) => {
      if (values[j] !== String(a.n)) missing.push(a);
    });
  }
  return missing;
}

function measure(group, watch, writer, { t0, oldAddr, settleEnd, missing, finalAddr }) {
  const ms = (t) => (t === undefined || t === null ? null : Math.round(t - t0));
  const window = (channel, s) => watch.select(channel, t0, s).filter((e) => e.t <= settleEnd);
  const oldMaster = `master ${MASTER_NAME} ${oldAddr.replace(':', ' ')}`;
  const first = (channel, pred = () => true) => window(channel).find(pred);

  const switches = group.sentinels.map((_, s) => window('+switch-master', s));
  const firstSwitch = switches.map((list) => list[0]);
  const newAddr = firstSwitch[0].message.split(' ').slice(3, 5).join(':');
  const newPort = Number(newAddr.split(':')[1]);
  const newMaster = `master ${MASTER_NAME} ${newAddr.replace(':', ' ')}`;
  const elected = first('+elected-leader');
  // The leader of the attempt that succeeded: the last one elected before the first switch.
  const leader = window('+elected-leader').filter((e) => e.t <= Math.min(...firstSwitch.map((x) => x.t))).at(-1);
  const reconfDone = window('+slave-reconf-done');
  const named = watch.changes.find((c) => c.t >= t0 && c.addr !== null && c.addr !== oldAddr);
  const firstAck = writer.acksSince(t0).find((a) => a.port === newPort);
  const lastAckBefore = writer.acks.filter((a) => a.t < t0).at(-1);
  const triesAfterSwitch = group.sentinels.map((_, s) => window('+try-failover', s).filter((e) => e.t > firstSwitch[s].t).length);
  const switchCounts = switches.map((list) => list.length);
  // A second failover that completes shows as both; one that stalls after +try-failover as the latter.
  const extraFailovers = Math.max(Math.max(...switchCounts) - 1, triesAfterSwitch.some((n) => n > 0) ? 1 : 0);

  return {
    leader: leader === undefined ? null : leader.s,
    newAddr,
    finalAddr,
    phases: {
      sdown: ms(first('+sdown', (e) => e.message === oldMaster)?.t),
      odown: ms(first('+odown', (e) => e.message.startsWith(`${oldMaster} `))?.t),
      tryFailover: ms(first('+try-failover')?.t),
      elected: ms(elected?.t),
      promoted: ms(first('+promoted-slave')?.t),
      reconfDone: ms(reconfDone.at(-1)?.t),
      failoverEnd: ms(first('+failover-end')?.t),
      named: ms(named?.t),
      firstSwitch: ms(Math.min(...firstSwitch.map((e) => e.t))),
      lastSwitch: ms(Math.max(...firstSwitch.map((e) => e.t))),
      firstAck: ms(firstAck?.t),
    },
    switchPerSentinel: firstSwitch.map((e) => ms(e.t)),
    switchTo: firstSwitch.map((e) => e.message.split(' ').slice(3, 5).join(':')),
    switchCounts,
    triesAfterSwitch,
    newMasterSdowns: window('+sdown').filter((e) => e.message === newMaster).length,
    // Cannot happen for a sound reason: nothing answers for a killed or stopped master.
    oldMasterUnsdowns: group.sentinels.reduce((n, _, s) => n + window('-sdown', s).filter((e) => e.message === oldMaster && e.t < firstSwitch[s].t).length, 0),
    // Every abort by kind (-failover-abort-no-good-slave, ...): each costs a retry after
    // 2 x failover-timeout when no other sentinel's attempt succeeds.
    aborts: countBy(watch.events.filter((e) => e.t >= t0 && e.t <= settleEnd && e.channel.startsWith('-failover-abort-')).map((e) => e.channel)),
    extraFailovers,
    writes: {
      sent: writer.sent,
      acked: writer.acks.length,
      failed: writer.failed,
      lost: missing.length,
      lostBeforeFault: missing.filter((a) => a.t < t0).length,
      lastAckBefore: ms(lastAckBefore?.t),
    },
    events: watch.events.filter((e) => e.t >= t0 && e.t <= settleEnd).map((e) => [ms(e.t), e.s, e.channel, e.message]),
  };
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The channels each sentinel published since t0, for a failure message. */
function eventSummary(watch, t0) {
  const bySentinel = new Map();
  for (const e of watch.events) if (e.t >= t0) bySentinel.set(e.s, [...(bySentinel.get(e.s) ?? []), `${e.channel}@${Math.round(e.t - t0)}`]);
  return [...bySentinel.entries()].map(([s, list]) => `sentinel-${s}: ${list.join(' ')}`).join(' | ') || 'no events';
}

async function waitForAsync(what, done, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

async function waitFor(what, done, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
