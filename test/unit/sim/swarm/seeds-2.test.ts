/** Swarm seeds 126-250 (of the fixed 1-500 list), 5 simulated minutes of faults each, then healing. */
import { describe } from 'vitest';
import { seedTests } from './seed-batch.js';

describe('swarm seeds 126-250', () => seedTests(126, 250));
