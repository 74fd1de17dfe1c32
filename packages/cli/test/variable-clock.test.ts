import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVariableClock } from '../src/demo/variable-clock.js';

describe('createVariableClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs simulated time at its speed', () => {
    const clock = createVariableClock(10);
    const start = clock.now();
    const fired: number[] = [];
    clock.schedule(10_000, () => fired.push(clock.now() - start));
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([10_000]);
    expect(clock.speed).toBe(10);
  });

  it('re-arms pending timers when the speed changes, so each fires at its simulated time', () => {
    const clock = createVariableClock(10);
    const start = clock.now();
    const fired: string[] = [];
    clock.schedule(10_000, () => fired.push(`a@${clock.now() - start}`));
    clock.adapter.setTimeout(() => fired.push(`b@${clock.now() - start}`), 20_000);
    vi.advanceTimersByTime(500); // 5 s simulated
    clock.setSpeed(1);
    vi.advanceTimersByTime(4_999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a@10000']);
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual(['a@10000', 'b@20000']);
  });

  it('clears timers through either port, and refuses a speed that is not positive', () => {
    const clock = createVariableClock();
    const fired: string[] = [];
    const a = clock.schedule(100, () => fired.push('a'));
    const b = clock.adapter.setTimeout(() => fired.push('b'), 100);
    clock.clear(a);
    clock.adapter.clearTimeout(b);
    clock.setSpeed(2);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
    expect(() => clock.setSpeed(0)).toThrow(RangeError);
    expect(() => createVariableClock(Number.NaN)).toThrow(RangeError);
  });
});
