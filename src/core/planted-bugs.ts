/**
 * Deliberate defects for the simulation swarm's own test (issue 5): each one breaks a safety
 * rule the swarm's checkers must catch. Only test code sets `SentinelState.plantedBugs`; no
 * config directive, command or CLI flag reaches it, so a running vigil never has one.
 *  - vote-twice: a second vote in an epoch already voted in is granted to a different runid;
 *  - promote-without-majority: the election counts only our own vote (voters 1, quorum 1);
 *  - promote-priority-zero: replica selection ignores replica-priority 0.
 * (Forgetting the epoch on restart is planted by the simulator's restart path, not here.)
 */
import type { SentinelState } from './state.js';

export type PlantedBug = 'vote-twice' | 'promote-without-majority' | 'promote-priority-zero';

export function hasPlantedBug(state: Pick<SentinelState, 'plantedBugs'>, bug: PlantedBug): boolean {
  return state.plantedBugs?.has(bug) === true;
}
