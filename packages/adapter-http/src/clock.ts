/**
 * Time as a port: everything in this package that waits or reads the time does it through a {@link Clock}, so tests
 * drive time by hand ({@link createManualClock}) and never wait on real timers.
 *
 * @module
 */

/**
 * An opaque timer handle.
 *
 * @example
 * const handle: TimerHandle = clock.setTimeout(() => {}, 1_000);
 * clock.clearTimeout(handle);
 */
export type TimerHandle = { readonly __timer: true } | object;

/**
 * The clock: current time plus one-shot timers.
 *
 * @example
 * const clock: Clock = { now: Date.now, setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as never) };
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; a no-op for one that already fired. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock (`Date.now` and the global timers). Timers are `unref`'d so they never keep a process alive alone.
 *
 * @example
 * const clock = systemClock;
 * clock.setTimeout(() => console.log('later'), 1_000);
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref?.();
    return timer as unknown as TimerHandle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
  },
};

/**
 * A {@link Clock} moved by hand.
 *
 * @example
 * const clock: ManualClock = createManualClock(0);
 * await clock.advanceAsync(1_000);
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order (a timer set by a callback fires too if due). */
  advance(ms: number): void;
  /** Moves time forward by `ms`, letting promise callbacks run between timers. */
  advanceAsync(ms: number): Promise<void>;
  /** Timers not yet fired. */
  pending(): number;
}

/**
 * A clock that only moves when told to: for tests, and for driving a runtime from a simulator's virtual clock.
 *
 * @example
 * const clock = createManualClock(0);
 * clock.setTimeout(() => console.log('fired'), 500);
 * clock.advance(500); // logs 'fired'
 */
export function createManualClock(start = 0): ManualClock {
  let time = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void; id: number }>();
  const due = (until: number) => {
    let first: { at: number; callback: () => void; id: number } | undefined;
    for (const timer of timers.values()) {
      if (
        timer.at <= until &&
        (!first || timer.at < first.at || (timer.at === first.at && timer.id < first.id))
      )
        first = timer;
    }
    return first;
  };
  const clock: ManualClock = {
    now: () => time,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: time + Math.max(0, ms), callback, id });
      return { id } as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete((handle as { id: number }).id);
    },
    advance(ms) {
      const until = time + ms;
      for (let timer = due(until); timer; timer = due(until)) {
        timers.delete(timer.id);
        time = Math.max(time, timer.at);
        timer.callback();
      }
      time = until;
    },
    async advanceAsync(ms) {
      const until = time + ms;
      await flushMicrotasks();
      for (let timer = due(until); timer; timer = due(until)) {
        timers.delete(timer.id);
        time = Math.max(time, timer.at);
        timer.callback();
        await flushMicrotasks();
      }
      time = until;
      await flushMicrotasks();
    },
    pending: () => timers.size,
  };
  return clock;
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Waits `ms` on `clock`; rejects with the signal's reason as soon as `signal` aborts.
 *
 * @example
 * await sleep(systemClock, 250, AbortSignal.timeout(1_000));
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
