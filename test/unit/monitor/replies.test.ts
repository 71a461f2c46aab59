import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/resp/values.js';
import { clientReply, dataNode, masterInfo, PEER_1, replicaInfo, Rig, RUN_A, RUN_B } from './rig.js';

function fieldsOf(reply: Reply): Record<string, string> {
  if (reply.t !== 'map') throw new Error(`expected a map, got ${reply.t}`);
  return Object.fromEntries(reply.v.map(([k, v]) => [k.t === 'bulk' ? k.v : '', v.t === 'bulk' ? v.v : '']));
}

function first(reply: Reply): Reply {
  if (reply.t !== 'array') throw new Error('expected an array');
  return reply.v[0]!;
}

describe('instance replies follow the monitor', () => {
  it('a watched master and replica: flags, pending commands, ping ages, INFO fields', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1);
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['127.0.0.1:6380'])));
    rig.node(6380, dataNode(() => replicaInfo(RUN_B, '127.0.0.1', 6379)));
    rig.start();
    rig.run(3000);
    rig.tick(40);
    const master = fieldsOf(clientReply(rig.command('sentinel', 'master', 'm')));
    expect(master).toMatchObject({
      runid: RUN_A, flags: 'master', 'link-pending-commands': '0', 'link-refcount': '1', 'last-ping-sent': '0',
      'role-reported': 'master', 'num-slaves': '1',
    });
    expect(Number(master['info-refresh'])).toBeLessThan(3000);
    expect(Number(master['last-ok-ping-reply'])).toBeLessThan(1100);
    const replica = fieldsOf(first(clientReply(rig.command('sentinel', 'replicas', 'm'))));
    expect(replica).toMatchObject({
      name: '127.0.0.1:6380', runid: RUN_B, flags: 'slave', 'master-link-status': 'ok', 'master-host': '127.0.0.1',
      'master-port': '6379', 'slave-repl-offset': '100', 'role-reported': 'slave',
    });
  });

  it('an unreachable master: disconnected, then s_down with its age', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 2).downAfterMs = 1000;
    rig.start();
    rig.run(500);
    expect(fieldsOf(clientReply(rig.command('sentinel', 'master', 'm'))).flags).toBe('master,disconnected');
    rig.run(1000);
    const fields = fieldsOf(clientReply(rig.command('sentinel', 'master', 'm')));
    expect(fields.flags).toBe('s_down,master,disconnected');
    expect(Number(fields['s-down-time'])).toBeLessThanOrEqual(500);
    expect(rig.command('sentinel', 'master', 'm').persist).toBeNull();
  });

  it('a peer seen under two masters: link-refcount 2; connecting counts as connected, as in Redis', () => {
    const rig = new Rig();
    rig.monitor('m', 6379);
    rig.monitor('n', 6479);
    rig.start();
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,127.0.0.1,6379,0`);
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,n,127.0.0.1,6479,0`);
    rig.tick(300);
    const peer = fieldsOf(first(clientReply(rig.command('sentinel', 'sentinels', 'm'))));
    // The link was opened at the tick and has not failed yet: like hiredis's pending connect.
    expect(peer).toMatchObject({ name: PEER_1, flags: 'sentinel', 'link-refcount': '2', 'voted-leader': '?', 'last-hello-message': '300' });
  });

  it('neither SDOWN nor ODOWN changes write the config', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1).downAfterMs = 1000;
    rig.start();
    const batches = rig.run(3000);
    // ODOWN with quorum 1 starts a failover at once; its vote is what gets flushed.
    expect(rig.events.map(([t]) => t).slice(0, 4)).toEqual(['+monitor', '+sdown', '+odown', '+new-epoch']);
    const withOdown = batches.findIndex((b) => b.actions.some((a) => a.kind === 'log' && a.text.startsWith('+odown')));
    expect(batches.slice(0, withOdown).every((b) => b.persist === null)).toBe(true);
    expect(batches[withOdown]!.persist).toEqual({ reason: 'vote' });
  });
});
