import { describe, expect, it } from 'vitest';
import { nextTickDelayMs } from '../../../src/core/monitor/tick.js';
import { Rng } from '../../../src/core/rng.js';
import { arr, bulk, int } from '../../../src/resp/values.js';
import { actionsOf, dataNode, masterInfo, Rig, RUN_A } from './rig.js';

const schedules = (ready: Parameters<typeof actionsOf>[0]) => actionsOf(ready).filter((a) => a.kind === 'schedule-tick');

describe('the tick', () => {
  it('is first scheduled by start() and re-scheduled at the end of every tick', () => {
    const rig = new Rig();
    rig.monitor('m', 6379);
    expect(schedules(rig.start())).toHaveLength(1);
    const ready = rig.tick();
    expect(schedules(ready)).toHaveLength(1);
    expect(ready.actions.at(-1)!.kind).toBe('schedule-tick');
  });

  it('spaces ticks like Redis\'s randomised hz: floor(1000 / (10..19)) ms, from the seeded RNG', () => {
    const rng = new Rng(42);
    const delays = new Set(Array.from({ length: 2000 }, () => nextTickDelayMs(rng)));
    expect([...delays].sort((a, b) => a - b)).toEqual([52, 55, 58, 62, 66, 71, 76, 83, 90, 100]);
    const again = new Rng(42);
    const replay = new Rng(42);
    expect(Array.from({ length: 50 }, () => nextTickDelayMs(again))).toEqual(Array.from({ length: 50 }, () => nextTickDelayMs(replay)));
  });
});

describe('TILT', () => {
  function steady(): Rig {
    const rig = new Rig();
    rig.monitor('m', 6379, 1);
    rig.node(6379, dataNode(() => masterInfo(RUN_A)));
    rig.start();
    rig.run(1000);
    rig.events.length = 0;
    return rig;
  }

  it('enters TILT when a tick comes more than tilt-trigger after the previous one', () => {
    const rig = steady();
    rig.tick(2000);
    expect(rig.state.tilt).toBe(false);
    rig.tick(2001);
    expect(rig.state.tilt).toBe(true);
    expect(rig.events).toEqual([['+tilt', '#tilt mode entered']]);
  });

  it('enters TILT when the wall clock steps back, but not when it only jumps forward', () => {
    const rig = steady();
    rig.wall += 3_600_000;
    rig.tick();
    expect(rig.state.tilt).toBe(false);
    rig.wall -= 10_000;
    rig.tick();
    expect(rig.state.tilt).toBe(true);
  });

  it('leaves TILT tilt-period after entering it, restarting the period on a new stall', () => {
    const rig = steady();
    rig.tick(3000);
    rig.run(20_000);
    rig.tick(2500); // a second stall restarts the 30 s
    rig.run(29_000);
    expect(rig.state.tilt).toBe(true);
    rig.run(1100);
    expect(rig.state.tilt).toBe(false);
    expect(rig.events.map(([t]) => t)).toEqual(['+tilt', '+tilt', '-tilt']);
    expect(rig.events.at(-1)).toEqual(['-tilt', '#tilt mode exited']);
  });

  it('keeps polling but does not judge while in TILT', () => {
    const rig = steady();
    rig.node(6379, (argv, mode) => (mode === 'cmd' && argv[0] === 'PING' ? null : dataNode(() => masterInfo(RUN_A))(argv, mode)));
    rig.tick(2500);
    const before = rig.sent.length;
    rig.run(29_000);
    expect(rig.sent.length).toBeGreaterThan(before);
    expect(rig.state.masters.get('m')!.sDown).toBe(false);
    // The PING outstanding since the stall is 30 s old when TILT ends.
    rig.run(1100);
    expect(rig.state.masters.get('m')!.sDown).toBe(true);
  });

  it('answers is-master-down-by-addr with 0 while in TILT', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1).downAfterMs = 1000;
    rig.start();
    rig.run(1500);
    expect(rig.state.masters.get('m')!.sDown).toBe(true);
    rig.tick(2500);
    const ready = rig.command('sentinel', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*');
    expect(ready.actions.find((a) => a.kind === 'reply' && a.clientId === 1)).toMatchObject({ reply: arr([int(0), bulk('*'), int(0)]) });
  });

  it('shows up in INFO sentinel', () => {
    const rig = steady();
    rig.tick(2500);
    rig.run(3000);
    const info = rig.command('info', 'sentinel').actions.find((a) => a.kind === 'reply' && a.clientId === 1);
    const text = info?.kind === 'reply' && info.reply.t === 'bulk' ? info.reply.v : '';
    expect(text).toContain('sentinel_tilt:1\r\n');
    expect(text).toContain('sentinel_tilt_since_seconds:3\r\n');
  });
});
