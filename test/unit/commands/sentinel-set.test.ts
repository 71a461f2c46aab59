/**
 * SENTINEL SET: every option of 7.0.15, left to right, `+set` per applied option, partial
 * application on error (flushed), and the exact error words.
 */
import { describe, expect, it } from 'vitest';
import { OK } from '../../../src/resp/values.js';
import { Box } from './sentinel-harness.js';

const DENIED =
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration';

function box(): Box {
  const b = new Box();
  const m = b.master('m1', 42099);
  b.replica(m, 7001);
  b.peer(m, 'p'.repeat(40), 26380);
  return b;
}

describe('SENTINEL SET', () => {
  it.each([
    ['down-after-milliseconds', '5000', { downAfterMs: 5000 }],
    ['failover-timeout', '1000', { failoverTimeoutMs: 1000 }],
    ['parallel-syncs', '2', { parallelSyncs: 2 }],
    ['quorum', '3', { quorum: 3 }],
    ['master-reboot-down-after-period', '0', { masterRebootDownAfterMs: 0 }],
    ['master-reboot-down-after-period', '100', { masterRebootDownAfterMs: 100 }],
    ['auth-user', 'bob', { authUser: 'bob' }],
    ['auth-user', '', { authUser: null }],
  ])('sets %s %j', (option, value, expected) => {
    const b = box();
    const out = b.sentinel('set', 'm1', option, value);
    expect(out.reply).toEqual(OK);
    expect(out.ready.persist).not.toBeNull();
    expect(out.events).toEqual([['+set', `master m1 127.0.0.1 42099 ${option} ${value}`]]);
    expect(b.state.masters.get('m1')).toMatchObject(expected);
  });

  it('hides the auth-pass value in the event, even when clearing it', () => {
    const b = box();
    const out = b.sentinel('set', 'm1', 'auth-pass', 'secret');
    expect(out.events).toEqual([['+set', 'master m1 127.0.0.1 42099 auth-pass ******']]);
    expect(b.state.masters.get('m1')!.authPass).toBe('secret');
    expect(b.sentinel('set', 'm1', 'auth-pass', '').events).toEqual([['+set', 'master m1 127.0.0.1 42099 auth-pass ******']]);
    expect(b.state.masters.get('m1')!.authPass).toBeNull();
  });

  it('copies down-after-milliseconds to the replicas and peers', () => {
    const b = box();
    b.sentinel('set', 'm1', 'down-after-milliseconds', '1234');
    const m = b.state.masters.get('m1')!;
    expect([...m.replicas.values(), ...m.sentinels.values()].map((i) => i.downAfterMs)).toEqual([1234, 1234]);
  });

  it('applies several options in order, echoing option names as typed', () => {
    const b = box();
    const out = b.sentinel('set', 'm1', 'QUORUM', '4', 'Down-After-Milliseconds', '5000');
    expect(out.reply).toEqual(OK);
    expect(out.events).toEqual([
      ['+set', 'master m1 127.0.0.1 42099 QUORUM 4'],
      ['+set', 'master m1 127.0.0.1 42099 Down-After-Milliseconds 5000'],
    ]);
  });

  it.each([
    [['quorum', '0'], "ERR Invalid argument '0' for SENTINEL SET 'quorum'"],
    [['Quorum', '0'], "ERR Invalid argument '0' for SENTINEL SET 'Quorum'"],
    [['quorum', 'x'], "ERR Invalid argument 'x' for SENTINEL SET 'quorum'"],
    [['quorum', '-1'], "ERR Invalid argument '-1' for SENTINEL SET 'quorum'"],
    [['quorum', '1.5'], "ERR Invalid argument '1.5' for SENTINEL SET 'quorum'"],
    [['quorum', ' 1'], "ERR Invalid argument ' 1' for SENTINEL SET 'quorum'"],
    [['quorum', '2147483648'], "ERR Invalid argument '2147483648' for SENTINEL SET 'quorum'"],
    [['failover-timeout', '0'], "ERR Invalid argument '0' for SENTINEL SET 'failover-timeout'"],
    [['down-after-milliseconds', '0'], "ERR Invalid argument '0' for SENTINEL SET 'down-after-milliseconds'"],
    [['parallel-syncs', '0'], "ERR Invalid argument '0' for SENTINEL SET 'parallel-syncs'"],
    [['master-reboot-down-after-period', '-1'], "ERR Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'"],
    [['rename-command', 'config', ''], "ERR Invalid argument '' for SENTINEL SET 'rename-command'"],
    [['rename-command', '', 'x'], "ERR Invalid argument '' for SENTINEL SET 'rename-command'"],
    [['foo', '1'], "ERR Unknown option or number of arguments for SENTINEL SET 'foo'"],
    [['Bogus', '0'], "ERR Unknown option or number of arguments for SENTINEL SET 'Bogus'"],
    [['rename-command', 'CONFIG'], "ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'"],
    [['notification-script', '/bin/true'], DENIED],
    [['client-reconfig-script', ''], DENIED],
  ])('%j -> %s, nothing applied, nothing flushed', (args, error) => {
    const b = box();
    const before = structuredClone({ ...b.state.masters.get('m1')!, replicas: null, sentinels: null });
    const out = b.sentinel('set', 'm1', ...args);
    expect(out.bytes).toBe(`-${error}\r\n`);
    expect(out.events).toEqual([]);
    expect(out.ready.persist).toBeNull();
    expect({ ...b.state.masters.get('m1')!, replicas: null, sentinels: null }).toEqual(before);
  });

  it('keeps and flushes options applied before a failing one, replying only the error', () => {
    const b = box();
    const out = b.sentinel('set', 'm1', 'quorum', '5', 'foo');
    expect(out.bytes).toBe("-ERR Unknown option or number of arguments for SENTINEL SET 'foo'\r\n");
    expect(out.events).toEqual([['+set', 'master m1 127.0.0.1 42099 quorum 5']]);
    expect(out.ready.persist).not.toBeNull();
    expect(out.action.ifPersistFails).toBeUndefined();
    expect(b.state.masters.get('m1')!.quorum).toBe(5);
  });

  it('reports a trailing option without its value', () => {
    const out = box().sentinel('set', 'm1', 'quorum', '6', 'parallel-syncs');
    expect(out.bytes).toBe("-ERR Unknown option or number of arguments for SENTINEL SET 'parallel-syncs'\r\n");
  });

  it('errors on unknown masters', () => {
    expect(box().sentinel('set', 'nope', 'quorum', '2').bytes).toBe('-ERR No such master with that name\r\n');
  });

  describe('rename-command', () => {
    it('maps a command (case-insensitive key) and shows both names', () => {
      const b = box();
      const out = b.sentinel('set', 'm1', 'rename-command', 'CONFIG', 'GUESS');
      expect(out.events).toEqual([['+set', 'master m1 127.0.0.1 42099 rename-command CONFIG GUESS']]);
      expect([...b.state.masters.get('m1')!.renamedCommands]).toEqual([['config', { from: 'CONFIG', to: 'GUESS' }]]);
    });

    it('replaces an earlier mapping, and renaming to itself removes it', () => {
      const b = box();
      b.sentinel('set', 'm1', 'rename-command', 'CONFIG', 'GUESS');
      b.sentinel('set', 'm1', 'rename-command', 'config', 'OTHER');
      expect(b.state.masters.get('m1')!.renamedCommands.get('config')).toEqual({ from: 'config', to: 'OTHER' });
      const out = b.sentinel('set', 'm1', 'rename-command', 'config', 'CONFIG');
      expect(out.reply).toEqual(OK);
      expect(b.state.masters.get('m1')!.renamedCommands.size).toBe(0);
    });
  });

  describe('scripts with deny-scripts-reconfig no', () => {
    function open(executable: (path: string) => boolean): Box {
      const b = box();
      b.state.settings.denyScriptsReconfig = false;
      b.state.probes = { isExecutable: executable };
      return b;
    }

    it('sets an executable notification-script and clears it with an empty path', () => {
      const b = open(() => true);
      const out = b.sentinel('set', 'm1', 'notification-script', '/tmp/n.sh');
      expect(out.events).toEqual([['+set', 'master m1 127.0.0.1 42099 notification-script /tmp/n.sh']]);
      expect(b.state.masters.get('m1')!.notificationScript).toBe('/tmp/n.sh');
      expect(b.sentinel('set', 'm1', 'notification-script', '').reply).toEqual(OK);
      expect(b.state.masters.get('m1')!.notificationScript).toBeNull();
    });

    it.each([
      ['notification-script', 'ERR Notification script seems non existing or non executable'],
      ['client-reconfig-script', 'ERR Client reconfiguration script seems non existing or non executable'],
    ])('refuses a non-executable %s', (option, error) => {
      const b = open(() => false);
      expect(b.sentinel('set', 'm1', option, '/nonexist').bytes).toBe(`-${error}\r\n`);
    });

    it('accepts any non-empty path when no probe is wired', () => {
      const b = box();
      b.state.settings.denyScriptsReconfig = false;
      expect(b.sentinel('set', 'm1', 'client-reconfig-script', '/x').reply).toEqual(OK);
      expect(b.state.masters.get('m1')!.clientReconfigScript).toBe('/x');
    });
  });

  it('stops at a denied script after applying the options before it', () => {
    const b = box();
    const out = b.sentinel('set', 'm1', 'quorum', '1', 'notification-script', '/bin/true');
    expect(out.bytes).toBe(`-${DENIED}\r\n`);
    expect(b.state.masters.get('m1')!.quorum).toBe(1);
    expect(out.ready.persist).not.toBeNull();
  });
});
