import { describe, expect, test } from 'vitest';
import { World } from '../../sim/world.js';

describe('world', () => {
  test('runs events by time, and events of the same millisecond in the order they were scheduled', () => {
    const w = new World();
    const order: string[] = [];
    w.at(20, null, 'c', () => order.push('c@20'));
    w.at(10, null, 'a', () => order.push('a@10'));
    w.at(10, null, 'b', () => order.push('b@10'));
    w.at(10, null, 'a2', () => w.after(0, null, 'd', () => order.push('d@10')));
    w.runUntil(100);
    expect(order).toEqual(['a@10', 'b@10', 'd@10', 'c@20']);
    expect(w.now).toBe(100);
  });

  test('runUntil stops at its time and leaves later events queued', () => {
    const w = new World();
    let ran = 0;
    w.at(50, null, 'x', () => ran++);
    w.at(51, null, 'y', () => ran++);
    w.runUntil(50);
    expect(ran).toBe(1);
    expect(w.queued).toBe(1);
    w.runFor(1);
    expect(ran).toBe(2);
  });

  test('step runs one event and reports an empty queue', () => {
    const w = new World();
    w.at(5, null, 'x', () => undefined);
    expect(w.step()).toBe(true);
    expect(w.now).toBe(5);
    expect(w.step()).toBe(false);
  });

  test('a cancelled event never runs', () => {
    const w = new World();
    let ran = false;
    w.at(5, null, 'x', () => (ran = true)).cancelled = true;
    w.runFor(10);
    expect(ran).toBe(false);
  });

  test('refuses to schedule in the past', () => {
    const w = new World();
    w.runUntil(10);
    expect(() => w.at(9, null, 'late', () => undefined)).toThrow(/past/);
  });

  test('a paused process handles nothing until resumed, then everything it missed in order', () => {
    const w = new World();
    w.addNode('n');
    const seen: string[] = [];
    w.at(100, null, 'pause', () => w.pause('n', 3000));
    for (const t of [500, 600, 700]) w.at(t, 'n', `e${t}`, () => seen.push(`e${t}@${w.now}`));
    w.at(5000, 'n', 'later', () => seen.push(`later@${w.now}`));
    w.runUntil(3000);
    expect(seen).toEqual([]);
    w.runUntil(6000);
    expect(seen).toEqual(['e500@3100', 'e600@3100', 'e700@3100', 'later@5000']);
  });

  test('a second pause replaces the automatic resume of the first', () => {
    const w = new World();
    w.addNode('n');
    let ranAt = -1;
    w.at(0, null, 'p1', () => w.pause('n', 1000));
    w.at(500, null, 'p2', () => w.pause('n', 2000));
    w.at(600, 'n', 'e', () => (ranAt = w.now));
    w.runFor(5000);
    expect(ranAt).toBe(2500);
  });

  test('after a pause the process sees its clocks jump (that is how TILT is provoked)', () => {
    const w = new World();
    const clock = w.addNode('n');
    const readings: number[] = [];
    const tick = (): void => {
      readings.push(clock.read(w.now).mono);
      if (readings.length < 6) w.after(100, 'n', 'tick', tick);
    };
    w.after(100, 'n', 'tick', tick);
    w.at(250, null, 'pause', () => w.pause('n', 3000));
    w.runFor(10_000);
    const gaps = readings.slice(1).map((r, i) => r - readings[i]!);
    expect(gaps).toEqual([100, 3050, 100, 100, 100]);
  });

  test('a crash drops the pending events of the process, but not of others', () => {
    const w = new World();
    w.addNode('a');
    w.addNode('b');
    const seen: string[] = [];
    w.at(10, 'a', 'a1', () => seen.push('a1'));
    w.at(10, 'b', 'b1', () => seen.push('b1'));
    w.at(20, 'a', 'old', () => seen.push('old'));
    w.at(5, null, 'crash', () => {
      w.crash('a');
      w.at(20, 'a', 'a2', () => seen.push('a2'));
    });
    w.runFor(30);
    expect(seen).toEqual(['b1', 'a2']);
  });

  test('checkers run after every event', () => {
    const w = new World();
    const checked: string[] = [];
    w.addChecker((_w, e) => checked.push(e.label));
    w.at(1, null, 'x', () => undefined);
    w.at(2, null, 'y', () => undefined);
    w.runFor(5);
    expect(checked).toEqual(['x', 'y']);
  });

  test('clocks drift and jump per node', () => {
    const w = new World();
    const a = w.addNode('a');
    const b = w.addNode('b');
    const a0 = a.read(0);
    const b0 = b.read(0);
    expect(a0.mono).not.toBe(b0.mono);
    a.setRate(0, 1.5);
    b.jumpWall(0, -5000);
    expect(a.read(1000).mono - a0.mono).toBe(1500);
    expect(b.read(1000).wall - b0.wall).toBe(-4000);
    expect(b.read(1000).mono - b0.mono).toBe(1000);
    expect(() => b.jumpMono(1000, -1)).toThrow();
  });
});
