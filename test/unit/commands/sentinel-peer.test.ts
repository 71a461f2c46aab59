/**
 * SENTINEL IS-MASTER-DOWN-BY-ADDR and the vote it may cast: replies and events as 7.0.15 gives
 * them, flush before the reply, and two properties: one vote per epoch, epochs never go back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { voteLeader } from '../../../src/core/commands/sentinel/vote.js';
import { at, Box, MYID, T0 } from './sentinel-harness.js';

function box(): Box {
  const b = new Box();
  b.master('mymaster', 42001);
  return b;
}

function ask(b: Box, epoch: string, runid: string, ip = '127.0.0.1', port = '42001') {
  return b.sentinel('is-master-down-by-addr', ip, port, epoch, runid);
}

const reply = (down: number, leader: string, epoch: number): string =>
  `*3\r\n:${down}\r\n$${leader.length}\r\n${leader}\r\n:${epoch}\r\n`;

describe('SENTINEL IS-MASTER-DOWN-BY-ADDR', () => {
  it.each([
    ['x', '0'],
    ['042001', '0'],
    ['42001', 'x'],
    ['42001', '99999999999999999999'],
    ['42001', '9007199254740993'],
  ])('refuses a non-integer port %j or epoch %j', (port, epoch) => {
    expect(ask(box(), epoch, '*', '127.0.0.1', port).bytes).toBe('-ERR value is not an integer or out of range\r\n');
  });

  it.each([
    ['1.2.3.4', '42001'],
    ['localhost', '42001'],
    ['127.0.0.1', '99999999999'],
  ])('answers 0 * 0 for an unknown address %s:%s, even with a runid', (ip, port) => {
    const out = ask(box(), '5', 'abc', ip, port);
    expect(out.bytes).toBe(reply(0, '*', 0));
    expect(out.events).toEqual([]);
    expect(out.ready.persist).toBeNull();
  });

  it('reports down only when the master is SDOWN and we are not in TILT', () => {
    const b = box();
    expect(ask(b, '0', '*').bytes).toBe(reply(0, '*', 0));
    b.state.masters.get('mymaster')!.sDown = true;
    expect(ask(b, '0', '*').bytes).toBe(reply(1, '*', 0));
    b.state.tilt = true;
    expect(ask(b, '0', '*').bytes).toBe(reply(0, '*', 0));
  });

  it('finds the master by resolved IP, or by hostname while unresolved', () => {
    const b = new Box();
    b.state.masters.set('h', { ...b.master('h', 6379), addr: { host: 'redis.local', ip: '', port: 6379 } });
    b.state.masters.get('h')!.sDown = true;
    expect(ask(b, '0', '*', 'redis.local', '6379').bytes).toBe(reply(1, '*', 0));
  });

  it('does not vote nor adopt the epoch for runid *', () => {
    const b = box();
    const out = ask(b, '51', '*');
    expect(out.bytes).toBe(reply(0, '*', 0));
    expect(b.state.currentEpoch).toBe(0);
  });

  it('adopts a newer epoch, votes, flushes before replying, and emits both events', () => {
    const b = box();
    const out = ask(b, '50', 'abc');
    expect(out.bytes).toBe(reply(0, 'abc', 50));
    expect(out.events).toEqual([
      ['+new-epoch', '50'],
      ['+vote-for-leader', 'abc 50'],
    ]);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails).toEqual({ t: 'error', v: 'ERR Failed to save config file. Check server logs.' });
    expect(b.state.currentEpoch).toBe(50);
    expect(b.state.masters.get('mymaster')).toMatchObject({ leader: 'abc', leaderEpoch: 50 });
  });

  it('repeats the earlier vote to a second candidate in the same epoch, without a flush', () => {
    const b = box();
    ask(b, '50', 'abc');
    const out = ask(b, '50', 'def');
    expect(out.bytes).toBe(reply(0, 'abc', 50));
    expect(out.events).toEqual([]);
    expect(out.ready.persist).toBeNull();
  });

  it('answers an older-epoch request with the current vote', () => {
    const b = box();
    ask(b, '50', 'abc');
    expect(ask(b, '40', 'xyz').bytes).toBe(reply(0, 'abc', 50));
  });

  it('votes again in a later epoch', () => {
    const b = box();
    ask(b, '50', 'abc');
    const out = ask(b, '60', 'XyZ');
    expect(out.bytes).toBe(reply(0, 'XyZ', 60));
    expect(out.events).toEqual([
      ['+new-epoch', '60'],
      ['+vote-for-leader', 'XyZ 60'],
    ]);
  });

  it('votes in the current epoch without +new-epoch', () => {
    const b = box();
    b.state.currentEpoch = 7;
    const out = ask(b, '7', 'abc');
    expect(out.events).toEqual([['+vote-for-leader', 'abc 7']]);
  });

  it('never adopts or votes for a negative epoch (Redis would wrap it to 2^64-5)', () => {
    const b = box();
    ask(b, '3', 'abc');
    const out = ask(b, '-5', 'q');
    expect(out.bytes).toBe(reply(0, 'abc', 3));
    expect(b.state.currentEpoch).toBe(3);
  });

  it('still votes in TILT', () => {
    const b = box();
    b.state.tilt = true;
    expect(ask(b, '1', 'abc').bytes).toBe(reply(0, 'abc', 1));
  });

  it('holds back our own failover after voting for another sentinel, not for ourselves', () => {
    const b = box();
    const m = b.state.masters.get('mymaster')!;
    b.run(['sentinel', 'is-master-down-by-addr', '127.0.0.1', '42001', '1', MYID.toUpperCase()], at(5));
    expect(m.failoverStartTime).toBe(0);
    b.run(['sentinel', 'is-master-down-by-addr', '127.0.0.1', '42001', '2', 'other'], at(5));
    expect(m.failoverStartTime).toBeGreaterThanOrEqual(T0.mono + 5);
    expect(m.failoverStartTime).toBeLessThan(T0.mono + 5 + 1000);
  });

  it('answers through the Valkey alias IS-PRIMARY-DOWN-BY-ADDR', () => {
    expect(box().sentinel('is-primary-down-by-addr', '127.0.0.1', '42001', '4', 'abc').bytes).toBe(reply(0, 'abc', 4));
  });

  it('answers the same shape in RESP3', () => {
    expect(box().proto(3).sentinel('is-master-down-by-addr', '127.0.0.1', '42001', '0', '*').bytes).toBe(reply(0, '*', 0));
  });
});

describe('vote properties', () => {
  const request = fc.record({
    kind: fc.constantFrom('ask', 'ask', 'ask', 'failover'),
    epoch: fc.integer({ min: -3, max: 12 }),
    runid: fc.constantFrom('*', 'a', 'b', 'c', MYID),
  });

  it('never grants two different votes in one epoch, and epochs never go back (through the core)', () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
        const b = box();
        b.replica(b.state.masters.get('mymaster')!, 42002);
        const votes = new Map<number, string>();
        let lastCurrent = 0;
        let lastLeaderEpoch = 0;
        for (const r of requests) {
          const out = r.kind === 'ask' ? ask(b, String(r.epoch), r.runid) : b.sentinel('failover', 'mymaster');
          for (const [type, message] of out.events) {
            if (type !== '+vote-for-leader') continue;
            const [runid, epoch] = message.split(' ') as [string, string];
            const earlier = votes.get(Number(epoch));
            if (earlier !== undefined && earlier !== runid) return false;
            votes.set(Number(epoch), runid);
          }
          const m = b.state.masters.get('mymaster')!;
          if (b.state.currentEpoch < lastCurrent || m.leaderEpoch < lastLeaderEpoch) return false;
          if (m.leaderEpoch > b.state.currentEpoch) return false;
          lastCurrent = b.state.currentEpoch;
          lastLeaderEpoch = m.leaderEpoch;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('voteLeader grants at most once per epoch whatever the order of requests', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 5 }),
        fc.array(fc.record({ epoch: fc.integer({ min: -2, max: 8 }), runid: fc.constantFrom('a', 'b', 'c') }), { maxLength: 30 }),
        (start, requests) => {
          const state = { currentEpoch: start };
          const master = { leader: null as string | null, leaderEpoch: 0, failoverStartTime: 0 };
          const granted = new Map<number, string>();
          for (const r of requests) {
            const before = state.currentEpoch;
            const out = voteLeader(state, master, { ...r, myid: 'me', nowMono: 0, drawDesyncMs: () => 0 });
            if (state.currentEpoch < before) return false;
            if (out.granted !== null) {
              if (granted.has(out.granted.epoch)) return false;
              granted.set(out.granted.epoch, out.granted.runid);
            }
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
