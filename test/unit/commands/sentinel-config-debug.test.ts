/**
 * SENTINEL CONFIG GET/SET (7.0 shapes), SENTINEL DEBUG and SENTINEL SIMULATE-FAILURE, with the
 * replies and error words captured from redis-sentinel 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../../src/core/state.js';
import { OK } from '../../../src/resp/values.js';
import { Box, pairsOf } from './sentinel-harness.js';

const SHAPE = '-ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.\r\n';

describe('SENTINEL CONFIG', () => {
  it.each([
    [['get']],
    [['foo', 'bar']],
    [['get', 'a', 'b']],
    [['set', 'a']],
    [['set', 'a', 'b', 'c']],
  ])('refuses the shape %j', (args) => {
    expect(new Box().sentinel('config', ...args).bytes).toBe(SHAPE);
  });

  it('lists every parameter in fixed order for *', () => {
    const b = new Box();
    expect(pairsOf(b.sentinel('config', 'get', '*').reply)).toEqual([
      ['resolve-hostnames', 'no'],
      ['announce-hostnames', 'no'],
      ['announce-ip', ''],
      ['announce-port', '0'],
      ['sentinel-user', ''],
      ['sentinel-pass', ''],
    ]);
  });

  it.each([
    ['AN*', ['announce-hostnames', 'announce-ip', 'announce-port']],
    ['RESOLVE*', ['resolve-hostnames']],
    ['*hostnames', ['resolve-hostnames', 'announce-hostnames']],
    ['deny*', []],
  ])('matches %s case-insensitively', (pattern, names) => {
    expect(pairsOf(new Box().sentinel('config', 'GET', pattern).reply).map(([k]) => k)).toEqual(names);
  });

  it.each([
    [2, '*0\r\n'],
    [3, '%0\r\n'],
  ] as const)('answers no match with an empty map (RESP%i)', (proto, bytes) => {
    expect(new Box().proto(proto).sentinel('config', 'get', 'nothing').bytes).toBe(bytes);
  });

  it.each([
    ['resolve-hostnames', 'YES', 'yes'],
    ['RESOLVE-HOSTNAMES', 'no', 'no'],
    ['announce-hostnames', 'yes', 'yes'],
    ['announce-ip', '1.2.3.4', '1.2.3.4'],
    ['announce-ip', 'x', 'x'],
    ['announce-ip', '', ''],
    ['announce-port', '65535', '65535'],
    ['announce-port', '0', '0'],
    ['sentinel-user', 'bob', 'bob'],
    ['sentinel-pass', 'pw', 'pw'],
    ['sentinel-pass', '', ''],
  ])('sets %s %j, flushes, and GET shows %j', (param, value, shown) => {
    const b = new Box();
    const out = b.sentinel('config', 'set', param, value);
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails?.t).toBe('error');
    expect(pairsOf(b.sentinel('config', 'get', param.toLowerCase()).reply)).toEqual([[param.toLowerCase(), shown]]);
  });

  it('stores empty announce-ip and credentials as unset', () => {
    const b = new Box();
    b.sentinel('config', 'set', 'sentinel-user', 'bob');
    b.sentinel('config', 'set', 'sentinel-user', '');
    b.sentinel('config', 'set', 'announce-ip', '');
    expect(b.state.settings).toMatchObject({ sentinelUser: null, announceIp: null });
  });

  it.each([
    [['a', 'b'], "ERR Invalid argument 'a' to SENTINEL CONFIG SET"],
    [['Foo', 'bar'], "ERR Invalid argument 'Foo' to SENTINEL CONFIG SET"],
    [['deny-scripts-reconfig', 'no'], "ERR Invalid argument 'deny-scripts-reconfig' to SENTINEL CONFIG SET"],
    [['loglevel', 'debug'], "ERR Invalid argument 'loglevel' to SENTINEL CONFIG SET"],
    [['announce-port', 'x'], "ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'"],
    [['announce-port', '70000'], "ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'"],
    [['announce-port', '-1'], "ERR Invalid value '-1' to SENTINEL CONFIG SET 'announce-port'"],
    [['announce-port', '01'], "ERR Invalid value '01' to SENTINEL CONFIG SET 'announce-port'"],
    [['resolve-hostnames', 'maybe'], "ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'"],
    [['RESOLVE-HOSTNAMES', 'maybe'], "ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'RESOLVE-HOSTNAMES'"],
  ])('SET %j -> %s without flushing', (args, error) => {
    const out = new Box().sentinel('config', 'set', ...args);
    expect(out.bytes).toBe(`-${error}\r\n`);
    expect(out.ready.persist).toBeNull();
  });
});

const DEBUG_DEFAULTS: readonly (readonly [string, string])[] = [
  ['INFO-PERIOD', '10000'],
  ['PING-PERIOD', '1000'],
  ['ASK-PERIOD', '1000'],
  ['PUBLISH-PERIOD', '2000'],
  ['DEFAULT-DOWN-AFTER', '30000'],
  ['DEFAULT-FAILOVER-TIMEOUT', '180000'],
  ['TILT-TRIGGER', '2000'],
  ['TILT-PERIOD', '30000'],
  ['SLAVE-RECONF-TIMEOUT', '10000'],
  ['MIN-LINK-RECONNECT-PERIOD', '15000'],
  ['ELECTION-TIMEOUT', '10000'],
  ['SCRIPT-MAX-RUNTIME', '60000'],
  ['SCRIPT-RETRY-DELAY', '30000'],
];

describe('SENTINEL DEBUG', () => {
  it.each([2, 3] as const)('lists the 13 periods in order as bulk strings (RESP%i)', (proto) => {
    const out = new Box().proto(proto).sentinel('debug');
    expect(pairsOf(out.reply)).toEqual(DEBUG_DEFAULTS);
    expect(out.bytes.startsWith(proto === 3 ? '%13\r\n$11\r\nINFO-PERIOD\r\n$5\r\n10000\r\n' : '*26\r\n$11\r\nINFO-PERIOD\r\n')).toBe(true);
  });

  it('sets each lower-case parameter (any case) without flushing', () => {
    const b = new Box();
    const args = DEBUG_DEFAULTS.flatMap(([name], i) => [i % 2 ? name : name.toLowerCase(), String(i + 1)]);
    const out = b.sentinel('debug', ...args);
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).toBeNull();
    expect(pairsOf(b.sentinel('debug').reply)).toEqual(DEBUG_DEFAULTS.map(([name], i) => [name, String(i + 1)]));
  });

  it.each([
    [['info-period'], "ERR Unknown option or number of arguments for SENTINEL DEBUG 'info-period'"],
    [['foo', '1'], "ERR Unknown option or number of arguments for SENTINEL DEBUG 'foo'"],
    [['Bogus', '1'], "ERR Unknown option or number of arguments for SENTINEL DEBUG 'Bogus'"],
    [['info-period', '0'], "ERR Invalid argument '0' for SENTINEL DEBUG 'info-period'"],
    [['Info-Period', '0'], "ERR Invalid argument '0' for SENTINEL DEBUG 'Info-Period'"],
    [['info-period', 'x'], "ERR Invalid argument 'x' for SENTINEL DEBUG 'info-period'"],
    [['info-period', '01'], "ERR Invalid argument '01' for SENTINEL DEBUG 'info-period'"],
    [['info-period', '+1'], "ERR Invalid argument '+1' for SENTINEL DEBUG 'info-period'"],
  ])('%j -> %s', (args, error) => {
    const b = new Box();
    expect(b.sentinel('debug', ...args).bytes).toBe(`-${error}\r\n`);
    expect(b.state.timing).toEqual(DEFAULT_TIMING);
  });

  it('keeps pairs applied before an error', () => {
    const b = new Box();
    expect(b.sentinel('debug', 'info-period', '500', 'ping-period', '0').bytes).toBe(
      "-ERR Invalid argument '0' for SENTINEL DEBUG 'ping-period'\r\n",
    );
    expect(b.state.timing.infoPeriodMs).toBe(500);
    expect(b.sentinel('debug', 'ping-period', '700', 'foo').bytes).toBe(
      "-ERR Unknown option or number of arguments for SENTINEL DEBUG 'foo'\r\n",
    );
    expect(b.state.timing.pingPeriodMs).toBe(700);
  });
});

describe('SENTINEL SIMULATE-FAILURE', () => {
  const HELP = '*2\r\n$20\r\ncrash-after-election\r\n$21\r\ncrash-after-promotion\r\n';

  it.each([
    [['crash-after-election'], '+OK\r\n', 1],
    [['CRASH-AFTER-ELECTION'], '+OK\r\n', 1],
    [['crash-after-promotion', 'crash-after-election'], '+OK\r\n', 3],
    [['crash-after-election', 'crash-after-election'], '+OK\r\n', 1],
    [['help'], HELP, 0],
    [['help', 'foo'], HELP, 0],
    [['crash-after-election', 'help'], HELP, 1],
    [['foo'], '-ERR Unknown failure simulation specified\r\n', 0],
    [['foo', 'help'], '-ERR Unknown failure simulation specified\r\n', 0],
    [['crash-after-promotion', 'Bogus'], '-ERR Unknown failure simulation specified\r\n', 2],
  ])('%j -> %j, flags %i (cleared first)', (args, bytes, flags) => {
    const b = new Box();
    b.state.simFailureFlags = 3;
    expect(b.sentinel('simulate-failure', ...args).bytes).toBe(bytes);
    expect(b.state.simFailureFlags).toBe(flags);
  });
});
