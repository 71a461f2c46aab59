import { describe, expect, test } from 'vitest';
import type { Reply } from '../../../src/resp/values.js';
import { Cluster } from '../../sim/cluster.js';
import type { SimClient } from '../../sim/client.js';

/** Sends one command on `client` and returns the frames it got within 20 ms. */
function call(c: Cluster, client: SimClient, ...argv: string[]): Reply[] {
  client.send(...argv);
  c.world.runFor(20);
  return client.take();
}

function one(c: Cluster, client: SimClient, ...argv: string[]): Reply {
  const frames = call(c, client, ...argv);
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

function info(c: Cluster, client: SimClient, section = 'replication'): Map<string, string> {
  const reply = one(c, client, 'INFO', section);
  if (reply.t !== 'bulk') throw new Error(`INFO gave ${JSON.stringify(reply)}`);
  return new Map(reply.v.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}

function threeNodes(): Cluster {
  const c = new Cluster(7);
  c.startRedis('m', { writeBytesPerSec: 100 });
  c.startRedis('r1', { replicaOfNode: 'm' });
  c.startRedis('r2', { replicaOfNode: 'm', priority: 50, announced: false });
  c.world.runFor(1_500);
  return c;
}

describe('simulated redis node', () => {
  test('answers PING and reports its run id', () => {
    const c = threeNodes();
    const m = c.client('m');
    expect(one(c, m, 'PING')).toEqual({ t: 'simple', v: 'PONG' });
    expect(info(c, m, 'server').get('run_id')).toBe(c.redisNode('m').runId);
    expect(c.redisNode('m').runId).toMatch(/^[0-9a-f]{40}$/);
  });

  test("a master's INFO lists its replicas the way Sentinel parses them", () => {
    const c = threeNodes();
    const fields = info(c, c.client('m'));
    expect(fields.get('role')).toBe('master');
    expect(fields.get('connected_slaves')).toBe('2');
    expect(fields.get('slave0')).toMatch(/^ip=10\.0\.0\.2,port=6379,state=online,offset=\d+,lag=\d+$/);
    expect(fields.get('slave1')).toMatch(/^ip=10\.0\.0\.3,port=6379,state=online,offset=\d+,lag=\d+$/);
  });

  test("a replica's INFO shows its master, link, priority, offset and announcement", () => {
    const c = threeNodes();
    const r2 = info(c, c.client('r2'));
    expect(r2.get('role')).toBe('slave');
    expect(r2.get('master_host')).toBe('10.0.0.1');
    expect(r2.get('master_port')).toBe('6379');
    expect(r2.get('master_link_status')).toBe('up');
    expect(r2.has('master_link_down_since_seconds')).toBe(false);
    expect(r2.get('slave_priority')).toBe('50');
    expect(r2.get('replica_announced')).toBe('0');
    expect(Number(r2.get('slave_repl_offset'))).toBeGreaterThan(0);
  });

  test("the replica's offset follows the master's", () => {
    const c = threeNodes();
    c.world.runFor(5_000);
    const master = c.redisNode('m').repl.offset;
    expect(master).toBeGreaterThanOrEqual(600);
    expect(c.redisNode('r1').repl.offset).toBe(master);
    // The master learns it from the replica's once-a-second ACK, so it lags by up to a second.
    const acked = Number(/offset=(\d+)/.exec(info(c, c.client('m')).get('slave0')!)![1]);
    expect(acked).toBeGreaterThanOrEqual(c.redisNode('m').repl.offset - 100);
    expect(acked).toBeLessThanOrEqual(c.redisNode('m').repl.offset);
  });

  test('a PUBLISH on the master reaches subscribers on the master and on its replicas', () => {
    const c = threeNodes();
    const onMaster = c.client('m');
    const onReplica = c.client('r1');
    const sub = { t: 'array', v: [{ t: 'bulk', v: 'subscribe' }, { t: 'bulk', v: 'ch' }, { t: 'int', v: 1 }] };
    expect(call(c, onMaster, 'SUBSCRIBE', 'ch')).toEqual([sub]);
    expect(call(c, onReplica, 'SUBSCRIBE', 'ch')).toEqual([sub]);
    expect(one(c, onMaster, 'PUBLISH', 'x', 'y')).toEqual({
      t: 'error',
      v: "ERR Can't execute 'publish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    });
    expect(one(c, c.client('m'), 'PUBLISH', 'ch', 'hello')).toEqual({ t: 'int', v: 1 });
    const message = { t: 'array', v: [{ t: 'bulk', v: 'message' }, { t: 'bulk', v: 'ch' }, { t: 'bulk', v: 'hello' }] };
    expect(onMaster.take()).toEqual([message]);
    expect(onReplica.take()).toEqual([message]);
  });

  test('REPLICAOF NO ONE promotes, REPLICAOF host port follows another master', () => {
    const c = threeNodes();
    const r1 = c.client('r1');
    expect(one(c, r1, 'REPLICAOF', 'NO', 'ONE')).toEqual({ t: 'simple', v: 'OK' });
    expect(info(c, r1).get('role')).toBe('master');
    expect(one(c, c.client('r2'), 'SLAVEOF', '10.0.0.2', '6379')).toEqual({ t: 'simple', v: 'OK' });
    c.world.runFor(100);
    expect(info(c, c.client('r2')).get('master_host')).toBe('10.0.0.2');
    expect(info(c, r1).get('connected_slaves')).toBe('1');
    expect(info(c, c.client('m')).get('connected_slaves')).toBe('0');
    expect(one(c, c.client('r2'), 'SLAVEOF', '10.0.0.2', '6379')).toEqual({ t: 'simple', v: 'OK Already connected to specified master' });
    expect(one(c, r1, 'SLAVEOF', '10.0.0.1', 'x')).toEqual({ t: 'error', v: 'ERR Invalid master port' });
  });

  test("MULTI queues, EXEC runs everything in one go, and CLIENT KILL TYPE spares the caller", () => {
    const c = threeNodes();
    const other = c.client('r1');
    const subscriber = c.client('r1');
    call(c, other, 'CLIENT', 'SETNAME', 'other');
    call(c, subscriber, 'SUBSCRIBE', '__sentinel__:hello');
    const tx = c.client('r1');
    expect(one(c, tx, 'MULTI')).toEqual({ t: 'simple', v: 'OK' });
    for (const argv of [['SLAVEOF', 'NO', 'ONE'], ['CONFIG', 'REWRITE'], ['CLIENT', 'KILL', 'TYPE', 'normal'], ['CLIENT', 'KILL', 'TYPE', 'pubsub']]) {
      expect(one(c, tx, ...argv)).toEqual({ t: 'simple', v: 'QUEUED' });
    }
    expect(one(c, tx, 'EXEC')).toEqual({
      t: 'array',
      v: [{ t: 'simple', v: 'OK' }, { t: 'simple', v: 'OK' }, { t: 'int', v: 1 }, { t: 'int', v: 1 }],
    });
    expect(other.downReason).toBe('Connection closed by server');
    expect(subscriber.downReason).toBe('Connection closed by server');
    expect(tx.downReason).toBe(null);
    expect(c.redisNode('r1').savedReplicaOf).toBe(null);
    expect(one(c, tx, 'EXEC')).toEqual({ t: 'error', v: 'ERR EXEC without MULTI' });
    call(c, tx, 'MULTI');
    call(c, tx, 'NOSUCH');
    expect(one(c, tx, 'EXEC')).toEqual({ t: 'error', v: 'EXECABORT Transaction discarded because of previous errors.' });
  });

  test('AUTH and NOAUTH follow requirepass', () => {
    const c = new Cluster(1);
    c.startRedis('p', { requirepass: 'pw' });
    c.startRedis('q', {});
    const p = c.client('p');
    expect(one(c, p, 'PING')).toEqual({ t: 'error', v: 'NOAUTH Authentication required.' });
    expect(one(c, p, 'AUTH', 'nope')).toEqual({ t: 'error', v: 'WRONGPASS invalid username-password pair or user is disabled.' });
    expect(one(c, p, 'AUTH', 'pw')).toEqual({ t: 'simple', v: 'OK' });
    expect(one(c, p, 'PING')).toEqual({ t: 'simple', v: 'PONG' });
    expect(one(c, c.client('q'), 'AUTH', 'x')).toMatchObject({ t: 'error', v: expect.stringMatching(/^ERR AUTH <password> called without/) });
  });

  test('a crash takes the master link down; a restart gets a new run id and answers LOADING for a while', () => {
    const c = new Cluster(3);
    c.startRedis('m', {});
    c.startRedis('r', { replicaOfNode: 'm', loadingMs: 2_000 });
    c.world.runFor(1_000);
    const oldRunId = c.redisNode('m').runId;
    c.kill('m');
    c.world.runFor(3_000);
    const down = info(c, c.client('r'));
    expect(down.get('master_link_status')).toBe('down');
    expect(down.get('master_link_down_since_seconds')).toBe('3');
    c.restart('m');
    expect(c.redisNode('m').runId).not.toBe(oldRunId);
    c.world.runFor(1_100);
    expect(info(c, c.client('r')).get('master_link_status')).toBe('up');
    c.restart('r');
    expect(one(c, c.client('r'), 'PING')).toEqual({ t: 'error', v: 'LOADING Redis is loading the dataset in memory' });
    c.world.runFor(2_000);
    expect(one(c, c.client('r'), 'PING')).toEqual({ t: 'simple', v: 'PONG' });
  });

  test('a restart without its volume comes back empty and as a master, whatever its role was', () => {
    const c = threeNodes();
    const r1 = c.redisNode('r1');
    c.world.runFor(3_000);
    expect(r1.repl.offset).toBeGreaterThan(0);
    c.restart('r1', true);
    expect(r1.repl.offset).toBe(0);
    expect(r1.repl.masterHost).toBeNull();
    c.restart('r2');
    expect(c.redisNode('r2').repl.masterHost).toBe(c.ipOf('m'));
  });

  test('replica-priority changes (CONFIG SET or the sim) show in INFO', () => {
    const c = threeNodes();
    const client = c.client('r1');
    c.world.runFor(20);
    expect(one(c, client, 'CONFIG', 'SET', 'replica-priority', '0')).toEqual({ t: 'simple', v: 'OK' });
    expect(info(c, client).get('slave_priority')).toBe('0');
    c.priority('r1', 7);
    expect(info(c, client).get('slave_priority')).toBe('7');
  });

  test('a partition between a replica and its master takes the link down; healing brings it back', () => {
    const c = threeNodes();
    c.partition(['m'], ['r1'], true, null);
    c.world.runFor(100);
    expect(info(c, c.client('r1')).get('master_link_status')).toBe('down');
    expect(info(c, c.client('m')).get('connected_slaves')).toBe('1');
    c.heal();
    c.world.runFor(1_100);
    expect(info(c, c.client('r1')).get('master_link_status')).toBe('up');
    expect(c.trace.lines.filter((l) => l.node === 'r1').map((l) => `${l.type} ${l.payload}`)).toEqual([
      'master-link up',
      'master-link down Connection timed out',
      'master-link up',
    ]);
  });

  test('MASTERDOWN and BUSY gates', () => {
    const c = new Cluster(5);
    c.startRedis('m', {});
    c.startRedis('r', { replicaOfNode: 'm', serveStale: false });
    c.world.runFor(100);
    c.kill('m');
    c.world.runFor(100);
    const r = c.client('r');
    expect(one(c, r, 'PING')).toEqual({ t: 'error', v: "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'." });
    expect(info(c, r).get('role')).toBe('slave');
    c.redisNode('r').busy = true;
    expect(one(c, r, 'INFO')).toMatchObject({ t: 'error', v: expect.stringMatching(/^BUSY /) });
    expect(one(c, r, 'SCRIPT', 'KILL')).toEqual({ t: 'simple', v: 'OK' });
    expect(one(c, r, 'SCRIPT', 'KILL')).toEqual({ t: 'error', v: 'NOTBUSY No scripts in execution right now.' });
  });
});
