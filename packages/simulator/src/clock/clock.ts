/**
 * The simulator's clock: every call timer (prompt lengths, digit timeouts, ringing, the four-hour cap, retry
 * back-off) is scheduled on it. Three kinds: virtual (time moves only when told: tests), real (wall time: people),
 * and real with a speed factor (`--speed 10` runs ten times faster).
 *
 * @module
 */
import { TimerQueue } from './timer-queue.js';

/**
 * A timer handle, to cancel with {@link Clock.clear}.
 *
 * @example
 * const handle: TimerHandle = clock.schedule(1_000, tick);
 * clock.clear(handle);
 */
export interface TimerHandle {
  readonly at: number;
}

/**
 * What the simulator needs of a clock. Inject your own to drive time from outside.
 *
 * @example
 * const sim = createSimulator({ clock: createRealClock({ speed: 5 }) });
 */
export interface Clock {
  /** `'virtual'`: time moves only by {@link VirtualClock.advance}; `'real'`: wall time times a speed. */
  readonly kind: 'virtual' | 'real';
  /** Simulated time in epoch milliseconds. */
  now(): number;
  /** Runs `fn` once `delayMs` of simulated time has passed. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
  /** Cancels a timer; harmless when it already ran. */
  clear(handle: TimerHandle): void;
  /** Simulated milliseconds per real millisecond (virtual clocks answer `Infinity`). */
  readonly speed: number;
}

/**
 * A clock whose time moves only when told to.
 *
 * @example
 * const clock = createVirtualClock();
 * clock.schedule(5_000, () => {});
 * clock.nextTimerAt(); // DEFAULT_VIRTUAL_EPOCH + 5000
 */
export interface VirtualClock extends Clock {
  readonly kind: 'virtual';
  /** Moves time forward by `ms`, running every timer that falls due, in order, each at its own time. */
  advance(ms: number): void;
  /** Moves time to `at` (epoch ms), running the timers due until then. */
  advanceTo(at: number): void;
  /** Due time of the next pending timer, or `undefined` when none is pending. */
  nextTimerAt(): number | undefined;
  /** Timers pending. */
  readonly pending: number;
}

/**
 * `[sim]` Where a virtual clock starts when not told: 2026-01-01T00:00:00Z, so virtual runs reproduce exactly.
 *
 * @example
 * createSimulator().clock.now() === DEFAULT_VIRTUAL_EPOCH; // true
 */
export const DEFAULT_VIRTUAL_EPOCH = Date.UTC(2026, 0, 1);

/**
 * A virtual clock for tests: a four-hour call costs only the work of its timers.
 *
 * @example
 * const clock = createVirtualClock();
 * clock.schedule(10_000, () => console.log('ten seconds later'));
 * clock.advance(10_000); // logs at once
 */
export function createVirtualClock(startAt: number = DEFAULT_VIRTUAL_EPOCH): VirtualClock {
  const queue = new TimerQueue();
  let now = startAt;
  const advanceTo = (target: number): void => {
    for (;;) {
      const timer = queue.popDue(target);
      if (timer === undefined) break;
      if (timer.at > now) now = timer.at;
      timer.run();
    }
    if (target > now) now = target;
  };
  return {
    kind: 'virtual',
    speed: Number.POSITIVE_INFINITY,
    now: () => now,
    schedule: (delayMs, fn) => queue.push(now + Math.max(0, delayMs), fn),
    clear: (handle) => queue.cancel(handle as ReturnType<TimerQueue['push']>),
    advance: (ms) => advanceTo(now + Math.max(0, ms)),
    advanceTo,
    nextTimerAt: () => queue.peekAt(),
    get pending() {
      return queue.size;
    },
  };
}

/**
 * Options of {@link createRealClock}.
 *
 * @example
 * const clock = createRealClock({ speed: 10, startAt: Date.UTC(2026, 0, 1) });
 */
export interface RealClockOptions {
  /** Simulated milliseconds per real millisecond. Default 1. */
  speed?: number;
  /** Simulated time at start, epoch ms. Default: the wall clock now. */
  startAt?: number;
}

/**
 * A clock on real time, optionally sped up: with `speed: 10` a 10 s prompt lasts one real second.
 *
 * Its timers live in one ordered queue, with a single Node timer armed for the earliest: they run in due order
 * (same-time timers in the order they were set) even when the event loop falls behind. One Node timer per timer
 * would not: Node runs every expired timer of one duration before those of another, so a late loop reorders
 * them (scripted digits were pressed out of order that way under load). Timers due together run one per turn of
 * the event loop, with promise callbacks and I/O handled in between. The Node timer is unref'd: it does not keep a process alive by itself.
 *
 * @example
 * const clock = createRealClock({ speed: 10 });
 * clock.schedule(10_000, () => console.log('one real second later'));
 */
export function createRealClock(options: RealClockOptions = {}): Clock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const realStart = performance.now();
  const simStart = options.startAt ?? Date.now();
  const preciseNow = (): number => simStart + (performance.now() - realStart) * speed;
  const now = (): number => Math.floor(preciseNow());
  const queue = new TimerQueue();
  /** The one Node timer (or, for a timer already due, the one immediate) set for the earliest pending timer. */
  let wake: { at: number; cancel: () => void } | undefined;

  const arm = (): void => {
    const next = queue.peekAt();
    if (wake !== undefined && wake.at === next) return;
    wake?.cancel();
    wake = undefined;
    if (next === undefined) return;
    if (next <= now()) {
      const immediate = runSoon(fire);
      wake = { at: next, cancel: () => immediate.cancel() };
      return;
    }
    const timeout = setTimeout(fire, Math.max(0, next - preciseNow()) / speed);
    (timeout as { unref?: () => void }).unref?.();
    wake = { at: next, cancel: () => clearTimeout(timeout) };
  };
  /**
   * Runs the earliest timer if it is due, then sets the next wake-up: timers due together run one per turn of the
   * event loop, each with its promise callbacks settled before the next runs.
   */
  function fire(): void {
    wake = undefined;
    const timer = queue.popDue(now());
    try {
      timer?.run();
    } finally {
      arm();
    }
  }

  return {
    kind: 'real',
    speed,
    now,
    schedule(delayMs, fn) {
      // Due times count from `now()`, as a callback sees it: a timer never runs while `now()` is before its time.
      const timer = queue.push(now() + Math.max(0, delayMs), fn);
      arm();
      return timer;
    },
    clear(handle) {
      queue.cancel(handle as ReturnType<TimerQueue['push']>);
    },
  };
}

/**
 * Runs `fn` on the next turn of the event loop (`setImmediate` where there is one). Not unref'd: an unref'd
 * immediate does not stop the loop from blocking on I/O, so a due timer would wait for the next unrelated event.
 */
function runSoon(fn: () => void): { cancel: () => void } {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (immediate) {
    const handle = immediate(fn);
    return { cancel: () => clearImmediate(handle as never) };
  }
  const timeout = setTimeout(fn, 0);
  return { cancel: () => clearTimeout(timeout) };
}

/**
 * Whether `clock` is a {@link VirtualClock}.
 *
 * @example
 * if (isVirtualClock(clock)) clock.advance(1_000);
 */
export function isVirtualClock(clock: Clock): clock is VirtualClock {
  return clock.kind === 'virtual';
}
