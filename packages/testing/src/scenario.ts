/**
 * A scenario: everything outside the flow that one simulated call needs — who answers, what they press, what the
 * flow's lookups and transfers do, and which delivery faults hit the call. Plain JSON, so a failing scenario
 * prints as a test.
 *
 * @module
 */
import type { DialStatus, EventName } from '@ivrkit/protocol';
import type { CallerScript, FaultOptions } from '@ivrkit/simulator';

/**
 * What the n-th lookup the flow starts does: run the real implementation, reject, or never settle.
 *
 * @example
 * const outcomes: LookupOutcome[] = ['done', 'timeout'];
 */
export type LookupOutcome = 'done' | 'failed' | 'timeout';

/**
 * What the n-th transfer (`dial` on a live call) reaches.
 *
 * @example
 * const busy: TransferOutcome = { outcome: 'busy' };
 * const talk: TransferOutcome = { outcome: 'answered', legMs: 45_000 };
 */
export interface TransferOutcome {
  outcome: DialStatus;
  /** With `answered`: the transferred party hangs up this long after answering. Default 30,000 ms. */
  legMs?: number;
}

/**
 * The delivery faults of a scenario, as probabilities per event (seeded by {@link Scenario.seed}).
 *
 * @example
 * const faults: ScenarioFaults = { duplicate: 0.3, delay: 0.2 };
 */
export interface ScenarioFaults {
  /** An event is delivered twice. */
  duplicate?: number;
  /** An event's delivery starts 100–3,000 ms late. */
  delay?: number;
  /** An event is held back behind the call's next one (or for a second). */
  reorder?: number;
}

/**
 * One simulated call.
 *
 * @example
 * const scenario: Scenario = { caller: { rules: [{ prompt: 1, press: '1', afterMs: 500 }] } };
 */
export interface Scenario {
  /** The person on the line: the inbound caller, or the outbound callee once answered. */
  caller: CallerScript;
  /** Outbound flows: how the dialled number answers. Default `answered`. */
  answer?: DialStatus;
  /** Outcome of the 1st, 2nd, … lookup; lookups past the list run for real. */
  lookups?: LookupOutcome[];
  /** Outcome of the 1st, 2nd, … transfer; transfers past the list are answered and last 30 s. */
  transfers?: TransferOutcome[];
  /** Delivery faults. */
  faults?: ScenarioFaults;
  /** Seed of the simulator (reference ids, fault draws). Default 1. */
  seed?: number;
  /** Drop the delivery of `call_completed` (as if lost): exercises the flow's own end timers. */
  dropCallCompleted?: boolean;
  /**
   * `false`: the adapter does not recover lost events within the run (it would end a call whose `call_completed`
   * is lost long before the flow's own four-hour cap): exercises the cap.
   */
  lostEventRecovery?: false;
  /**
   * Before the call, step this event alone into a fresh call of the flow (directly, not through the adapter, which
   * never starts a flow on `call_completed`): exercises a flow's guard against odd starts.
   */
  unexpectedFirst?: EventName;
}

/**
 * `[testing]` How late a `delay` fault delivers an event.
 *
 * @example
 * toFaultOptions({ delay: 0.5 }).delay; // { probability: 0.5, ...DELAY_RANGE_MS }
 */
export const DELAY_RANGE_MS = { minMs: 100, maxMs: 3_000 } as const;

/**
 * `[testing]` How long an answered transfer lasts when the scenario does not say.
 *
 * @example
 * const transfer: TransferOutcome = { outcome: 'answered', legMs: 2 * DEFAULT_LEG_MS };
 */
export const DEFAULT_LEG_MS = 30_000;

/**
 * The simulator's fault options for a scenario's faults.
 *
 * @example
 * toFaultOptions({ duplicate: 0.5 }); // { duplicate: 0.5 }
 */
export function toFaultOptions(faults: ScenarioFaults | undefined): FaultOptions {
  const options: FaultOptions = {};
  if (!faults) return options;
  if (faults.duplicate) options.duplicate = faults.duplicate;
  if (faults.reorder) options.reorder = faults.reorder;
  if (faults.delay) options.delay = { probability: faults.delay, ...DELAY_RANGE_MS };
  return options;
}

/**
 * Whether a scenario injects any delivery fault.
 *
 * @example
 * hasFaults({ caller: {}, faults: { duplicate: 0 } }); // false
 */
export function hasFaults(scenario: Scenario): boolean {
  const f = scenario.faults;
  return !!f && ((f.duplicate ?? 0) > 0 || (f.delay ?? 0) > 0 || (f.reorder ?? 0) > 0);
}
