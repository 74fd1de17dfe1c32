/**
 * The pure step.
 *
 * @module
 */
import type { StepInput } from './events.js';
import type { Flow } from './flow.js';
import type { CallSnapshot } from './snapshot.js';
import type { StepOptions, StepResult } from './step-result.js';

/**
 * Steps a call: (snapshot or nothing, input, now) → new snapshot and the work to do. No I/O, no timers, no globals.
 *
 * @example
 * const r1 = stepFlow(flow, undefined, incomingCall, { now: 0 });
 * const r2 = stepFlow(flow, r1.snapshot, speakCompleted, { now: 4_000 });
 */
export function stepFlow(
  _flow: Flow,
  _snapshot: CallSnapshot | undefined,
  _input: StepInput,
  _options: StepOptions,
): StepResult {
  throw new Error('not implemented yet');
}
