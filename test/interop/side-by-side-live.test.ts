/**
 * vigil and redis-sentinel 7.0.15 monitoring the same live topology (a real master with two
 * replicas), each with its own config file but the same settings. Once both have discovered
 * the replicas and each other, their replies about that world are compared field for field in
 * RESP2 and RESP3: everything must be identical, down to flags and field order, except ages,
 * replication offsets (they move between two INFO polls) and, for SENTINELS, the peer's
 * identity (each lists the other). Every process is killed by pid, also on failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  instanceFields,
  instancesOf,
  masterFields,
  monitorConfig,
  sentinelCall,
  sentinelUnderTest,
  startRedisSentinel,
  startReplicatedMaster,
  stopAll,
  waitUntilOk,
  type Proc,
  type ReplicatedTopology,
} from '../helpers/processes.js';
import { plain, type RespNode } from '../helpers/resp-client.js';
import { AGE_FIELDS, compareReplies, instanceName, parseInfo, sortedBy } from '../helpers/side-by-side.js';

/** vigil; redis-sentinel with SENTINEL_UNDER_TEST=redis-sentinel (checks the test itself). */
const impl = sentinelUnderTest();
let topo: ReplicatedTopology;
let ours: Proc;
let theirs: Proc;

const PROTOS = [2, 3] as const;
/** Replication offsets advance with every hello the master propagates. */
const REPLICA_LOOSE = new Set([...AGE_FIELDS, 'slave-repl-offset']);
/** Each sentinel lists the other: identity differs, everything else must not. */
const PEER_LOOSE = new Set([...AGE_FIELDS, 'name', 'runid', 'port']);

beforeAll(async () => {
  topo = await startReplicatedMaster(2);
  const config = monitorConfig({ masterPort: topo.master.port, quorum: 2, downAfterMs: 5000, failoverTimeoutMs: 60_000 });
  [ours, theirs] = await Promise.all([impl.start({ config }), startRedisSentinel({ config })]);
  const want = JSON.stringify({ m: ['master', '2', '1', true], replicas: [['slave', 'ok'], ['slave', 'ok']], peers: ['sentinel'] });
  await waitUntilOk('both sentinels to see 2 linked replicas and each other', async () => {
    const views = await Promise.all([ours, theirs].map(async (s) => {
      const m = await masterFields(s.port);
      const replicas = await instancesOf(s.port, 'REPLICAS');
      const peers = await instancesOf(s.port, 'SENTINELS');
      return JSON.stringify({ m: [m.flags, m['num-slaves'], m['num-other-sentinels'], m['info-refresh'] !== '0'], replicas: replicas.map((r) => [r.flags, r['master-link-status']]), peers: peers.map((p) => p.flags) });
    }));
    return views.every((v) => v === want) ? '' : `${impl.kind} ${views[0]}, redis-sentinel ${views[1]}`;
  }, 15_000);
}, 30_000);

afterAll(stopAll);

async function both(proto: 2 | 3, ...args: string[]): Promise<[RespNode, RespNode]> {
  return Promise.all([sentinelCall(ours.port, args, proto), sentinelCall(theirs.port, args, proto)]);
}

describe('live replies match redis-sentinel 7.0.15', () => {
  for (const proto of PROTOS) {
    it(`RESP${proto}: SENTINEL MASTER mymaster`, async () => {
      const [a, b] = await both(proto, 'SENTINEL', 'MASTER', 'mymaster');
      expect(compareReplies(a, b).join('\n')).toBe('');
      expect(instanceFields(a)['num-other-sentinels']).toBe('1');
      expect(instanceFields(a)['num-slaves']).toBe('2');
    });

    it(`RESP${proto}: SENTINEL MASTERS`, async () => {
      const [a, b] = await both(proto, 'SENTINEL', 'MASTERS');
      expect(compareReplies(sortedBy(a, instanceName), sortedBy(b, instanceName)).join('\n')).toBe('');
    });

    it(`RESP${proto}: SENTINEL REPLICAS / SLAVES mymaster (offsets loose)`, async () => {
      for (const sub of ['REPLICAS', 'SLAVES']) {
        const [a, b] = await both(proto, 'SENTINEL', sub, 'mymaster');
        expect(compareReplies(sortedBy(a, instanceName), sortedBy(b, instanceName), REPLICA_LOOSE).join('\n')).toBe('');
      }
    });

    it(`RESP${proto}: SENTINEL SENTINELS mymaster (each lists the other; identity loose)`, async () => {
      const [a, b] = await both(proto, 'SENTINEL', 'SENTINELS', 'mymaster');
      expect(compareReplies(a, b, PEER_LOOSE).join('\n')).toBe('');
      // ...and the identity is the other one's.
      const [idA, idB] = await Promise.all([ours, theirs].map(async (s) => plain(await sentinelCall(s.port, ['SENTINEL', 'MYID'])) as string));
      const fieldsA = await instancesOf(ours.port, 'SENTINELS');
      const fieldsB = await instancesOf(theirs.port, 'SENTINELS');
      expect(fieldsA.map((p) => [p.name, p.runid, p.port])).toEqual([[idB, idB, String(theirs.port)]]);
      expect(fieldsB.map((p) => [p.name, p.runid, p.port])).toEqual([[idA, idA, String(ours.port)]]);
    });

    it.each([
      ['SENTINEL', 'get-master-addr-by-name', 'mymaster'],
      ['SENTINEL', 'CKQUORUM', 'mymaster'],
      ['ROLE'],
      ['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '{master}', '0', '*'],
    ].map((t) => [t.join(' ').replace('{master}', '<master port>'), t] as const))(`RESP${proto}: %s`, async (_label, template) => {
      const args = template.map((a) => (a === '{master}' ? String(topo.master.port) : a));
      const [a, b] = await both(proto, ...args);
      expect(compareReplies(a, b).join('\n')).toBe('');
    });

    it(`RESP${proto}: INFO sentinel is identical`, async () => {
      const [a, b] = await both(proto, 'INFO', 'sentinel');
      expect(a.type).toBe(b.type);
      expect(parseInfo(plain(a) as string)).toEqual(parseInfo(plain(b) as string));
      expect(plain(b)).toContain(`master0:name=mymaster,status=ok,address=127.0.0.1:${topo.master.port},slaves=2,sentinels=2`);
    });

    it(`RESP${proto}: SENTINEL INFO-CACHE mymaster has the same shape and sources`, async () => {
      const [a, b] = await both(proto, 'SENTINEL', 'INFO-CACHE', 'mymaster');
      const shape = (n: RespNode): unknown => {
        const [name, entries] = plain(n) as [string, [number, string | null][]];
        const runIdOf = (text: string | null): string => /run_id:(\w+)/.exec(text ?? '')?.[1] ?? '';
        const roleOf = (text: string | null): string => /\r\nrole:(\w+)/.exec(text ?? '')?.[1] ?? '';
        return {
          name,
          types: n.type === 'array' ? n.value.map((x) => x.type) : n.type,
          entryTypes: n.type === 'array' && n.value[1]?.type === 'array' ? n.value[1].value.map((e) => (e.type === 'array' ? e.value.map((x) => x.type).join() : e.type)) : [],
          master: [runIdOf(entries[0]![1]), roleOf(entries[0]![1])],
          replicas: entries.slice(1).map(([, text]) => `${runIdOf(text)} ${roleOf(text)}`).sort(),
          sections: parseInfo(entries[0]![1] ?? '').map(([s]) => s),
          agesNumeric: entries.every(([age]) => Number.isInteger(age) && age >= 0),
        };
      };
      expect(shape(a)).toEqual(shape(b));
      const s = shape(b) as { master: string[]; replicas: string[] };
      expect(s.master[1]).toBe('master');
      expect(s.replicas).toHaveLength(2);
    });
  }
});
