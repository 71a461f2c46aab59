/**
 * SENTINEL FAILOVER (refusals, and the start of a forced attempt) and the replica selection
 * rules it relies on, one rule per row.
 */
import { describe, expect, it } from 'vitest';
import { selectReplica } from '../../../src/core/commands/sentinel/select-replica.js';
import type { ReplicaRecord } from '../../../src/core/state.js';
import { OK } from '../../../src/resp/values.js';
import { Box, pairsOf, T0 } from './sentinel-harness.js';

function group(): Box {
  const b = new Box();
  const m = b.master('mymaster', 42001);
  b.replica(m, 42002);
  b.replica(m, 42003);
  return b;
}

describe('SENTINEL FAILOVER', () => {
  it('starts a forced attempt: epoch bump flushed before +OK, +new-epoch, +try-failover, wait_start', () => {
    const b = group();
    b.state.currentEpoch = 4;
    const out = b.sentinel('failover', 'mymaster');
    expect(out.reply).toEqual(OK);
    expect(out.events).toEqual([
      ['+new-epoch', '5'],
      ['+try-failover', 'master mymaster 127.0.0.1 42001'],
    ]);
    // Flushed at once (7.0.15 waits for the vote of its first failover step, which TILT can hold back).
    expect(out.ready.persist).toEqual({ reason: 'forced failover epoch' });
    expect(out.ready.actions[0]).toEqual({ kind: 'log', level: 'warning', text: "Executing user requested FAILOVER of 'mymaster'" });
    const m = b.state.masters.get('mymaster')!;
    expect(m).toMatchObject({ failoverState: 'wait_start', failoverEpoch: 5, forceFailover: true, failoverStateChangeTime: T0.mono });
    expect(m.failoverStartTime).toBeGreaterThanOrEqual(T0.mono);
    expect(m.failoverStartTime).toBeLessThan(T0.mono + 1000);
    expect(b.state.currentEpoch).toBe(5);
    const fields = Object.fromEntries(pairsOf(b.sentinel('master', 'mymaster').reply));
    expect(fields).toMatchObject({ flags: 'master,failover_in_progress,force_failover', 'failover-state': 'wait_start' });
  });

  it('refuses a second failover while one runs', () => {
    const b = group();
    b.sentinel('failover', 'mymaster');
    const out = b.sentinel('failover', 'mymaster');
    expect(out.bytes).toBe('-INPROG Failover already in progress\r\n');
    expect(out.events).toEqual([]);
    expect(b.state.currentEpoch).toBe(1);
  });

  it('refuses when no replica could be promoted right now', () => {
    const b = new Box();
    b.master('lonely');
    const out = b.sentinel('failover', 'lonely');
    expect(out.bytes).toBe('-NOGOODSLAVE No suitable replica to promote\r\n');
    expect(b.state.masters.get('lonely')!.failoverState).toBe('none');
    expect(b.state.currentEpoch).toBe(0);
  });

  it('errors on unknown masters', () => {
    expect(group().sentinel('failover', 'nope').bytes).toBe('-ERR No such master with that name\r\n');
  });
});

describe('selectReplica', () => {
  type Tweak = (r: ReplicaRecord) => void;

  function pick(tweak: Tweak, masterSDownMs: number | null = null): string | null {
    const b = new Box();
    const m = b.master('m');
    if (masterSDownMs !== null) Object.assign(m, { sDown: true, sDownSinceTime: T0.mono - masterSDownMs });
    tweak(b.replica(m, 1));
    return selectReplica(m, b.state.timing, T0.mono)?.addr.port.toString() ?? null;
  }

  it.each<[string, Tweak, number | null, boolean]>([
    ['a healthy replica', () => {}, null, true],
    ['SDOWN', (r) => (r.sDown = true), null, false],
    ['link disconnected', (r) => (r.link.disconnected = true), null, false],
    ['last valid PING reply 5000 ms ago', (r) => (r.link.lastAvailTime = T0.mono - 5000), null, true],
    ['last valid PING reply 5001 ms ago', (r) => (r.link.lastAvailTime = T0.mono - 5001), null, false],
    ['priority 0', (r) => (r.priority = 0), null, false],
    ['replica-announced no', (r) => (r.replicaAnnounced = false), null, true],
    ['INFO 30000 ms old, master up', (r) => (r.infoRefresh = T0.mono - 30_000), null, true],
    ['INFO 30001 ms old, master up', (r) => (r.infoRefresh = T0.mono - 30_001), null, false],
    ['INFO 5000 ms old, master SDOWN', (r) => (r.infoRefresh = T0.mono - 5_000), 1_000, true],
    ['INFO 5001 ms old, master SDOWN', (r) => (r.infoRefresh = T0.mono - 5_001), 1_000, false],
    ['never answered INFO', (r) => (r.infoRefresh = 0), null, false],
    ['link down 10 x down-after, master up', (r) => (r.masterLinkDownTimeMs = 300_000), null, true],
    ['link down just over 10 x down-after, master up', (r) => (r.masterLinkDownTimeMs = 300_001), null, false],
    ['link down 10 x down-after + SDOWN time', (r) => (r.masterLinkDownTimeMs = 304_000), 4_000, true],
  ])('%s -> eligible %s', (_name, tweak, masterSDownMs, eligible) => {
    expect(pick(tweak, masterSDownMs)).toBe(eligible ? '1' : null);
  });

  function order(specs: readonly Partial<ReplicaRecord>[]): number[] {
    const b = new Box();
    const m = b.master('m');
    specs.forEach((spec, i) => b.replica(m, i + 1, spec));
    const chosen: number[] = [];
    while (m.replicas.size > 0) {
      const r = selectReplica(m, b.state.timing, T0.mono)!;
      chosen.push(r.addr.port);
      m.replicas.delete(`127.0.0.1:${r.addr.port}`);
    }
    return chosen;
  }

  it('prefers the lowest priority, then the largest offset, then the smallest run id', () => {
    expect(order([{ priority: 100 }, { priority: 10 }, { priority: 50 }])).toEqual([2, 3, 1]);
    expect(order([{ replOffset: 5 }, { replOffset: 9 }, { replOffset: 7 }])).toEqual([2, 3, 1]);
    expect(order([{ runid: 'cc' }, { runid: 'AA' }, { runid: 'bb' }])).toEqual([2, 3, 1]);
  });

  it('puts replicas with an unknown run id last', () => {
    expect(order([{ runid: '' }, { runid: 'zz' }, { runid: '' }])).toEqual([2, 1, 3]);
  });
});
