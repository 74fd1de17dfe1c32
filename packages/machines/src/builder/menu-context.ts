/**
 * The context of a compiled menu flow, and the small pure helpers its guards and assigns share.
 *
 * @module
 */
import type { EndReason } from '../core/flow.js';
import type { FlowData } from '../core/json.js';

/**
 * The parties of the call, from the event that started it.
 *
 * @example
 * const call: CallParties = { ours: '15550001111', theirs: '15552223333', externalId: null, startedAt: 0 };
 */
export interface CallParties {
  /** Our number on this call (inbound: `to`; outbound: the `from` of `dial_completed`). */
  ours: string;
  /** The other party (inbound: `from`; outbound: `to`). */
  theirs: string;
  /** The `external_id` the starting event echoed (an outbound campaign's own id for the call), or `null`. */
  externalId: string | null;
  /** Epoch ms at which the flow started. */
  startedAt: number;
}

/**
 * A menu flow's context: everything it persists between two events.
 *
 * @example
 * snapshot.machine.context.data.balance; // a lookup's output, once stored
 */
export interface MenuContext {
  call: CallParties | null;
  /** The flow's data: initial values, digits entered, lookup outputs. */
  data: FlowData;
  /** No-input retries of the current node (its entry in `tries`, copied for traces). */
  noInput: number;
  /** Invalid-input retries of the current node (its entry in `tries`, copied for traces). */
  invalid: number;
  /**
   * The retry counters a node left with on a `via` detour, for its return (absent in snapshots written before
   * detours existed: read as none).
   */
  tries?: Readonly<Record<string, NodeTries>>;
  /** Lookups started so far in the call (makes lookup ids unique). */
  seq: number;
  /** The id of the lookup the current node waits for. */
  pending: string | null;
  /** Why the flow ended, once it has. */
  end: EndReason | null;
}

/**
 * One node's retry counters.
 *
 * @example
 * const tries: NodeTries = { noInput: 1, invalid: 0 };
 */
export interface NodeTries {
  noInput: number;
  invalid: number;
}

/**
 * The machine's id; state ids are `#ivr.call.<node>`.
 *
 * @example
 * flow.machine.id === MACHINE_ID; // for menu flows
 */
export const MACHINE_ID = 'ivr';

/**
 * The absolute target of node `name`.
 *
 * @example
 * nodeTarget('main'); // '#ivr.call.main'
 */
export const nodeTarget = (name: string): string => `#${MACHINE_ID}.call.${name}`;

/**
 * Internal nodes of menu flows (`$hangup` only when some rule needs it). Node names may not start with `$`.
 *
 * @example
 * snapshot.machine.value; // { call: '$closing' } after the flow hung up
 */
export const INTERNAL = {
  /** Hang up at once (where a retry rule has no `next`). */
  hangup: '$hangup',
  /** After our hang-up: wait for `call_completed`. */
  closing: '$closing',
  /** An inbound flow's own cap passed: hang up, or let the playing prompt end (when a closing prompt follows). */
  capped: '$capped',
  /** The closing prompt at the cap plays. */
  cappedPrompt: '$capped-prompt',
  /** After hanging up at the cap: wait for `call_completed`. */
  cappedClosing: '$capped-closing',
} as const;

/**
 * Timer ids of menu flows.
 *
 * @example
 * snapshot.timers[TIMER.lookup]; // epoch ms at which the running lookup times out
 */
export const TIMER = {
  /**
   * The call's cap: an inbound flow's own `maxCallDurationSeconds` (the flow hangs up then: TeleSign does not know
   * it), else TeleSign's cap plus a grace (TeleSign ends the call; the flow gives up if it never hears of it).
   */
  cap: 'call.cap',
  /** A lookup's timeout. */
  lookup: 'lookup',
  /** The wait for `call_completed` after our hang-up. */
  closing: 'closing',
  /** The tones of a `sendDtmf` node playing. */
  tones: 'tones',
} as const;

/** `[ours]` The wait for a missing `call_completed`: its one home is `@ivrkit/protocol`'s `ours.ts`. */
export { CALL_COMPLETED_GRACE_MS as END_GRACE_MS } from '@ivrkit/protocol';
