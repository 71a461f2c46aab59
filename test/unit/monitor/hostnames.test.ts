import { describe, expect, it } from 'vitest';
import type { Ready } from '../../../src/core/io.js';
import { newMaster } from '../../../src/core/state.js';
import { actionsOf, dataNode, masterInfo, MYID, opensOf, PEER_1, Rig, RUN_A } from './rig.js';

const resolvesOf = (ready: Ready | readonly Ready[]) => actionsOf(ready).filter((a) => a.kind === 'resolve');

function named(announce = false): Rig {
  const rig = new Rig();
  Object.assign(rig.state.settings, { resolveHostnames: true, announceHostnames: announce });
  rig.state.masters.set('m', newMaster('m', { host: 'redis-a.local', ip: '', port: 6379 }, 1, rig.state.timing, rig.mono));
  rig.start();
  return rig;
}

describe('hostnames', () => {
  it('resolves an unresolved master before connecting, then connects to the answer at once', () => {
    const rig = named();
    const first = rig.tick();
    expect(resolvesOf(first)).toEqual([{ kind: 'resolve', requestId: 1, host: 'redis-a.local' }]);
    expect(opensOf(first)).toEqual([]);
    const answered = rig.feed({ kind: 'resolved', now: rig.now(), requestId: 1, host: 'redis-a.local', ip: '10.0.0.7' });
    expect(opensOf(answered).map((o) => [o.mode, o.host, o.port])).toEqual([['cmd', '10.0.0.7', 6379], ['pubsub', '10.0.0.7', 6379]]);
    expect(rig.state.masters.get('m')!.addr).toEqual({ host: 'redis-a.local', ip: '10.0.0.7', port: 6379 });
  });

  it('retries a failed resolution a ping-period later, without ever blocking a tick', () => {
    const rig = named();
    rig.tick();
    expect(opensOf(rig.feed({ kind: 'resolved', now: rig.now(), requestId: 1, host: 'redis-a.local', ip: null }))).toEqual([]);
    const later = rig.run(1000);
    expect(resolvesOf(later).map((r) => r.kind === 'resolve' && r.requestId)).toEqual([2]);
  });

  it('re-resolves the name before every command-link reconnect (following DNS changes)', () => {
    const rig = named();
    rig.tick();
    rig.feed({ kind: 'resolved', now: rig.now(), requestId: 1, host: 'redis-a.local', ip: '10.0.0.7' });
    rig.down(1);
    rig.down(2);
    const again = rig.run(1000);
    expect(resolvesOf(again)).toHaveLength(1);
    const reopened = rig.feed({ kind: 'resolved', now: rig.now(), requestId: 2, host: 'redis-a.local', ip: '10.0.0.8' });
    expect(opensOf(reopened).map((o) => o.host)).toEqual(['10.0.0.8', '10.0.0.8']);
  });

  it('ignores a stale or unknown answer', () => {
    const rig = named();
    rig.tick();
    expect(opensOf(rig.feed({ kind: 'resolved', now: rig.now(), requestId: 99, host: 'x', ip: '10.0.0.1' }))).toEqual([]);
  });

  it('accepts hostnames in INFO replica lines and resolves them before connecting', () => {
    const rig = new Rig();
    rig.state.settings.resolveHostnames = true;
    rig.monitor('m', 6379, 1);
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['replica-b.local:6380'])));
    rig.start();
    const ready = rig.run(300);
    expect(rig.state.masters.get('m')!.replicas.get('replica-b.local:6380')!.addr).toEqual({ host: 'replica-b.local', ip: '', port: 6380 });
    expect(rig.events).toContainEqual(['+slave', 'slave replica-b.local:6380 replica-b.local 6380 @ m 127.0.0.1 6379']);
    expect(resolvesOf(ready).map((r) => r.kind === 'resolve' && r.host)).toEqual(['replica-b.local']);
  });

  it('announces the hostname in hellos, events and is-master-down-by-addr with announce-hostnames', () => {
    const rig = named(true);
    rig.tick();
    rig.feed({ kind: 'resolved', now: rig.now(), requestId: 1, host: 'redis-a.local', ip: '10.0.0.7' });
    rig.node(6379, dataNode(() => masterInfo(RUN_A)), '10.0.0.7');
    rig.up(1);
    rig.up(2);
    rig.run(2200);
    expect(rig.sent.find((s) => s.argv[0] === 'PUBLISH')!.argv[2]).toBe(`127.0.0.1,26379,${MYID},0,m,redis-a.local,6379,0`);
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,redis-a.local,6379,0`);
    expect(rig.events.at(-1)).toEqual(['+sentinel', `sentinel ${PEER_1} 127.0.0.1 26380 @ m redis-a.local 6379`]);
  });

  it('matches is-master-down-by-addr by hostname as well as by IP', () => {
    const rig = named(true);
    rig.tick();
    rig.feed({ kind: 'resolved', now: rig.now(), requestId: 1, host: 'redis-a.local', ip: '10.0.0.7' });
    rig.state.masters.get('m')!.sDown = true;
    for (const host of ['redis-a.local', '10.0.0.7']) {
      const ready = rig.command('sentinel', 'is-master-down-by-addr', host, '6379', '0', '*');
      const reply = ready.actions.find((a) => a.kind === 'reply' && a.clientId === 1);
      expect(reply?.kind === 'reply' && reply.reply.t === 'array' && reply.reply.v[0]).toEqual({ t: 'int', v: 1 });
    }
  });
});
