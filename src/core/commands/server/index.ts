/** The non-SENTINEL commands of a sentinel's table. */
import type { CommandSpec } from '../types.js';
import { PING } from './ping.js';

export const SERVER_COMMANDS: readonly CommandSpec[] = [PING];
