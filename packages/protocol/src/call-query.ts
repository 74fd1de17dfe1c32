/**
 * `[ours]` The answers of the Call Query API (`PATHS.callQuery`, field names in `CALL_QUERY`): one home for their
 * shape, which the simulator serves and the adapter's client reads.
 *
 * @module
 */
import type { CALL_STATE } from './ours.js';

/** A call's `state` in the Call Query API. */
export type CallState = (typeof CALL_STATE)[keyof typeof CALL_STATE];

/**
 * `GET {callQuery}/{reference_id}`: one call.
 *
 * @example
 * const call: CallQueryCall = await (await fetch(`${base}/v2/voice/calls/${id}`, { headers })).json();
 * if (call.state === 'completed') console.log(call.status);
 */
export interface CallQueryCall {
  reference_id: string;
  external_id?: string;
  state: CallState;
  direction: 'inbound' | 'outbound';
  to: string;
  from: string;
  /** Times formatted like `call_completed`'s (`formatCdrTime`); empty until they happen. */
  created_on_utc: string;
  answered_on_utc: string;
  ended_on_utc: string;
  /** `call_completed`'s status once ended; empty before. */
  status: string;
  /** The sequence number of the call's latest event (events count from 1). */
  last_sequence: number;
}

/**
 * One event of a call's feed, with its sequence number.
 *
 * @example
 * const entry: CallQueryEvent = { sequence: 1, event: { event: 'incoming_call', reference_id: 'r', data: { to: '1', from: '2' } } };
 */
export interface CallQueryEvent {
  sequence: number;
  /** Exactly the JSON that was (or would have been) POSTed: validate it with `parseEvent` before use. */
  event: unknown;
}

/**
 * `GET {callQuery}/{reference_id}/events?after=N`: the call's events after sequence `N`.
 *
 * @example
 * const page: CallQueryEventsPage = { reference_id: 'r', events: [], last_sequence: 0 };
 */
export interface CallQueryEventsPage {
  reference_id: string;
  events: CallQueryEvent[];
  last_sequence: number;
}

/**
 * `GET {callQuery}?state=<state>`: the account's calls, newest first.
 *
 * @example
 * const { calls }: CallQueryList = { calls: [] };
 */
export interface CallQueryList {
  calls: CallQueryCall[];
}
