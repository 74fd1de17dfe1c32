/**
 * Driving time: `runUntilIdle` and `clock.advance` for a simulator. On a virtual clock, time jumps to the next
 * timer only when no event delivery (or awaited customer action) is in flight, so a four-hour call costs only
 * the work of its timers; on a real clock, it waits.
 *
 * @module
 */
import { type Clock, isVirtualClock } from './clock/clock.js';
import type { EventDelivery } from './delivery/event-delivery.js';

/**
 * Options of {@link Simulator.runUntilIdle}.
 *
 * @example
 * await sim.runUntilIdle({ maxVirtualMs: 60_000 });
 */
export interface RunOptions {
  /** Stop after this much virtual time. Default 24 h. */
  maxVirtualMs?: number;
  /** Stop after this many timer steps. Default 10,000,000. */
  maxSteps?: number;
}

/**
 * Why {@link Simulator.runUntilIdle} returned.
 *
 * @example
 * const { reason } = await sim.runUntilIdle();
 * if (reason !== 'idle') throw new Error('calls are still live');
 */
export interface RunResult {
  /**
   * `idle`: no call is live and every event is delivered; `stalled`: calls are live (or events undelivered) but
   * nothing is scheduled; `bound`: a bound was hit.
   */
  reason: 'idle' | 'stalled' | 'bound';
  /** Virtual time at return. */
  now: number;
  /** Timer steps taken. */
  steps: number;
}

/** What the run loop needs. */
export interface RunLoopDeps {
  clock: Clock;
  delivery: Pick<EventDelivery, 'inflight' | 'whenIdle'>;
  /** Calls not yet ended. */
  live(): number;
  /** Whether any call still has events to deliver (a retry, a queued or held-back `call_completed`). */
  undelivered(): boolean;
  /** Registers a callback for the moment no call is live. */
  whenAllEnded(resolve: () => void): void;
}

/** A simulator's time controls. */
export interface RunLoop {
  runUntilIdle(options: RunOptions): Promise<RunResult>;
  advance(ms: number): Promise<void>;
}

/**
 * Builds the time controls of a simulator.
 *
 * @example
 * const loop = createRunLoop({ clock, delivery, live: () => engine.live, undelivered: () => false, whenAllEnded: (done) => waiters.push(done) });
 * await loop.runUntilIdle({ maxVirtualMs: 60_000 });
 */
export function createRunLoop(deps: RunLoopDeps): RunLoop {
  const { clock, delivery } = deps;

  /**
   * Waits until no delivery is in flight, after letting the event loop run once: work that a timer started in an
   * in-process customer (a lookup timing out, then an action POSTed back) must reach the simulator before time
   * jumps again, and such work may need more than microtasks (streams, sockets).
   */
  async function settle(): Promise<void> {
    for (;;) {
      while (delivery.inflight > 0) await delivery.whenIdle();
      await yieldToEventLoop();
      if (delivery.inflight === 0) return;
    }
  }

  async function runReal(limit: number): Promise<RunResult> {
    if (deps.live() > 0) {
      const realMs = (limit - clock.now()) / clock.speed;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, realMs);
        deps.whenAllEnded(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await delivery.whenIdle();
    return { reason: deps.live() === 0 ? 'idle' : 'bound', now: clock.now(), steps: 0 };
  }

  return {
    async runUntilIdle(run) {
      const maxSteps = run.maxSteps ?? 10_000_000;
      const limit = clock.now() + (run.maxVirtualMs ?? 86_400_000);
      if (!isVirtualClock(clock)) return runReal(limit);
      for (let steps = 0; ; steps++) {
        await settle();
        if (deps.live() === 0 && !deps.undelivered()) return { reason: 'idle', now: clock.now(), steps };
        const next = clock.nextTimerAt();
        if (next === undefined) return { reason: 'stalled', now: clock.now(), steps };
        if (next > limit || steps >= maxSteps) {
          if (next > limit) clock.advanceTo(limit);
          return { reason: 'bound', now: clock.now(), steps };
        }
        clock.advanceTo(next);
      }
    },
    async advance(ms) {
      if (!isVirtualClock(clock)) throw new Error('only a virtual clock can be advanced');
      const target = clock.now() + Math.max(0, ms);
      for (;;) {
        await settle();
        const next = clock.nextTimerAt();
        if (next === undefined || next > target) break;
        clock.advanceTo(next);
      }
      clock.advanceTo(target);
      await settle();
    },
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
