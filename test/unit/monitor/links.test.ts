import { describe, expect, it } from 'vitest';
import { arr, bulk, err, int, simple } from '../../../src/resp/values.js';
import { commandsOf, dataNode, ID8, masterInfo, opensOf, PEER_1, Rig, RUN_A, sendsOf } from './rig.js';

function masterRig(configure: (rig: Rig) => void = () => {}): Rig {
  const rig = new Rig();
  rig.monitor('m', 6379);
  configure(rig);
  rig.start();
  return rig;
}

describe('connecting', () => {
  it('opens a command and a pub/sub link on the first tick, and writes nothing before link-up', () => {
    const rig = masterRig();
    const ready = rig.tick();
    expect(opensOf(ready)).toEqual([
      { kind: 'link-open', linkId: 1, mode: 'cmd', host: '127.0.0.1', port: 6379, bindSource: null, label: `sentinel-${ID8}-cmd` },
      { kind: 'link-open', linkId: 2, mode: 'pubsub', host: '127.0.0.1', port: 6379, bindSource: null, label: `sentinel-${ID8}-pubsub` },
    ]);
    expect(sendsOf(ready)).toEqual([]);
  });

  it('on link-up writes CLIENT SETNAME, PING and the first INFO (cmd) and SETNAME, SUBSCRIBE (pub/sub)', () => {
    const rig = masterRig();
    rig.tick();
    expect(commandsOf(rig.up(1))).toEqual([`CLIENT SETNAME sentinel-${ID8}-cmd`, 'PING', 'INFO']);
    expect(commandsOf(rig.up(2))).toEqual([`CLIENT SETNAME sentinel-${ID8}-pubsub`, 'SUBSCRIBE __sentinel__:hello']);
  });

  it('authenticates both links with auth-pass, or auth-user and auth-pass', () => {
    const rig = masterRig((r) => (r.state.masters.get('m')!.authPass = 'pw'));
    rig.tick();
    expect(commandsOf(rig.up(1))[0]).toBe('AUTH pw');
    expect(commandsOf(rig.up(2))[0]).toBe('AUTH pw');
    const withUser = masterRig((r) => Object.assign(r.state.masters.get('m')!, { authPass: 'pw', authUser: 'mon' }));
    withUser.tick();
    expect(commandsOf(withUser.up(1))[0]).toBe('AUTH mon pw');
    const userOnly = masterRig((r) => (r.state.masters.get('m')!.authUser = 'mon'));
    userOnly.tick();
    expect(commandsOf(userOnly.up(1))[0]).toBe(`CLIENT SETNAME sentinel-${ID8}-cmd`);
  });

  it('sends every command under its renamed name', () => {
    const rig = masterRig((r) => {
      const m = r.state.masters.get('m')!;
      for (const [from, to] of [['client', 'c1'], ['ping', 'p1'], ['info', 'i1'], ['subscribe', 's1']]) {
        m.renamedCommands.set(from!, { from: from!, to: to! });
      }
    });
    rig.tick();
    expect(commandsOf(rig.up(1))).toEqual([`c1 SETNAME sentinel-${ID8}-cmd`, 'p1', 'i1']);
    expect(commandsOf(rig.up(2))).toEqual([`c1 SETNAME sentinel-${ID8}-pubsub`, 's1 __sentinel__:hello']);
  });

  it('binds to bind-source-addr when configured', () => {
    const rig = new Rig({ server: { otherOptions: new Map([['bind-source-addr', '10.1.1.1']]) } });
    rig.monitor('m', 6379);
    rig.start();
    expect(opensOf(rig.tick()).map((o) => o.bindSource)).toEqual(['10.1.1.1', '10.1.1.1']);
  });

  it('retries a refused connection once per ping-period, and never connects to port 0', () => {
    const rig = masterRig();
    rig.monitor('zero', 0);
    const attempts: number[] = [];
    for (let t = 100; t <= 2500; t += 100) {
      const opened = opensOf(rig.pump(rig.tick()));
      if (opened.length > 0) attempts.push(t);
      expect(opened.every((o) => o.port === 6379)).toBe(true);
    }
    expect(attempts).toEqual([100, 1100, 2100]);
  });

  it('reconnects only the missing connection', () => {
    const rig = masterRig();
    rig.node(6379, dataNode(() => masterInfo(RUN_A)));
    rig.pump(rig.tick());
    rig.down(2);
    expect(rig.state.masters.get('m')!.link.disconnected).toBe(true);
    const opened = opensOf(rig.run(1000));
    expect(opened.map((o) => o.mode)).toEqual(['pubsub']);
    expect(rig.state.masters.get('m')!.link.disconnected).toBe(false);
  });
});

describe('pending commands', () => {
  it('counts commands from the moment they are issued and each reply takes one off', () => {
    const rig = masterRig();
    rig.tick();
    const link = rig.state.masters.get('m')!.link;
    expect(link.pendingCommands).toBe(3 + 1); // SETNAME, PING, INFO; pub/sub SETNAME
    const sends = sendsOf(rig.up(1));
    rig.reply(1, sends[0]!.tag, simple('OK'));
    rig.reply(1, sends[1]!.tag, simple('PONG'));
    expect(link.pendingCommands).toBe(2);
    rig.up(2);
    rig.frame(2, simple('OK'));
    expect(link.pendingCommands).toBe(1);
  });

  it('stops periodic commands at 100 pending, and counts again from zero after a reconnect', () => {
    const rig = masterRig();
    rig.tick();
    rig.up(1);
    rig.up(2);
    const link = rig.state.masters.get('m')!.link;
    link.pendingCommands = 100;
    expect(sendsOf(rig.tick(3000))).toEqual([]);
    link.pendingCommands = 99;
    expect(commandsOf(rig.tick(100), 1)).toContain('PING');
  });

  it('ignores a reply whose tag it does not know, and replies on a closed link', () => {
    const rig = masterRig();
    rig.tick();
    rig.up(1);
    const link = rig.state.masters.get('m')!.link;
    const before = link.pendingCommands;
    rig.reply(1, 999, simple('PONG'));
    rig.reply(77, 1, simple('PONG'));
    expect(link.pendingCommands).toBe(before);
  });
});

describe('closing links', () => {
  function connected(): Rig {
    const rig = masterRig();
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['127.0.0.1:6380'])));
    rig.node(6380, dataNode(() => masterInfo(RUN_A)));
    rig.run(300);
    return rig;
  }

  it('SENTINEL RESET closes the master and replica links; the master reconnects, replicas return with its next INFO', () => {
    const rig = connected();
    expect(rig.links.size).toBe(4);
    const ready = rig.command('sentinel', 'reset', 'm');
    expect(ready.actions.filter((a) => a.kind === 'link-close').map((a) => a.kind === 'link-close' && a.linkId)).toEqual([3, 4, 1, 2]);
    expect(rig.state.masters.get('m')!.link.disconnected).toBe(true);
    rig.run(1000);
    expect(rig.links.size).toBe(2);
    // RESET keeps the INFO timestamp, so the replica is rediscovered at the next 10 s poll.
    rig.run(9500);
    expect(rig.links.size).toBe(4);
  });

  it('SENTINEL REMOVE closes every link of the master', () => {
    const rig = connected();
    rig.command('sentinel', 'remove', 'm');
    expect(rig.links.size).toBe(0);
    expect(opensOf(rig.run(3000))).toEqual([]);
  });

  it('SENTINEL SET auth-pass drops the master and replica links so they reconnect with it', () => {
    const rig = connected();
    const ready = rig.command('sentinel', 'set', 'm', 'auth-pass', 'secret');
    expect(ready.actions.filter((a) => a.kind === 'link-close')).toHaveLength(4);
    const again = rig.run(1000);
    expect(commandsOf(again).filter((c) => c.startsWith('AUTH'))).toEqual(['AUTH secret', 'AUTH secret', 'AUTH secret', 'AUTH secret']);
  });

  it('drops a pub/sub link whose SUBSCRIBE is refused (as hiredis does with a stray error)', () => {
    const rig = masterRig((r) => (r.state.masters.get('m')!.authPass = 'wrong'));
    rig.tick();
    rig.up(2);
    rig.frame(2, err('WRONGPASS invalid username-password pair or user is disabled.'));
    rig.frame(2, err('NOAUTH Authentication required.'));
    expect(rig.links.has(2)).toBe(true);
    const ready = rig.frame(2, err('NOAUTH Authentication required.'));
    expect(ready.actions).toContainEqual({ kind: 'link-close', linkId: 2 });
    expect(rig.state.masters.get('m')!.link.disconnected).toBe(true);
  });

  it('closes a command link older than 15 s whose PING has gone unanswered for down-after/2', () => {
    const rig = masterRig((r) => (r.state.masters.get('m')!.downAfterMs = 10_000));
    let answering = true;
    rig.node(6379, (argv, mode) => (answering || mode === 'pubsub' ? dataNode(() => masterInfo(RUN_A))(argv, mode) : null));
    rig.run(16_000);
    answering = false;
    let closedAt = 0;
    for (let t = 100; t <= 8000 && closedAt === 0; t += 100) {
      if (rig.pump(rig.tick()).some((r) => r.actions.some((a) => a.kind === 'link-close' && a.linkId === 1))) closedAt = t;
    }
    // The last PONG came at most one ping-period before silence; the PING after it ~1 s later.
    expect(closedAt).toBeGreaterThan(5000);
    expect(closedAt).toBeLessThanOrEqual(7000);
  });

  it('closes a pub/sub link older than 15 s with no frame for 3 x publish-period', () => {
    const rig = masterRig();
    rig.node(6379, dataNode(() => masterInfo(RUN_A)));
    rig.run(10_000);
    // Nothing arrives on the pub/sub link after the SUBSCRIBE confirmation at ~100 ms.
    const closes = rig.run(6000).flatMap((r) => r.actions).filter((a) => a.kind === 'link-close');
    expect(closes).toEqual([{ kind: 'link-close', linkId: 2 }]);
  });
});

describe('peer links', () => {
  function twoMasters(): Rig {
    const rig = new Rig();
    rig.monitor('m1', 6379);
    rig.monitor('m2', 6479);
    rig.start();
    return rig;
  }

  it('shares one command link per peer run id across masters (link-refcount 2)', () => {
    const rig = twoMasters();
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m1,127.0.0.1,6379,0`);
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m2,127.0.0.1,6479,0`);
    const p1 = rig.state.masters.get('m1')!.sentinels.get(PEER_1)!;
    const p2 = rig.state.masters.get('m2')!.sentinels.get(PEER_1)!;
    expect(p1.link).toBe(p2.link);
    expect(p1.link.refcount).toBe(2);
    const opens = opensOf(rig.tick()).filter((o) => o.port === 26380);
    expect(opens).toHaveLength(1);
    expect(opens[0]!.mode).toBe('cmd');
  });

  it('keeps a shared peer link open when one master is reset, closes it with the last holder', () => {
    const rig = twoMasters();
    rig.node(26380, (argv) => (argv[0] === 'PING' ? simple('PONG') : simple('OK')));
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m1,127.0.0.1,6379,0`);
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m2,127.0.0.1,6479,0`);
    rig.run(200);
    const peerLink = [...rig.links.values()].find((l) => l.port === 26380)!;
    expect(rig.command('sentinel', 'reset', 'm1').actions).not.toContainEqual({ kind: 'link-close', linkId: peerLink.linkId });
    expect(rig.state.masters.get('m2')!.sentinels.get(PEER_1)!.link.refcount).toBe(1);
    expect(rig.command('sentinel', 'reset', 'm2').actions).toContainEqual({ kind: 'link-close', linkId: peerLink.linkId });
  });

  it('authenticates to peers with sentinel-pass, else with our own requirepass', () => {
    const rig = new Rig({ server: { requirepass: 'shared' } });
    rig.monitor('m', 6379);
    rig.start();
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,127.0.0.1,6379,0`);
    const peerOpen = opensOf(rig.tick()).find((o) => o.port === 26380)!;
    expect(commandsOf(rig.up(peerOpen.linkId))).toEqual(['AUTH shared', `CLIENT SETNAME sentinel-${ID8}-cmd`, 'PING']);

    rig.state.settings.sentinelUser = 'sentinel';
    const set = rig.command('sentinel', 'config', 'set', 'sentinel-pass', 'peerpw');
    expect(set.actions).toContainEqual({ kind: 'link-close', linkId: peerOpen.linkId });
    const again = opensOf(rig.tick(1000)).find((o) => o.port === 26380)!;
    expect(commandsOf(rig.up(again.linkId))[0]).toBe('AUTH sentinel peerpw');
  });

  it('asks peers is-master-down-by-addr through the master rename table', () => {
    const rig = new Rig();
    const m = rig.monitor('m', 6379);
    m.renamedCommands.set('sentinel', { from: 'sentinel', to: 'S2' });
    rig.start();
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,127.0.0.1,6379,0`);
    rig.node(26380, (argv) => (argv[0] === 'PING' ? simple('PONG') : argv[0] === 'S2' ? arr([int(0), bulk('*'), int(0)]) : simple('OK')));
    rig.run(31_000);
    expect(m.sDown).toBe(true);
    expect(rig.sent.filter((s) => s.argv[0] === 'S2')[0]!.argv).toEqual(['S2', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*']);
  });
});
