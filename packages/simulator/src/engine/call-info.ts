/**
 * Plain snapshots of calls: what `sim.calls()`, the Call Query API and the control API answer.
 *
 * @module
 */
import { CALL_STATE, type CallQueryCall, formatCdrTime } from '@ivrkit/protocol';
import type { SimCall } from './call.js';
import type { CallTranscript } from './transcript.js';

/**
 * `[ours]` A call as the Call Query API answers it: `CallQueryCall` of `@ivrkit/protocol`, its one home.
 *
 * @example
 * const info: CallInfo | undefined = sim.call(referenceId);
 * if (info?.state === 'completed') console.log(info.status);
 */
export type CallInfo = CallQueryCall;

/**
 * A snapshot of a call.
 *
 * @example
 * const info = callInfo(call); // { reference_id: '…', state: 'in_progress', … }
 */
export function callInfo(call: SimCall): CallInfo {
  const info: CallInfo = {
    reference_id: call.referenceId,
    state:
      call.endedAt !== undefined
        ? CALL_STATE.completed
        : call.answeredAt !== undefined
          ? CALL_STATE.inProgress
          : CALL_STATE.ringing,
    direction: call.direction,
    to: call.to,
    from: call.from,
    created_on_utc: formatCdrTime(call.createdAt),
    answered_on_utc: call.answeredAt === undefined ? '' : formatCdrTime(call.answeredAt),
    ended_on_utc: call.endedAt === undefined ? '' : formatCdrTime(call.endedAt),
    status: call.status ?? '',
    last_sequence: call.feed.length,
  };
  if (call.externalId !== undefined) info.external_id = call.externalId;
  return info;
}

/**
 * The exportable transcript of a call.
 *
 * @example
 * JSON.stringify(transcriptOf(call));
 */
export function transcriptOf(call: SimCall): CallTranscript {
  return {
    reference_id: call.referenceId,
    direction: call.direction,
    to: call.to,
    from: call.from,
    created_at: call.createdAt,
    entries: call.transcript.slice(),
  };
}
