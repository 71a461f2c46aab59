/**
 * The safety checker's allowances: a forced failover (SENTINEL FAILOVER) promotes without an
 * election, which the leader rule must accept; an ordinary failover passes every rule.
 */
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../../sim/scenario.js';

const GROUP = `seed 3
start redis m
start redis r1 replicaof=m
start sentinel s1 monitor=m quorum=2 down-after=2000 failover-timeout=10000
start sentinel s2 monitor=m quorum=2 down-after=2000 failover-timeout=10000
start sentinel s3 monitor=m quorum=2 down-after=2000 failover-timeout=10000
run 12000
`;

describe('safety checker', () => {
  test('a forced failover promotes without votes and is not a leader violation', () => {
    // Nobody else votes: s2 promotes on its own say-so (Sentinel still logs +elected-leader).
    const r = runScenario(`${GROUP}command s2 SENTINEL FAILOVER mymaster\nrun 10000\nexpect s2 +switch-master\nexpect-not s1 +vote-for-leader\nexpect-not s3 +vote-for-leader\n`);
    expect(r.failures).toEqual([]);
  });

  test('an elected failover passes every rule', () => {
    const r = runScenario(`${GROUP}kill m\nrun 40000\nexpect s1 +switch-master\nexpect-count 1 r1 replicaof no-one\n`);
    expect(r.failures).toEqual([]);
  });
});
