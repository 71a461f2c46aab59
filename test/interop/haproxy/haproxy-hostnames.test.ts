/**
 * The docker-compose flavour of examples/haproxy/haproxy.cfg: data nodes and sentinels known by
 * host name, sentinels with `resolve-hostnames yes` / `announce-hostnames yes`, replicas with
 * `--replica-announce-ip`, so GET-MASTER-ADDR-BY-NAME answers a name, not an IP. Here the only
 * name that resolves is `localhost`; the checks must still match it and route writes to the
 * master and reads to the replicas. (The failover itself is covered by haproxy-failover.test.ts.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHaproxy, stopAllHaproxy, type Haproxy } from '../../helpers/haproxy.js';
import { sentinelCall, sentinelUnderTest, startRedisServer, stopAll, type Proc } from '../../helpers/processes.js';
import { plain, RespClient } from '../../helpers/resp-client.js';
import { waitFor } from '../../helpers/wait.js';

let nodes: Proc[] = [];
let sentinels: Proc[] = [];
let ha: Haproxy;

beforeAll(async () => {
  const args = ['--repl-diskless-sync-delay', '0', '--replica-announce-ip', 'localhost'];
  const master = await startRedisServer(args);
  const replicas = await Promise.all([0, 1].map(() => startRedisServer([...args, '--replicaof', 'localhost', String(master.port)])));
  nodes = [master, ...replicas];
  const config = [
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    `sentinel monitor mymaster localhost ${master.port} 2`,
    'sentinel down-after-milliseconds mymaster 1000',
    '',
  ].join('\n');
  sentinels = await Promise.all([0, 1, 2].map(() => sentinelUnderTest().start({ config })));
  ha = await startHaproxy({ nodes: nodes.map((n) => n.port), sentinels: sentinels.map((s) => s.port), host: 'localhost' });
}, 40_000);

afterAll(async () => {
  await stopAllHaproxy();
  await stopAll();
});

it('sentinels answer a host name and HAProxy matches it: writes to the master, reads to the replicas', async () => {
  for (const s of sentinels) expect(plain(await sentinelCall(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster']))).toEqual(['localhost', String(nodes[0]!.port)]);
  await waitFor('HAProxy to route writes to redis1 and reads to redis2/redis3', async () =>
    (await ha.serverStatus('redis_master', 'redis1')).startsWith('UP') &&
    (await ha.upCount('sentinels_name_redis1')) >= 2 &&
    (await ha.upCount('sentinels_name_redis2')) === 0 &&
    (await ha.upCount('redis_replicas')) === 2, 20_000, 100);
  const c = await RespClient.connect(ha.ports.write);
  try {
    expect(plain((await c.call('SET', 'named', 'yes')).node)).toBe('OK');
    expect(String(plain((await c.call('INFO', 'server')).node))).toContain(`tcp_port:${nodes[0]!.port}`);
  } finally {
    c.close();
  }
  const r = await RespClient.connect(ha.ports.read);
  try {
    expect(String(plain((await r.call('INFO', 'replication')).node))).toContain('role:slave');
  } finally {
    r.close();
  }
});
