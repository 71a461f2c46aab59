/**
 * The hand-over of a manual failover from a reachable old master (core/failover/demotion.ts):
 * writes paused on the old master, the chosen replica promoted once it has the paused offset
 * (or after 2 s anyway), the old master made a replica of the promoted one and unpaused, its
 * clients sent back to the sentinels at the switch (or 1 s after the demotion at most).
 */
import { describe, expect, it } from 'vitest';
import { failoverCluster, runUntil, type FailoverCluster } from './cluster.js';

function manual(c: FailoverCluster): number {
  c.rig.run(3000);
  const before = c.rig.log.length;
  c.rig.pump(c.rig.command('sentinel', 'failover', 'm'));
  return before;
}

/** Index of the first command starting with `prefix` received by `port`, or -1. */
function indexOf(c: FailoverCluster, port: number, prefix: string): number {
  return c.nodes.get(port)!.received.findIndex((r) => r.startsWith(prefix));
}

describe('manual failover from a reachable master', () => {
  it('pauses writes, promotes, then makes the old master a replica of the new one and unpauses it', () => {
    const c = failoverCluster({ peers: false });
    manual(c);
    expect(runUntil(c.rig, '+switch-master', 10_000)).toBe(true);
    const old = c.nodes.get(6379)!;
    const pause = indexOf(c, 6379, 'CLIENT PAUSE 5000 WRITE');
    expect(pause).toBeGreaterThanOrEqual(0);
    expect(old.received[pause + 1]).toBe('INFO');
    const promoted = c.master.addr.port;
    const slaveof = old.received.indexOf(`SLAVEOF 127.0.0.1 ${promoted}`);
    expect(slaveof).toBeGreaterThan(pause);
    expect(old.received.slice(slaveof)).toContain('CLIENT UNPAUSE');
    expect(old.following).toBe(promoted);
    // The other replica follows the new master too; nothing is left to convert.
    const other = [6380, 6381].find((p) => p !== promoted)!;
    expect(c.nodes.get(other)!.following).toBe(promoted);
  });

  it("sends the old master's clients back to the sentinels at the switch, not at the promotion", () => {
    const c = failoverCluster({ peers: false });
    manual(c);
    expect(runUntil(c.rig, '+switch-master', 10_000)).toBe(true);
    const promoted = c.master.addr.port;
    // Every action in order: the commands the old master was sent, and this sentinel's switch.
    const opens = new Map(c.rig.log.flatMap((a) => (a.kind === 'link-open' ? [[a.linkId, a.port] as const] : [])));
    const toOld = (a: (typeof c.rig.log)[number], command: string): boolean => a.kind === 'link-send' && opens.get(a.linkId) === 6379 && a.argv.join(' ') === command;
    const at = (command: string): number => c.rig.log.findIndex((a) => toOld(a, command));
    const switchedAt = c.rig.log.findIndex((a) => a.kind === 'log' && a.text.startsWith('+switch-master'));
    // Demoted at the promotion (no write can be acknowledged there any more), inside a
    // transaction without the CLIENT KILLs...
    const old = c.nodes.get(6379)!.received;
    const transaction = old.slice(old.lastIndexOf('MULTI'), old.lastIndexOf('EXEC') + 1);
    expect(transaction).toEqual(['MULTI', `SLAVEOF 127.0.0.1 ${promoted}`, 'CONFIG REWRITE', 'EXEC']);
    expect(at(`SLAVEOF 127.0.0.1 ${promoted}`)).toBeLessThan(switchedAt);
    // ...and its clients sent back to the sentinels once this one names the new master: right
    // before the switch, in the same step, after the unpause.
    expect(old.filter((r) => r.startsWith('CLIENT KILL'))).toEqual(['CLIENT KILL TYPE normal', 'CLIENT KILL TYPE pubsub']);
    expect(at('CLIENT KILL TYPE normal')).toBeGreaterThan(at('CLIENT UNPAUSE'));
    expect(at('CLIENT KILL TYPE pubsub')).toBeLessThan(switchedAt);
    expect(c.rig.log.slice(at('CLIENT KILL TYPE normal'), switchedAt).some((a) => a.kind === 'schedule-tick')).toBe(false);
  });

  it('sends them 1 s after the demotion when the other replicas take longer to follow', () => {
    const c = failoverCluster({ peers: false, replicas: [{ port: 6380, offset: 100 }, { port: 6381, offset: 50 }] });
    c.nodes.get(6381)!.ignoreSlaveof = true;
    manual(c);
    const old = c.nodes.get(6379)!;
    while (!old.received.includes('SLAVEOF 127.0.0.1 6380')) c.rig.pump(c.rig.tick(10));
    const demotedAt = c.rig.mono;
    while (!old.received.includes('CLIENT KILL TYPE normal') && c.rig.mono - demotedAt < 5000) c.rig.pump(c.rig.tick(10));
    expect(c.rig.mono - demotedAt).toBeGreaterThanOrEqual(1000);
    expect(c.rig.mono - demotedAt).toBeLessThanOrEqual(1200);
    expect(c.rig.events.some(([t]) => t === '+switch-master')).toBe(false);
    // Sent once: the switch (at failover-timeout here) does not send them again.
    expect(runUntil(c.rig, '+switch-master', 200_000)).toBe(true);
    expect(old.received.filter((r) => r === 'CLIENT KILL TYPE normal')).toHaveLength(1);
  });

  it('waits for the chosen replica to reach the paused offset', () => {
    const c = failoverCluster({ peers: false, replicas: [{ port: 6380, offset: 60 }, { port: 6381, offset: 50 }] });
    manual(c);
    runUntil(c.rig, '+failover-state-send-slaveof-noone', 1000);
    c.rig.run(500);
    expect(c.master.failoverState).toBe('send_slaveof_noone');
    expect(indexOf(c, 6380, 'SLAVEOF NO ONE')).toBe(-1);
    c.nodes.get(6380)!.offset = 100; // master_repl_offset of the fake master
    expect(runUntil(c.rig, '+promoted-slave', 500)).toBe(true);
    expect(c.rig.log.some((a) => a.kind === 'log' && a.text.includes('promoting it anyway'))).toBe(false);
  });

  it('promotes anyway, with a warning, when the replica has not caught up after 2 s', () => {
    const c = failoverCluster({ peers: false, replicas: [{ port: 6380, offset: 60 }, { port: 6381, offset: 50 }] });
    manual(c);
    runUntil(c.rig, '+failover-state-send-slaveof-noone', 1000);
    const from = c.rig.mono;
    expect(runUntil(c.rig, '+promoted-slave', 5000)).toBe(true);
    expect(c.rig.mono - from).toBeGreaterThan(1900);
    expect(c.rig.mono - from).toBeLessThanOrEqual(2200);
    expect(c.rig.log.some((a) => a.kind === 'log' && a.text.includes('chosen replica is at offset 60, the old master at 100; promoting it anyway'))).toBe(true);
  });

  it('aborts rather than promote a chosen replica whose INFO shows priority 0 while it catches up', () => {
    const c = failoverCluster({ peers: false, replicas: [{ port: 6380, offset: 60 }, { port: 6381, offset: 50 }] });
    manual(c);
    expect(runUntil(c.rig, '+failover-state-send-slaveof-noone', 1000)).toBe(true);
    c.nodes.get(6380)!.priority = 0; // set while the hand-over waits for it to catch up
    expect(runUntil(c.rig, '-failover-abort-no-good-slave', 1000)).toBe(true);
    expect(c.nodes.get(6380)!.received.some((r) => r === 'SLAVEOF NO ONE')).toBe(false);
    const old = c.nodes.get(6379)!.received;
    expect(old.indexOf('CLIENT UNPAUSE')).toBeGreaterThan(old.findIndex((r) => r.startsWith('CLIENT PAUSE')));
    expect(c.master.failoverState).toBe('none');
  });

  it('goes on without waiting when the pause is refused', () => {
    const c = failoverCluster({ peers: false, replicas: [{ port: 6380, offset: 60 }, { port: 6381, offset: 50 }] });
    c.nodes.get(6379)!.refusePause = true;
    manual(c);
    expect(runUntil(c.rig, '+promoted-slave', 300)).toBe(true);
    expect(c.rig.log.some((a) => a.kind === 'log' && a.text.startsWith('CLIENT PAUSE refused by 127.0.0.1:6379 (ERR syntax error)'))).toBe(true);
    c.rig.run(1000);
    expect(c.rig.events.filter(([t]) => t === '+switch-master')).toHaveLength(1);
    expect(c.nodes.get(6379)!.following).toBe(c.master.addr.port);
  });

  it('unpauses the old master when the failover aborts', () => {
    const c = failoverCluster({ peers: false });
    c.rig.run(3000);
    for (const port of [6380, 6381]) c.nodes.get(port)!.ignoreSlaveof = true;
    c.master.failoverTimeoutMs = 3000;
    c.rig.pump(c.rig.command('sentinel', 'failover', 'm'));
    expect(runUntil(c.rig, '-failover-abort-slave-timeout', 10_000)).toBe(true);
    const received = c.nodes.get(6379)!.received;
    expect(received.indexOf('CLIENT UNPAUSE')).toBeGreaterThan(received.findIndex((r) => r.startsWith('CLIENT PAUSE')));
    expect(received.some((r) => r.startsWith('SLAVEOF'))).toBe(false);
  });
});
