/**
 * The command table of a sentinel: exactly the 15 commands Redis Sentinel 7.0.15 exposes,
 * keyed by lower-case name.
 */
import { SENTINEL_COMMAND } from './sentinel/index.js';
import { SERVER_COMMANDS } from './server/index.js';
import type { CommandSpec } from './types.js';

export const COMMAND_TABLE: ReadonlyMap<string, CommandSpec> = new Map(
  [...SERVER_COMMANDS, SENTINEL_COMMAND].map((spec) => [spec.name, spec] as const),
);
