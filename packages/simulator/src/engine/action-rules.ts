/**
 * Which action a call's state allows: `hangup` always, on a live call; any other action only as the answer to
 * the event the call is waiting on, and only if `ALLOWED_REPLIES` lets it answer that event. Everything else is
 * `unsupported_call_state` (docs/protocol.md, *Events*). Pure.
 *
 * @module
 */
import { isAllowedReply, type VoiceAction } from '@ivrkit/protocol';
import type { SimCall } from './call.js';

/** A refusal of an action: TeleSign's `unsupported_call_state`, and why. */
export interface ActionRefusal {
  ok: false;
  status: 'unsupported_call_state';
  message: string;
}

/**
 * Why `action` may not be applied to `call` now, or `undefined` when it may. `replyTo` is the sequence number
 * of the event an inline answer answers.
 *
 * @example
 * refusalOf(call, { method: 'send_dtmf', params: { digits: '1' } }, 1)?.message;
 * // 'send_dtmf is not allowed after incoming_call'
 */
export function refusalOf(call: SimCall, action: VoiceAction, replyTo?: number): ActionRefusal | undefined {
  if (call.endedAt !== undefined) return refuse('the call has ended');
  if (action.method === 'hangup') return undefined;
  if (call.direction === 'outbound' && call.answeredAt === undefined) {
    return refuse('the call is not answered yet: only hangup is allowed');
  }
  const awaiting = call.awaiting;
  if (replyTo !== undefined && awaiting?.sequence !== replyTo) {
    return refuse(`event ${replyTo} was already acted on`);
  }
  if (awaiting === undefined) {
    return refuse(`no event is waiting for an action (the call is ${describeActivity(call)})`);
  }
  if (!isAllowedReply(awaiting.event, action.method)) {
    return refuse(`${action.method} is not allowed after ${awaiting.event}`);
  }
  return undefined;
}

/**
 * What the call is doing, in words, for refusal messages.
 *
 * @example
 * describeActivity(call); // 'collecting digits'
 */
export function describeActivity(call: SimCall): string {
  switch (call.activity.kind) {
    case 'prompt':
      return call.activity.prompt.playing ? 'playing a prompt' : 'collecting digits';
    case 'transfer':
      return 'dialling a transfer';
    case 'ringing':
      return 'ringing';
    case 'idle':
      return 'waiting';
    case 'ended':
      return 'ended';
  }
}

function refuse(message: string): ActionRefusal {
  return { ok: false, status: 'unsupported_call_state', message };
}
