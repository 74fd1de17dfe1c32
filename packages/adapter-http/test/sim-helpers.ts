import {
  createSimulator,
  createVirtualClock,
  type SimulatorOptions,
  type VirtualClock,
} from '@ivrkit/simulator';
import type { Clock } from '../src/index.js';

/** The adapter's clock port over the simulator's virtual clock: one timeline for both sides. */
export function adapterClock(clock: VirtualClock): Clock {
  return {
    now: () => clock.now(),
    setTimeout: (callback, ms) => clock.schedule(ms, callback) as object,
    clearTimeout: (handle) => clock.clear(handle as never),
  };
}

/** A simulator on a shared virtual clock. */
export function simulatorWithClock(options: SimulatorOptions = {}) {
  const clock = createVirtualClock();
  const sim = createSimulator({ ...options, clock });
  return { sim, clock, adapter: adapterClock(clock) };
}
