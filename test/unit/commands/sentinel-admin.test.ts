/**
 * MONITOR, REMOVE, RESET, FLUSHCONFIG: validation order and error words of 7.0.15, events,
 * whether the config is flushed, and the reply/event order a subscribed RESP3 client sees.
 */
import { describe, expect, it } from 'vitest';
import { OK } from '../../../src/resp/values.js';
import { Box, CLIENT, pairsOf, T0, WATCHER } from './sentinel-harness.js';

describe('SENTINEL MONITOR', () => {
  it.each([
    [['m1', '127.0.0.1', '42099', 'x'], 'ERR Invalid quorum'],
    [['m1', '127.0.0.1', 'x', 'x'], 'ERR Invalid quorum'],
    [['m1', '127.0.0.1', '42099', '02'], 'ERR Invalid quorum'],
    [['m1', '127.0.0.1', '42099', '+1'], 'ERR Invalid quorum'],
    [['m1', '127.0.0.1', '42099', '2147483648'], 'ERR Invalid quorum'],
    [['m1', '127.0.0.1', 'x', '2'], 'ERR Invalid port'],
    [['m1', '127.0.0.1', '042099', '2'], 'ERR Invalid port'],
    [['m1', 'nohost.invalid', 'x', '0'], 'ERR Invalid port'],
    [['m1', '127.0.0.1', '42099', '0'], 'ERR Quorum must be 1 or greater.'],
    [['m1', '127.0.0.1', '42099', '-1'], 'ERR Quorum must be 1 or greater.'],
    [['m1', 'localhost', '42099', '2'], 'ERR Invalid IP address or hostname specified'],
    [['m1', 'bad..host', '70000', '2'], 'ERR Invalid IP address or hostname specified'],
    [['m1', '127.0.0.1', '70000', '2'], 'ERR Invalid port number.'],
    [['m1', '127.0.0.1', '-1', '2'], 'ERR Invalid port number.'],
    [['m1', '127.0.0.1', '99999999999', '1'], 'ERR Invalid port number.'],
    [['taken', '127.0.0.1', '42099', '2'], 'ERR Duplicate master name.'],
  ])('%j -> %s', (args, error) => {
    const box = new Box();
    box.master('taken');
    const out = box.sentinel('monitor', ...args);
    expect(out.bytes).toBe(`-${error}\r\n`);
    expect(out.ready.persist).toBeNull();
    expect(out.events).toEqual([]);
  });

  it('checks the port range before the duplicate name', () => {
    const box = new Box();
    box.master('m1');
    expect(box.sentinel('monitor', 'm1', '127.0.0.1', '70000', '2').bytes).toBe('-ERR Invalid port number.\r\n');
  });

  it('creates the master with default timings, flushes, replies OK, then emits +monitor', () => {
    const box = new Box();
    const out = box.sentinel('monitor', 'm1', '127.0.0.1', '42099', '2');
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails).toEqual({ t: 'error', v: 'ERR Failed to save config file. Check server logs.' });
    expect(out.events).toEqual([['+monitor', 'master m1 127.0.0.1 42099 quorum 2']]);
    const replyIndex = out.ready.actions.findIndex((a) => a.kind === 'reply' && a.clientId === CLIENT);
    const eventIndex = out.ready.actions.findIndex((a) => a.kind === 'reply' && a.clientId === WATCHER);
    expect(replyIndex).toBeLessThan(eventIndex);
    const fields = Object.fromEntries(pairsOf(box.sentinel('master', 'm1').reply));
    expect(fields).toMatchObject({
      flags: 'master,disconnected',
      'down-after-milliseconds': '30000',
      'failover-timeout': '180000',
      'parallel-syncs': '1',
      quorum: '2',
      'info-refresh': '0',
      runid: '',
    });
  });

  it('uses the DEBUG default-down-after for new masters', () => {
    const box = new Box();
    box.sentinel('debug', 'default-down-after', '5000', 'default-failover-timeout', '7000');
    box.sentinel('monitor', 'm1', '127.0.0.1', '1', '1');
    const m = box.state.masters.get('m1')!;
    expect([m.downAfterMs, m.failoverTimeoutMs]).toEqual([5000, 7000]);
  });

  it.each([
    ['1.2.3', '1.2.0.3'],
    ['0x7f.1', '127.0.0.1'],
    ['FE80::ABCD', 'fe80::abcd'],
    ['::1', '::1'],
  ])('normalizes the IP literal %s like glibc (%s), keeping the text as given', (given, ip) => {
    const box = new Box();
    const out = box.sentinel('monitor', 'm', given, '0', '1');
    expect(out.events[0]![1]).toBe(`master m ${ip} 0 quorum 1`);
    expect(box.state.masters.get('m')!.addr).toEqual({ host: given, ip, port: 0 });
  });

  it('accepts a hostname unresolved (ip empty) only with resolve-hostnames', () => {
    const box = new Box();
    box.state.settings.resolveHostnames = true;
    expect(box.sentinel('monitor', 'h', 'redis.local', '6379', '1').reply).toEqual(OK);
    expect(box.state.masters.get('h')!.addr).toEqual({ host: 'redis.local', ip: '', port: 6379 });
    expect(box.sentinel('monitor', 'h2', 'bad..host', '6379', '1').bytes).toBe('-ERR Invalid IP address or hostname specified\r\n');
  });

  it('takes master names as given (case-sensitive, unvalidated)', () => {
    const box = new Box();
    box.sentinel('monitor', 'M', '127.0.0.1', '1', '1');
    expect(box.sentinel('monitor', 'm', '127.0.0.1', '1', '1').reply).toEqual(OK);
    expect([...box.state.masters.keys()]).toEqual(['M', 'm']);
  });
});

describe('SENTINEL REMOVE', () => {
  it('emits -monitor, forgets the master, flushes and replies OK', () => {
    const box = new Box();
    box.master('m1', 6380);
    const out = box.sentinel('remove', 'm1');
    expect(out.events).toEqual([['-monitor', 'master m1 127.0.0.1 6380']]);
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails?.t).toBe('error');
    expect(box.state.masters.size).toBe(0);
  });

  it('errors on unknown masters without flushing', () => {
    const out = new Box().sentinel('remove', 'nope');
    expect(out.bytes).toBe('-ERR No such master with that name\r\n');
    expect(out.ready.persist).toBeNull();
  });
});

describe('SENTINEL RESET', () => {
  function three(): Box {
    const box = new Box();
    for (const name of ['m1', 'm2', 'other']) {
      const m = box.master(name);
      box.replica(m, 7000);
      box.peer(m, 'p'.repeat(40), 26380);
    }
    return box;
  }

  it('resets every master matching the glob, emits +reset-master each, replies the count', () => {
    const box = three();
    const out = box.sentinel('reset', 'm?');
    expect(out.bytes).toBe(':2\r\n');
    expect(out.events).toEqual([
      ['+reset-master', 'master m1 127.0.0.1 6380'],
      ['+reset-master', 'master m2 127.0.0.1 6380'],
    ]);
    expect(out.ready.persist).toBeNull();
    expect(box.state.masters.get('other')!.replicas.size).toBe(1);
  });

  it('matches case-sensitively and answers :0 when nothing matches', () => {
    expect(three().sentinel('reset', 'M*').bytes).toBe(':0\r\n');
  });

  it('forgets replicas and peers, clears flags and failover, keeps epochs and settings', () => {
    const box = three();
    const m = box.state.masters.get('m1')!;
    Object.assign(m, {
      sDown: true, oDown: true, failoverState: 'wait_start', forceFailover: true, leader: 'x', leaderEpoch: 5,
      configEpoch: 3, failoverStartTime: 99, authPass: 'pw', notificationScript: '/n.sh', quorum: 1,
    });
    box.run(['sentinel', 'reset', 'm1'], { mono: T0.mono + 500, wall: T0.wall + 500 });
    expect(m.replicas.size + m.sentinels.size).toBe(0);
    expect(m).toMatchObject({
      sDown: false, oDown: false, failoverState: 'none', forceFailover: false, leader: null, runid: '',
      failoverStartTime: 0, leaderEpoch: 5, configEpoch: 3, authPass: 'pw', notificationScript: '/n.sh', quorum: 1,
    });
    expect(m.link).toMatchObject({ disconnected: true, pendingCommands: 0, actPingTime: T0.mono + 500, lastPingTime: 0 });
    const fields = Object.fromEntries(pairsOf(box.run(['sentinel', 'master', 'm1'], { mono: T0.mono + 508, wall: 0 }).reply));
    expect(fields).toMatchObject({ flags: 'master,disconnected', 'last-ping-sent': '8', 'role-reported-time': '8', 'num-slaves': '0' });
  });
});

describe('SENTINEL FLUSHCONFIG', () => {
  it('asks for a flush and replies OK, or the save error if the write fails', () => {
    const out = new Box().sentinel('flushconfig');
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails).toEqual({ t: 'error', v: 'ERR Failed to save config file. Check server logs.' });
  });
});
