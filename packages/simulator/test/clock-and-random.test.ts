import { describe, expect, it } from 'vitest';
import { planReaction } from '../src/callers/reaction-plan.js';
import { createRandom, createVirtualClock, scriptedCaller } from '../src/index.js';

describe('the virtual clock', () => {
  it('runs timers in time order, same-time timers in the order they were set, each at its own time', () => {
    const clock = createVirtualClock(0);
    const seen: Array<[string, number]> = [];
    clock.schedule(30, () => seen.push(['c', clock.now()]));
    clock.schedule(10, () => {
      seen.push(['a', clock.now()]);
      clock.schedule(5, () => seen.push(['a+5', clock.now()]));
    });
    clock.schedule(10, () => seen.push(['b', clock.now()]));
    const cancelled = clock.schedule(20, () => seen.push(['never', clock.now()]));
    clock.clear(cancelled);
    clock.advance(25);
    expect(seen).toEqual([
      ['a', 10],
      ['b', 10],
      ['a+5', 15],
    ]);
    expect(clock.now()).toBe(25);
    expect(clock.nextTimerAt()).toBe(30);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(seen.at(-1)).toEqual(['c', 30]);
    expect(clock.now()).toBe(125);
  });

  it('holds a hundred thousand timers in order', () => {
    const clock = createVirtualClock(0);
    const random = createRandom(5);
    const fired: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const delay = random.int(0, 1_000_000);
      clock.schedule(delay, () => fired.push(clock.now()));
    }
    clock.advance(1_000_000);
    expect(fired).toHaveLength(100_000);
    expect(fired.every((at, i) => i === 0 || at >= (fired[i - 1] as number))).toBe(true);
  });
});

describe('the seeded PRNG', () => {
  it('repeats from a seed, differs across seeds and forks', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    expect([a.next(), a.hex(32), a.int(1, 6)]).toEqual([b.next(), b.hex(32), b.int(1, 6)]);
    expect(createRandom(1).hex(16)).not.toBe(createRandom(2).hex(16));
    expect(a.fork('p').hex(8)).not.toBe(a.fork('q').hex(8));
    const values = Array.from({ length: 10_000 }, () => a.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('scripted callers', () => {
  const prompt = (index: number, text?: string, urls: string[] = []) => ({
    index,
    method: text === undefined ? ('play' as const) : ('speak' as const),
    ...(text === undefined ? {} : { text }),
    urls,
    durationMs: 1_000,
    collectsDigits: true,
    startedAt: 0,
  });
  const ctx = { referenceId: 'R', now: () => 0, heard: [] };

  it('matches by prompt number, by words said, by URL; each rule once unless repeat', () => {
    const caller = scriptedCaller({
      hangupAtMs: 9_000,
      rules: [
        { prompt: 2, press: '2' },
        { says: 'BALANCE', press: '1', afterMs: 300 },
        { url: 'https://a.test/menu.wav', press: '9', repeat: true },
      ],
    });
    expect(caller.hangupAtMs).toBe(9_000);
    expect(caller.onPrompt?.(prompt(1, 'Your balance is'), ctx)).toEqual({ press: '1', afterMs: 300 });
    expect(caller.onPrompt?.(prompt(2, 'Your balance is'), ctx)).toEqual({ press: '2' });
    expect(caller.onPrompt?.(prompt(3, 'Your balance is'), ctx)).toBeUndefined();
    expect(caller.onPrompt?.(prompt(4, undefined, ['https://a.test/menu.wav']), ctx)).toEqual({ press: '9' });
    expect(caller.onPrompt?.(prompt(5, undefined, ['https://a.test/menu.wav']), ctx)).toEqual({ press: '9' });
  });
});

describe('reaction plans', () => {
  it('times digits from the prompt end (or start with bargeIn), with gaps and w pauses', () => {
    expect(planReaction({ press: '9w2', afterMs: 500 }, 3_000)).toEqual([
      { atMs: 3_500, digit: '9' },
      { atMs: 4_250, digit: '2' },
    ]);
    expect(
      planReaction({ press: '12', bargeIn: true, digitGapMs: 100, hangupAfterMs: 1_000 }, 3_000),
    ).toEqual([{ atMs: 0, digit: '1' }, { atMs: 100, digit: '2' }, { atMs: 1_000 }]);
    expect(planReaction({}, 3_000)).toEqual([]);
  });
});
