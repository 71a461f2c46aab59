/**
 * Clients that cannot be installed here (Jedis, Lettuce, go-redis v9, StackExchange.Redis),
 * replayed command for command on a raw RESP connection against three sentinels over a real
 * master and two replicas: first three redis-sentinel 7.0.15 (so the replays are right about
 * Sentinel), then three vigils, same assertions. Each replay accepts only the reply types its
 * client accepts (bulk-string ports, integer subscription counts, RESP3 maps, HELLO's integer
 * proto, pushes under RESP3). One real failover (SIGKILL of the master) per group delivers a
 * live +switch-master to every listener, which must reach the new master the way its client does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverGroup, type SentinelKind } from '../../helpers/topology.js';
import * as goRedis from './go-redis.js';
import * as jedis from './jedis.js';
import * as lettuce from './lettuce.js';
import * as se from './stackexchange.js';

const NAME = 'mymaster';
const HOST = '127.0.0.1';

for (const kind of ['redis-sentinel', 'vigil'] as const satisfies readonly SentinelKind[]) {
  describe(`client replays against three ${kind}s`, () => {
    let g: FailoverGroup;
    const ports = (): number[] => g.sentinels.map((s) => s.port);
    const addr = (port: number): { host: string; port: number } => ({ host: HOST, port });

    beforeAll(async () => {
      g = await FailoverGroup.start({ kinds: [kind, kind, kind] });
    }, 40_000);
    afterAll(async () => {
      await g?.close();
    });

    it('Jedis finds the master on every sentinel (RESP2, and RESP3 as Jedis 8 speaks it)', async () => {
      for (const p of ports()) {
        expect(await jedis.resolveMaster(p, NAME)).toEqual(addr(g.master.port));
        expect(await jedis.resolveMaster(p, NAME, true)).toEqual(addr(g.master.port));
      }
    });

    it('Lettuce: HELLO 3 map, bulk port lookup, MasterReplica topology from RESP3 maps', async () => {
      const p = ports()[0]!;
      expect(await lettuce.lookupMaster(p, NAME)).toEqual(addr(g.master.port));
      const topo = await lettuce.topology(p, NAME);
      expect(topo.master).toEqual(addr(g.master.port));
      expect(topo.replicas.map((r) => r.port).sort()).toEqual(g.nodes.slice(1).map((n) => n.port).sort());
    });

    it('go-redis: hello 3, pipelined setinfo, master, sentinels, replicas, ping while subscribed (v9 RESP3, v5 RESP2)', async () => {
      const c = await goRedis.connect(ports()[0]!);
      try {
        expect(await goRedis.masterAddr(c, NAME)).toEqual(addr(g.master.port));
        expect((await goRedis.sentinels(c, NAME)).map((s) => s.port).sort()).toEqual(ports().slice(1).sort());
        expect((await goRedis.replicas(c, NAME)).map((r) => r.port).sort()).toEqual(g.nodes.slice(1).map((n) => n.port).sort());
      } finally {
        c.close();
      }
      for (const v5 of [false, true]) {
        const l = await goRedis.listen(ports()[1]!, NAME, v5);
        try {
          await l.ping();
        } finally {
          l.close();
        }
      }
    });

    it('StackExchange.Redis: server type and version from INFO (2.x) and HELLO (3.x), then addresses and ROLE', async () => {
      const { RespClient } = await import('../../helpers/resp-client.js');
      for (const resp3 of [false, true]) {
        const c = await RespClient.connect(ports()[2]!);
        try {
          const facts = await se.autoConfigure(c, resp3);
          expect(facts.mode).toBe('sentinel');
          expect(Number(facts.version.split('.')[0])).toBeGreaterThanOrEqual(5);
          expect(await se.primaryAddress(c, NAME)).toEqual(addr(g.master.port));
          expect((await se.replicas(c, NAME, facts.version)).map((r) => r.port).sort()).toEqual(g.nodes.slice(1).map((n) => n.port).sort());
          expect((await se.sentinels(c, NAME)).map((s) => s.port).sort()).toEqual(ports().slice(0, 2).sort());
        } finally {
          c.close();
        }
      }
      expect(await se.roleIsMaster(g.master.port)).toBe(true);
    });

    it('a live failover: every listener reads +switch-master as its client does and lands on the new master', async () => {
      const old = g.master.port;
      const replicaPorts = g.nodes.slice(1).map((n) => n.port);
      const jedisListeners = await Promise.all(ports().map((p) => jedis.startListener(p, NAME)));
      const jedis8 = await jedis.startListener(ports()[0]!, NAME, true);
      const goListener = await goRedis.listen(ports()[1]!, NAME);
      const goV5 = await goRedis.listen(ports()[2]!, NAME, true);
      const lettuceListeners = await Promise.all(ports().map((p) => lettuce.listen(p, NAME)));
      const seListeners = [await se.subscribe(ports()[2]!, NAME, false), await se.subscribe(ports()[0]!, NAME, true)];
      const all = [...jedisListeners, jedis8, goListener, goV5, ...lettuceListeners, ...seListeners];
      try {
        for (const l of [...jedisListeners, jedis8]) expect(l.initial).toEqual(addr(old));
        await goListener.ping();
        await goV5.ping();
        const mark = g.mark();
        await g.master.stop('SIGKILL');
        const { port: promoted } = await g.waitSwitch(mark, old, replicaPorts);
        const want = addr(promoted);

        // Jedis and go-redis switch straight to payload fields 3 and 4.
        const switched = await Promise.all([...jedisListeners, jedis8, goListener, goV5].map((l) => l.nextSwitch(10_000)));
        for (const a of switched) expect(a).toEqual(want);
        // Lettuce re-reads master and replicas; the dead master is filtered out by its flags.
        for (const l of lettuceListeners) {
          const topo = await l.refreshOnSwitch(10_000);
          expect(topo.master).toEqual(want);
          expect(topo.replicas.map((r) => r.port)).not.toContain(old);
          expect(topo.replicas.map((r) => r.port)).not.toContain(promoted);
        }
        // StackExchange.Redis reads the *old* address (fields 1 and 2), then asks again and checks ROLE.
        for (const s of seListeners) expect(await s.nextSwitch(10_000)).toEqual(addr(old));
        const { RespClient } = await import('../../helpers/resp-client.js');
        const c = await RespClient.connect(ports()[1]!);
        try {
          const facts = await se.autoConfigure(c, false);
          expect(await se.primaryAddress(c, NAME)).toEqual(want);
          expect(facts.mode).toBe('sentinel');
        } finally {
          c.close();
        }
        expect(await se.roleIsMaster(promoted)).toBe(true);
        // And the lookups of a client that connects afresh now all name the new master.
        for (const p of ports()) {
          expect(await jedis.resolveMaster(p, NAME)).toEqual(want);
          expect(await lettuce.lookupMaster(p, NAME)).toEqual(want);
        }
      } finally {
        for (const l of all) l.close();
      }
    }, 60_000);
  });
}
