/**
 * Three vigil sentinels on the simulator: the master dies, one of them wins the election, promotes
 * a replica and reconfigures the other; the two observers follow through hellos. The order of
 * the leader's events and the observers' (+config-update-from, +switch-master) is the one the
 * reference saw on 7.0.15 (§5.3), including the leader's -odown just before +failover-end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failoverSwitches } from '../../../src/core/failover/start.js';
import { runScenario } from '../../sim/scenario.js';

// The automatic start is gated (see core/failover/start.ts); these tests run with it on.
const gateWas = failoverSwitches.automaticStart;
beforeEach(() => {
  failoverSwitches.automaticStart = true;
});
afterEach(() => {
  failoverSwitches.automaticStart = gateWas;
});

const STORY = `seed 3
start redis m
start redis r1 replicaof=m
start redis r2 replicaof=m
start sentinel s1 monitor=m quorum=2 down-after=1000
start sentinel s2 monitor=m quorum=2 down-after=1000
start sentinel s3 monitor=m quorum=2 down-after=1000
run 12000
kill m
run 20000
`;

interface Line {
  readonly node: string;
  readonly type: string;
  readonly payload: string;
}

function lines(trace: string): Line[] {
  return trace
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [, node, type, ...rest] = l.split(' ');
      return { node: node!, type: type!, payload: rest.join(' ') };
    });
}

describe('a failover between three simulated sentinels', () => {
  it('elects one leader, promotes a replica, and every sentinel switches to it', () => {
    const result = runScenario(STORY);
    expect(result.failures).toEqual([]);
    const all = lines(result.trace);
    const leaders = all.filter((l) => l.type === '+elected-leader').map((l) => l.node);
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    const promoted = all.find((l) => l.type === '+promoted-slave')!.payload.split(' ')[2]!;
    const switched = all.filter((l) => l.type === '+switch-master');
    expect(switched.map((l) => l.node).sort()).toEqual(['s1', 's2', 's3']);
    for (const l of switched) expect(l.payload).toBe(`mymaster 10.0.0.1 6379 ${promoted} 6379`);

    const mine = all.filter((l) => l.node === leader).map((l) => l.type);
    const from = mine.indexOf('+sdown');
    const upToSwitch = mine.slice(from, mine.indexOf('+switch-master') + 1);
    expect(upToSwitch.filter((t) => !['+sentinel', '+slave', '+odown', '-odown'].includes(t))).toEqual([
      '+sdown', '+new-epoch', '+try-failover', '+vote-for-leader', '+elected-leader', '+failover-state-select-slave',
      '+selected-slave', '+failover-state-send-slaveof-noone', '+failover-state-wait-promotion', '-role-change',
      '+promoted-slave', '+failover-state-reconf-slaves', '+slave-reconf-sent', '+slave-reconf-inprog',
      '+slave-reconf-done', '+failover-end', '+switch-master',
    ]);
    for (const observer of ['s1', 's2', 's3'].filter((s) => s !== leader)) {
      const types = all.filter((l) => l.node === observer).map((l) => l.type);
      expect(types).toContain('+vote-for-leader');
      expect(types.indexOf('+config-update-from')).toBe(types.indexOf('+switch-master') - 1);
      expect(types).not.toContain('+elected-leader');
      expect(types).not.toContain('+failover-state-reconf-slaves');
    }
    // The other replica follows the new master.
    const other = promoted === '10.0.0.3' ? 'r1' : 'r2';
    expect(all).toContainEqual({ node: other, type: 'replicaof', payload: `${promoted} 6379` });
  });
});

describe('election safety over many seeds', () => {
  it('never elects two leaders in one epoch, and every sentinel ends on the same new master', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const result = runScenario(STORY.replace(/^seed \d+$/m, `seed ${seed}`));
      expect(result.failures, `seed ${seed}`).toEqual([]);
      const all = lines(result.trace);
      // Map each sentinel's +elected-leader to the epoch of its latest +try-failover.
      const epochOf = new Map<string, string>();
      const attemptEpoch = new Map<string, string>();
      const leadersByEpoch = new Map<string, Set<string>>();
      for (const l of all) {
        if (l.type === '+new-epoch') epochOf.set(l.node, l.payload);
        if (l.type === '+try-failover') attemptEpoch.set(l.node, epochOf.get(l.node)!);
        if (l.type !== '+elected-leader') continue;
        const epoch = attemptEpoch.get(l.node)!;
        const set = leadersByEpoch.get(epoch) ?? new Set<string>();
        set.add(l.node);
        leadersByEpoch.set(epoch, set);
      }
      for (const [epoch, leaders] of leadersByEpoch) expect(leaders.size, `seed ${seed} epoch ${epoch}`).toBe(1);
      const finals = new Map<string, string>();
      for (const l of all) if (l.type === '+switch-master') finals.set(l.node, l.payload.split(' ').slice(3).join(' '));
      expect(finals.size, `seed ${seed}`).toBe(3);
      expect(new Set(finals.values()).size, `seed ${seed}`).toBe(1);
    }
  });
});
