/**
 * The SENTINEL subcommand table: arities and the `sentinel|<sub>` arity errors of 7.0.15 (as
 * listed by its COMMAND INFO), unknown subcommands, case-insensitive names, aliases, and HELP
 * byte for byte against protocol/sentinel-help.txt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SENTINEL_HELP_LINES } from '../../../src/core/commands/sentinel/help.js';
import { SENTINEL_COMMAND } from '../../../src/core/commands/sentinel/index.js';
import { Box } from './sentinel-harness.js';

/** From `COMMAND INFO sentinel` of redis-sentinel 7.0.15, plus Valkey 8's PRIMARY aliases. */
const ARITIES: readonly (readonly [string, number])[] = [
  ['ckquorum', 3],
  ['set', -5],
  ['monitor', 6],
  ['myid', 2],
  ['debug', -2],
  ['failover', 3],
  ['get-master-addr-by-name', 3],
  ['remove', 3],
  ['masters', 2],
  ['reset', 3],
  ['config', -3],
  ['replicas', 3],
  ['slaves', 3],
  ['flushconfig', 2],
  ['pending-scripts', 2],
  ['sentinels', 3],
  ['is-master-down-by-addr', 6],
  ['master', 3],
  ['info-cache', -3],
  ['help', 2],
  ['simulate-failure', -3],
  ['primaries', 2],
  ['primary', 3],
  ['get-primary-addr-by-name', 3],
  ['is-primary-down-by-addr', 6],
];

describe('SENTINEL subcommand table', () => {
  it('has exactly the 7.0.15 subcommands plus the Valkey aliases', () => {
    expect([...SENTINEL_COMMAND.subcommands!.keys()].sort()).toEqual(ARITIES.map(([n]) => n).sort());
  });

  it.each(ARITIES)('sentinel|%s has arity %i and says so when it is wrong', (name, arity) => {
    expect(SENTINEL_COMMAND.subcommands!.get(name)!.arity).toBe(arity);
    // `SENTINEL DEBUG` (-2) cannot be too short without also failing the container's arity.
    if (arity === -2) return;
    const wrongArgc = arity > 0 ? arity + 1 : -arity - 1;
    const argv = ['sentinel', name.toUpperCase(), ...new Array<string>(wrongArgc - 2).fill('x')];
    expect(new Box().run(argv).bytes).toBe(`-ERR wrong number of arguments for 'sentinel|${name}' command\r\n`);
  });

  it('rejects SENTINEL alone with the top-level arity error', () => {
    expect(new Box().run(['sentinel']).bytes).toBe("-ERR wrong number of arguments for 'sentinel' command\r\n");
  });

  it('echoes an unknown subcommand as typed', () => {
    expect(new Box().run(['SENTINEL', 'Foo']).bytes).toBe("-ERR unknown subcommand 'Foo'. Try SENTINEL HELP.\r\n");
  });
});

describe('SENTINEL HELP', () => {
  const captured = readFileSync(new URL('../../../protocol/sentinel-help.txt', import.meta.url), 'latin1');

  it('matches the text captured from redis-sentinel 7.0.15, 49 lines', () => {
    expect(SENTINEL_HELP_LINES).toHaveLength(49);
    expect(SENTINEL_HELP_LINES.join('\n') + '\n').toBe(captured);
  });

  it.each([2, 3] as const)('replies an array of status lines (RESP%i)', (proto) => {
    const bytes = new Box().proto(proto).sentinel('HELP').bytes;
    expect(bytes).toBe(`*49\r\n${SENTINEL_HELP_LINES.map((l) => `+${l}\r\n`).join('')}`);
    expect(bytes.startsWith('*49\r\n+SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CKQUORUM')).toBe(true);
  });
});
