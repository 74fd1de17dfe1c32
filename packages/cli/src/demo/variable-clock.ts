/**
 * A real-time clock whose speed can change while it runs: the demo runs its first scripted call fast, then drops
 * to real time for people. The simulator's own real clock takes one speed for its whole life, so the demo injects
 * this one (`createSimulator({ clock })`) and gives the adapter a view of the same timeline — one clock for both
 * sides, as in the adapter's simulator tests.
 *
 * @module
 */
import type { Clock as AdapterClock } from '@ivrkit/adapter-http';
import type { Clock as SimulatorClock, TimerHandle } from '@ivrkit/simulator';

/** A simulator clock on real time with a speed that can be changed. */
export interface VariableClock extends SimulatorClock {
  readonly kind: 'real';
  /** Simulated ms per real ms from now on. Pending timers are re-armed so each still fires at its simulated time. */
  setSpeed(speed: number): void;
  /** The same timeline through the adapter's clock port. */
  readonly adapter: AdapterClock;
}

interface Pending extends TimerHandle {
  fn: () => void;
  timeout: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Creates a {@link VariableClock} starting at the wall time now. Its timers are unref'd, like the simulator's
 * real clock: they never keep the process alive by themselves.
 *
 * @example
 * const clock = createVariableClock(20);
 * const sim = createSimulator({ clock });
 * // … the first call, twenty times faster …
 * clock.setSpeed(1);
 */
export function createVariableClock(initialSpeed = 1): VariableClock {
  check(initialSpeed);
  let speed = initialSpeed;
  let realBase = performance.now();
  let simBase = Date.now();
  const pending = new Set<Pending>();
  const now = (): number => Math.floor(simBase + (performance.now() - realBase) * speed);
  const arm = (timer: Pending): void => {
    const delay = Math.max(0, timer.at - now()) / speed;
    timer.timeout = setTimeout(() => {
      pending.delete(timer);
      timer.fn();
    }, delay);
    (timer.timeout as { unref?: () => void }).unref?.();
  };
  const schedule = (delayMs: number, fn: () => void): Pending => {
    const timer: Pending = { at: now() + Math.max(0, delayMs), fn, timeout: undefined };
    pending.add(timer);
    arm(timer);
    return timer;
  };
  const clear = (handle: TimerHandle): void => {
    const timer = handle as Pending;
    if (timer.timeout !== undefined) clearTimeout(timer.timeout);
    pending.delete(timer);
  };
  const clock: VariableClock = {
    kind: 'real',
    get speed() {
      return speed;
    },
    now,
    schedule,
    clear,
    setSpeed(next) {
      check(next);
      simBase = now();
      realBase = performance.now();
      speed = next;
      for (const timer of pending) {
        if (timer.timeout !== undefined) clearTimeout(timer.timeout);
        arm(timer);
      }
    },
    adapter: {
      now,
      setTimeout: (callback, ms) => schedule(ms, callback),
      clearTimeout: (handle) => clear(handle as Pending),
    },
  };
  return clock;
}

function check(speed: number): void {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
}
