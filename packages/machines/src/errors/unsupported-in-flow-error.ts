/**
 * A flow machine used an XState feature that cannot survive persistence.
 *
 * @module
 */
import { MachinesError } from './machines-error.js';

/**
 * Thrown by the pure step when a hand-written flow machine uses `invoke`/`spawn` (children cannot be persisted
 * as plain JSON and resumed) or a delayed event (`after`, a delayed `raise`/`sendTo`: lost on restore, XState
 * issue #5331). Use lookups (`startLookup`) and timers (`armTimer`) instead.
 *
 * @example
 * try { stepFlow(flow, snap, event, { now }); } catch (e) { if (e instanceof UnsupportedInFlowError) e.feature; }
 */
export class UnsupportedInFlowError extends MachinesError {
  override name = 'UnsupportedInFlowError' as const;
  constructor(
    /** `'invoke'` (or `spawn`) or `'delayed event'`. */
    readonly feature: 'invoke' | 'delayed event',
    state: string,
  ) {
    super(
      feature === 'invoke'
        ? `flow machine invoked or spawned an actor in state ${state}: use startLookup (a lookup) instead`
        : `flow machine scheduled a delayed event (after, or a delayed raise/sendTo) in state ${state}: ` +
            'use armTimer instead, whose deadline lives in the snapshot',
    );
  }
}
