/**
 * The migration path docs/clients.md describes, end to end: a running group of three
 * redis-sentinel 7.0.15 over a real master with two replicas, each replaced in turn by vigil
 * on the same port and the config file that redis-sentinel had rewritten while running (its
 * myid, epoch, known replicas and peers), while an ioredis client keeps writing through the
 * sentinels. After each step every sentinel, of either kind, must list the other two as
 * linked peers with their unchanged ids, the replaced one must report the same myid, and
 * `SENTINEL CKQUORUM` must pass. Once all three are vigils, a kill -9 of the master must
 * fail over with the client's writes resuming on the new master. Processes are killed by pid.
 */
import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { nodeClient } from '../../helpers/clients/node-clients.js';
import { CliWriter } from '../../helpers/clients/cli-client.js';
import { EventLog, instancesOf, sentinelCall, startVigil, stopAll, waitUntilOk, type Proc } from '../../helpers/processes.js';
import { plain } from '../../helpers/resp-client.js';
import { FailoverGroup } from '../../helpers/topology.js';
import { waitFor } from '../../helpers/wait.js';

afterAll(async () => {
  await stopAll();
});

/** Every sentinel lists the other two, by their ids, as linked peers; CKQUORUM passes everywhere. */
async function waitGroupHealthy(sentinels: readonly Proc[], ids: readonly string[]): Promise<void> {
  await waitUntilOk('every sentinel to list the other two as linked peers, CKQUORUM OK', async () => {
    const problems: string[] = [];
    for (const [i, s] of sentinels.entries()) {
      const peers = await instancesOf(s.port, 'SENTINELS');
      const want = ids.filter((_, j) => j !== i).sort();
      const linked = peers.filter((p) => !/disconnected|s_down/.test(p.flags ?? '')).map((p) => p.runid ?? '').sort();
      if (JSON.stringify(linked) !== JSON.stringify(want)) problems.push(`${s.kind}:${s.port} peers ${peers.map((p) => `${p.runid?.slice(0, 8)} ${p.flags}`).join(', ')}`);
      const ck = await sentinelCall(s.port, ['SENTINEL', 'CKQUORUM', 'mymaster']);
      if (ck.type !== 'simple' || !ck.value.startsWith('OK')) problems.push(`${s.kind}:${s.port} CKQUORUM ${JSON.stringify(ck)}`);
    }
    return problems.join('; ');
  }, 30_000, 200);
}

it('redis-sentinels replaced one by one with vigil on the same port and file, then a failover', async () => {
  const g = await FailoverGroup.start({ kinds: ['redis-sentinel', 'redis-sentinel', 'redis-sentinel'] });
  const sentinels = g.sentinels.map((s) => s.port);
  const writer = nodeClient('ioredis6', sentinels);
  const cli = new CliWriter(sentinels);
  const vigils: Proc[] = [];
  try {
    await writer.start();
    await cli.start();
    for (let i = 0; i < 3; i++) {
      const old = g.sentinels[i]!;
      // A clean stop flushes redis-sentinel's state to its file, as `systemctl stop` would.
      await old.stop('SIGTERM');
      const config = fs.readFileSync(old.configPath, 'utf8');
      const v = await startVigil({ config, port: old.port });
      vigils.push(v);
      g.sentinels[i] = v;
      expect(plain(await sentinelCall(v.port, ['SENTINEL', 'MYID'])), `vigil on ${v.port} keeps the id from the file`).toBe(g.ids[i]);
      await waitGroupHealthy(g.sentinels, g.ids);
      g.logs[i]!.close();
      g.logs[i] = await EventLog.subscribe(v.port);
      const acked = writer.log.acks.length;
      await waitFor(`writes to go on after replacing sentinel ${i}`, () => writer.log.acks.length > acked + 3, 10_000);
    }
    expect(g.sentinels.map((s) => s.kind)).toEqual(['vigil', 'vigil', 'vigil']);

    const mark = g.mark();
    const oldPort = g.master.port;
    await g.master.stop('SIGKILL');
    const { port, lastAt } = await g.waitSwitch(mark, oldPort, g.nodes.slice(1).map((n) => n.port));
    await g.waitAgreed(port, g.nodes.slice(1).map((n) => n.port).filter((p) => p !== port));
    for (const w of [writer, cli]) {
      await waitFor(`${w.log.client} to write on the new master ${port}`, () => w.log.firstOn(port, lastAt - 5_000), 10_000).catch((e: unknown) => {
        throw new Error(`${String(e)}; ${w.log.describe()}`);
      });
    }
  } finally {
    await writer.stop();
    await cli.stop();
    await Promise.all(vigils.map((v) => v.stop('SIGKILL')));
    await g.close();
  }
}, 120_000);
