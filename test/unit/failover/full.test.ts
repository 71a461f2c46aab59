/**
 * A whole failover through the core, from ODOWN (and from SENTINEL FAILOVER) to +switch-master,
 * checked event by event against the reference's observed sequence (§5.3).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failoverSwitches } from '../../../src/core/failover/start.js';
import { MYID } from '../monitor/rig.js';
import { eventTypesSince, failoverCluster, runUntil } from './cluster.js';

// The automatic start is gated (see core/failover/start.ts); these tests run with it on.
const gateWas = failoverSwitches.automaticStart;
beforeEach(() => {
  failoverSwitches.automaticStart = true;
});
afterEach(() => {
  failoverSwitches.automaticStart = gateWas;
});

const LEADER_SEQUENCE = [
  '+elected-leader',
  '+failover-state-select-slave',
  '+selected-slave',
  '+failover-state-send-slaveof-noone',
  '+failover-state-wait-promotion',
  '-role-change',
  '+promoted-slave',
  '+failover-state-reconf-slaves',
  '+slave-reconf-sent',
  '+slave-reconf-inprog',
  '+slave-reconf-done',
  '+failover-end',
  '+switch-master',
  '+slave',
  '+slave',
];

describe('a failover led by this sentinel', () => {
  it('goes from ODOWN to +switch-master in the order 7.0.15 shows', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    expect(c.master.replicas.size).toBe(2);
    const from = c.rig.events.length;
    c.nodes.get(6379)!.alive = false;
    expect(runUntil(c.rig, '+switch-master', 20_000)).toBe(true);
    c.rig.pump(c.rig.tick(100));
    expect(eventTypesSince(c.rig, from)).toEqual([
      '+sdown',
      '+odown',
      '+new-epoch',
      '+try-failover',
      '+vote-for-leader',
      ...LEADER_SEQUENCE,
    ]);
    const events = new Map(c.rig.events.slice(from).map(([t, m]) => [t, m]));
    expect(events.get('+new-epoch')).toBe('1');
    expect(events.get('+vote-for-leader')).toBe(`${MYID} 1`);
    expect(events.get('+selected-slave')).toBe('slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379');
    expect(events.get('+promoted-slave')).toBe('slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379');
    expect(events.get('+slave-reconf-sent')).toBe('slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6379');
    expect(events.get('+failover-end')).toBe('master m 127.0.0.1 6379');
    expect(events.get('+switch-master')).toBe('m 127.0.0.1 6379 127.0.0.1 6380');
    expect(c.master.addr.port).toBe(6380);
    expect(c.master.configEpoch).toBe(1);
    expect(c.master.failoverState).toBe('none');
    expect([...c.master.replicas.keys()].sort()).toEqual(['127.0.0.1:6379', '127.0.0.1:6381']);
    // The promotion and the reconfiguration are the 6-command transaction.
    expect(c.nodes.get(6380)!.received.filter((x) => !/^(PING|INFO|PUBLISH|CLIENT SETNAME)/.test(x))).toEqual([
      'MULTI', 'SLAVEOF NO ONE', 'CONFIG REWRITE', 'CLIENT KILL TYPE normal', 'CLIENT KILL TYPE pubsub', 'EXEC',
    ]);
    expect(c.nodes.get(6381)!.received).toContain('SLAVEOF 127.0.0.1 6380');
  });

  it('asks the peers for their vote with its run id as soon as it starts', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    c.nodes.get(6379)!.alive = false;
    runUntil(c.rig, '+try-failover', 10_000);
    const asks = c.rig.sent.filter((s) => s.argv[1] === 'is-master-down-by-addr' && s.argv[5] === MYID);
    expect(asks.map((s) => s.link.port).sort()).toEqual([26380, 26381]);
    expect(asks[0]!.argv.slice(2)).toEqual(['127.0.0.1', '6379', '1', MYID]);
  });

  it('flushes its own vote and the promotion before anything of the batch leaves', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    c.nodes.get(6379)!.alive = false;
    const batches = [];
    for (let t = 0; t < 20_000 && !c.rig.events.some(([x]) => x === '+switch-master'); t += 100) batches.push(...c.rig.pump(c.rig.tick(100)));
    const persisted = batches.filter((b) => b.persist !== null).map((b) => b.persist!.reason);
    expect(persisted).toContain('vote');
    expect(persisted).toContain('promoted replica');
  });
});

describe('SENTINEL FAILOVER', () => {
  it('drives the same machine without peers or ODOWN, as observed on 7.0.15', () => {
    const c = failoverCluster({ peers: false });
    c.rig.run(3000);
    const from = c.rig.events.length;
    c.rig.pump(c.rig.command('sentinel', 'failover', 'm'));
    expect(c.master.forceFailover).toBe(true);
    expect(runUntil(c.rig, '+switch-master', 20_000)).toBe(true);
    c.rig.pump(c.rig.tick(100));
    const expected = ['+new-epoch', '+try-failover', '+vote-for-leader', ...LEADER_SEQUENCE];
    // The old master is alive here: re-added as a replica, it then reports role:master.
    expect(eventTypesSince(c.rig, from).slice(0, expected.length)).toEqual(expected);
    expect(c.master.addr.port).toBe(6380);
  });

  it('refuses a second one while the first runs (-INPROG)', () => {
    const c = failoverCluster({ peers: false });
    c.rig.run(3000);
    // The replicas ignore SLAVEOF NO ONE, so the failover stays in wait_promotion.
    for (const port of [6380, 6381]) c.nodes.get(port)!.ignoreSlaveof = true;
    c.rig.command('sentinel', 'failover', 'm');
    c.rig.run(300);
    expect(c.master.failoverState).toBe('wait_promotion');
    const out = c.rig.command('sentinel', 'failover', 'm');
    const reply = out.actions.find((a) => a.kind === 'reply' && a.clientId === 1);
    expect(reply).toMatchObject({ reply: { t: 'error', v: 'INPROG Failover already in progress' } });
  });

  it('shows failover-state in SENTINEL MASTER only while a failover runs', () => {
    const c = failoverCluster({ peers: false });
    c.rig.run(3000);
    const stateOf = (): string | undefined => {
      const out = c.rig.command('sentinel', 'master', 'm');
      const reply = out.actions.find((a) => a.kind === 'reply' && a.clientId === 1);
      if (reply?.kind !== 'reply' || reply.reply.t !== 'map') return undefined;
      const pair = reply.reply.v.find(([k]) => k.t === 'bulk' && k.v === 'failover-state');
      return pair?.[1].t === 'bulk' ? pair[1].v : undefined;
    };
    expect(stateOf()).toBeUndefined();
    c.rig.command('sentinel', 'failover', 'm');
    expect(stateOf()).toBe('wait_start');
    // 6381 cannot finish its sync yet, which holds the failover in reconf_slaves.
    c.nodes.get(6381)!.linkUp = false;
    runUntil(c.rig, '+failover-state-reconf-slaves', 10_000);
    expect(stateOf()).toBe('reconf_slaves');
    c.nodes.get(6381)!.linkUp = true;
    runUntil(c.rig, '+switch-master', 20_000);
    expect(stateOf()).toBeUndefined();
  });
});
