/**
 * The demo's live failover, as steps: an application starts writing through the sentinels,
 * the master is killed, the sentinels agree on a new master, the writes resume there, and
 * every write the old or the new master acknowledged is read back from the new master.
 * Waits are bounded and driven by what the sentinels publish (a fast failover can be over
 * before a poll of SENTINEL MASTER would ever see the o_down flag).
 */
import { command, fieldsOf, formatAddr } from './clients.js';
import { MASTER_NAME } from './cluster.js';
import { requireMaster, type DemoStep } from './context.js';
import { sleep } from './processes.js';
import { DemoWriter } from './writer.js';

const POLL_MS = 50;
const WRITES_BEFORE_KILL_MS = 3_000;
const ODOWN_WAIT_EXTRA_MS = 10_000;
const RESUME_WAIT_MS = 15_000;
const WRITES_AFTER_RESUME_MS = 3_000;

export const startWriting: DemoStep = {
  title: 'Start an application: ioredis in Sentinel mode, SET demo:<n> <n> every 10 ms',
  async run(ctx) {
    const writer = new DemoWriter(ctx.vigils.map((v) => v.port), ctx.out);
    ctx.writer = writer;
    await writer.start();
    ctx.out.line('it asked the sentinels where mymaster is; a "writer" line each second shows what was acknowledged, and by which master');
    await sleep(WRITES_BEFORE_KILL_MS);
  },
};

export const killTheMaster: DemoStep = {
  title: 'Kill the master (SIGKILL) while the writes flow: watch +sdown, then +odown once a quorum agrees',
  async run(ctx) {
    const master = requireMaster(ctx);
    const view = ctx.vigils[0] === undefined ? null : await command(ctx.vigils[0].port, 'SENTINEL', 'MASTER', MASTER_NAME);
    const downAfter = Number((view?.ok === true ? fieldsOf(view.value).get('down-after-milliseconds') : undefined) ?? ctx.shape.downAfterMs);
    ctx.out.line(`kill -9 ${master.pid} (master 127.0.0.1:${master.port}); down-after-milliseconds is ${downAfter}`);
    process.kill(master.pid, 'SIGKILL');
    const killedAt = Date.now();
    ctx.killedAt = killedAt;
    // Every sentinel publishes +odown, unless the failover is over before it got there
    // (a peer's hello then brings +switch-master first).
    const reached = (name: string): boolean => ctx.events.some((e) => e.at >= killedAt && e.source === name && (e.channel === '+odown' || e.channel === '+switch-master'));
    const deadline = killedAt + downAfter + ODOWN_WAIT_EXTRA_MS;
    while (!ctx.vigils.every((v) => reached(v.name)) && Date.now() < deadline) await sleep(POLL_MS);
    const firstOdown = ctx.events.find((e) => e.at >= killedAt && e.channel === '+odown');
    if (firstOdown === undefined) ctx.out.error(`no sentinel published +odown within ${(deadline - killedAt) / 1000} s of the kill`);
    else ctx.out.line(`first +odown ${firstOdown.at - killedAt} ms after the kill (${firstOdown.source}): a quorum agrees the master is down`);
  },
};

export const waitForFailover: DemoStep = {
  title: 'Failover: a leader is elected, promotes the best replica and every sentinel switches',
  async run(ctx) {
    const oldPort = String(requireMaster(ctx).port);
    const addresses = async (): Promise<string[]> =>
      Promise.all(ctx.vigils.map(async (v) => {
        const r = await command(v.port, 'SENTINEL', 'get-master-addr-by-name', MASTER_NAME);
        return r.ok ? formatAddr(r.value) : '?';
      }));
    const agreed = (seen: readonly string[]): boolean => seen.every((a) => a === seen[0] && a !== '?' && !a.endsWith(`:${oldPort}`));
    const started = Date.now();
    let seen = await addresses();
    // A failover that has to start over (failed election, no good replica) retries after
    // 2 x failover-timeout: wait for one retry.
    while (Date.now() - started < 3 * ctx.shape.failoverTimeoutMs && !agreed(seen)) {
      await sleep(POLL_MS);
      seen = await addresses();
    }
    if (!agreed(seen)) throw new Error(`the sentinels did not agree on a new master: ${seen.join(', ')}`);
    const newPort = Number(seen[0]!.split(':')[1]);
    ctx.newMasterPort = newPort;
    const role = await command(newPort, 'ROLE');
    const roleName = role.ok && Array.isArray(role.value) ? String(role.value[0]) : '?';
    const killedAt = ctx.killedAt ?? started;
    const switches = ctx.events.filter((e) => e.at >= killedAt && e.channel === '+switch-master');
    const lastSwitch = switches.length === 0 ? null : Math.max(...switches.map((e) => e.at)) - killedAt;
    ctx.out.line(`every sentinel answers get-master-addr-by-name with ${seen[0]} (ROLE there: ${roleName})` +
      (lastSwitch === null ? '' : `; the last +switch-master came ${lastSwitch} ms after the kill`));
  },
};

export const writesResumed: DemoStep = {
  title: 'Writes resume on the new master; then every acknowledged write is read back from it',
  async run(ctx) {
    const writer = ctx.writer;
    const newPort = ctx.newMasterPort;
    if (writer === null || newPort === null) throw new Error('no writer, or no agreed new master');
    const deadline = Date.now() + RESUME_WAIT_MS;
    while (writer.acksOn(newPort).length === 0 && Date.now() < deadline) await sleep(POLL_MS);
    if (writer.acksOn(newPort).length === 0) throw new Error(`no write was acknowledged by the new master 127.0.0.1:${newPort} within ${RESUME_WAIT_MS / 1000} s`);
    await sleep(WRITES_AFTER_RESUME_MS);
    await writer.stop();

    const out = ctx.out;
    out.line(`writer stopped: ${writer.acks.length} writes acknowledged, ${writer.failed} failed (not acknowledged: the client saw an error)`);
    const gap = writer.longestGap();
    if (gap !== null) {
      const sinceKill = ctx.killedAt === null ? '' : `, ${((gap.after.at - ctx.killedAt) / 1000).toFixed(2)} s after the kill`;
      out.line(`writes stopped at ${out.stamp(gap.before.at)} (last acknowledged by 127.0.0.1:${gap.before.port}) and resumed at ` +
        `${out.stamp(gap.after.at)} on 127.0.0.1:${gap.after.port}${sinceKill}: ${(gap.ms / 1000).toFixed(2)} s without an acknowledged write`);
    }
    const { missing, error } = await writer.missingOn(newPort);
    if (error !== null) throw new Error(`reading the writes back from 127.0.0.1:${newPort} failed: ${error}`);
    if (missing.length > 0) {
      const sample = missing.slice(0, 5).map((a) => `demo:${a.n} (acknowledged by :${a.port} at ${out.stamp(a.at)})`).join(', ');
      throw new Error(`${missing.length} of ${writer.acks.length} acknowledged writes are missing on the new master 127.0.0.1:${newPort}: ${sample}`);
    }
    out.line(`read back from the new master 127.0.0.1:${newPort} (MGET): all ${writer.acks.length} acknowledged writes are there, none lost`);
  },
};
