/**
 * How a dialled number behaves: outbound calls and transfers reach a callee whose outcome and conduct are set per
 * number (`sim.setCallee`). By default a callee answers and presses nothing.
 *
 * @module
 */
import type { DialStatus } from '@ivrkit/protocol';
import type { FaultOptions } from '../faults.js';
import type { CallerSpec } from './scripted-caller.js';

/**
 * The behaviour of one dialled number.
 *
 * @example
 * sim.setCallee('15550001111', { outcome: 'busy' });
 * sim.setCallee('15550002222', { ringMs: 4_000, caller: { rules: [{ says: 'confirm', press: '1' }] } });
 */
export interface CalleeBehaviour {
  /** What happens when dialled. Default `'answered'`. */
  outcome?: DialStatus;
  /** How long until the outcome. Default per outcome: {@link DEFAULT_RING_MS}. */
  ringMs?: number;
  /** How the person behaves once answered (a script or code). Default: silent, never hangs up. */
  caller?: CallerSpec;
  /** Faults for calls placed to this number (outbound calls only). */
  faults?: FaultOptions;
}

/**
 * `[sim]` Time from dialling to each outcome when a callee does not say.
 *
 * @example
 * DEFAULT_RING_MS.no_answer; // 30000
 */
export const DEFAULT_RING_MS: Readonly<Record<DialStatus, number>> = Object.freeze({
  answered: 3_000,
  busy: 2_000,
  no_answer: 30_000,
  failed: 500,
});
