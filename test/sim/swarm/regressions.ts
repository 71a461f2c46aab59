/**
 * Swarm seeds that once found a real defect in vigil (or in the simulator's model of Redis),
 * kept so the defect stays fixed (each with what it found; the details are in docs/testing.md).
 * They run in `npm test` besides the fixed 1-500 list, whatever their number.
 */
export interface RegressionSeed {
  readonly seed: number;
  readonly found: string;
}

export const REGRESSION_SEEDS: readonly RegressionSeed[] = [
  {
    seed: 182,
    found: 'a failover elected with peer votes of the current epoch plus its own vote of an older failover epoch (leader rule)',
  },
  {
    seed: 8276,
    found: 'the same defect as seed 3171 on a later tree, where the stale failover ended normally (+failover-end) rather than for timeout',
  },
  {
    seed: 3171,
    found: 'a failover that ended after a newer config epoch arrived switched to its stale result under the newer epoch: two configurations with one config epoch, never reconciled (liveness)',
  },
  {
    seed: 3223,
    found: "an operator's SENTINEL FAILOVER accepted during TILT bumped the epoch without flushing it; the sentinel, killed before its first failover step, restarted with an older epoch (epoch rule)",
  },
  {
    seed: 1560,
    found: "the manual hand-over's catch-up wait polled the chosen replica's INFO, which showed replica-priority 0, and promoted it anyway (priority rule)",
  },
  {
    seed: 1083,
    found: 'a forced failover in a minority partition shares its epoch with an elected one (SENTINEL FAILOVER acts without agreement; the leader rule allows that pair, not a forced promoter that voted for another)',
  },
  {
    seed: 7828,
    found: 'a forced failover and an elected one promoted different replicas under one config epoch; after the heal the lone sentinel of the forced side kept its address for good (hellos only adopt a greater epoch; liveness)',
  },
  {
    seed: 17279,
    found: 'simulator defect, not vigil: a replica whose replication handshake lost its replies in a partition waited in handshake forever (the model lacked repl-timeout there)',
  },
];
