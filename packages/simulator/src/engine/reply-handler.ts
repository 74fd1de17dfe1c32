/**
 * Answers to event POSTs: the body may carry the next action (an object, or a one-element array as TeleSign's
 * demo sends); an empty body or a 204 means "an action will come by POST". An answer that is unreadable, or that
 * the call's state does not allow, is not an HTTP error here — TeleSign has nobody to answer it to — so it is
 * recorded as a protocol {@link Violation} for tests to assert on.
 *
 * @module
 */
import { isAllowedReply, LIMITS, parseAction, parseJsonBody, type VoiceEvent } from '@ivrkit/protocol';
import type { SimCall } from './call.js';
import type { CallEngine } from './call-engine.js';

/**
 * Handles the answer to event `sequence` of `call`. `copy` > 1 marks the answer to a duplicated delivery, whose
 * action is ignored (noted in the transcript) when the first copy's answer already acted.
 *
 * @example
 * handleReply(engine, call, event, 2, '{"method":"hangup","params":{}}', 1);
 */
export function handleReply(
  engine: CallEngine,
  call: SimCall,
  event: VoiceEvent,
  sequence: number,
  body: string,
  copy: number,
): void {
  const text = body.trim();
  if (text === '') return;
  if (event.event === 'call_completed') {
    engine.record(call, {
      kind: 'note',
      message: `the answer to call_completed (event ${sequence}) was ignored`,
    });
    return;
  }
  const json = parseJsonBody(text, { maxBytes: LIMITS.maxBodyBytes });
  let value: unknown = json.ok ? json.value : undefined;
  if (json.ok && Array.isArray(value)) {
    if (value.length === 0) return;
    if (value.length > 1) {
      engine.violation(call, {
        kind: 'invalid_reply',
        event: event.event,
        sequence,
        message: `the answer to ${event.event} is an array of ${value.length} actions; at most one is allowed`,
      });
      return;
    }
    value = value[0];
  }
  const parsed = json.ok ? parseAction(value) : json;
  if (!parsed.ok) {
    engine.violation(call, {
      kind: 'invalid_reply',
      event: event.event,
      sequence,
      message: `the answer to ${event.event} is not an action: ${parsed.issue.message}`,
    });
    return;
  }
  const action = parsed.value;
  if (!isAllowedReply(event.event, action.method)) {
    engine.act(call, action, 'reply', sequence);
    engine.violation(call, {
      kind: 'not_allowed_after_event',
      event: event.event,
      sequence,
      method: action.method,
      message: `${action.method} may not answer ${event.event}`,
    });
    return;
  }
  if (call.endedAt !== undefined) {
    engine.record(call, {
      kind: 'note',
      message: `the answer to event ${sequence} (${action.method}) came after the call ended; ignored`,
    });
    return;
  }
  if (copy > 1 && answeredAlready(call, sequence)) {
    // ANSWERS_TO_DUPLICATE_DELIVERIES [ours]: once one copy's answer has acted, the other copies' are dropped.
    engine.record(call, {
      kind: 'note',
      message: `the answer to a duplicated delivery of event ${sequence} (${action.method}) was ignored: event ${sequence} was answered already`,
    });
    return;
  }
  const outcome = engine.act(call, action, 'reply', sequence);
  if (outcome.ok) return;
  if (copy > 1) {
    engine.record(call, {
      kind: 'note',
      message: `the answer to a duplicated delivery of event ${sequence} was ignored: ${outcome.message}`,
    });
    return;
  }
  engine.violation(call, {
    kind: 'unsupported_call_state',
    event: event.event,
    sequence,
    method: action.method,
    message: outcome.message,
  });
}

/** Whether an answer to event `sequence` has already acted on `call`. */
function answeredAlready(call: SimCall, sequence: number): boolean {
  return call.transcript.some(
    (entry) => entry.kind === 'action' && entry.replyTo === sequence && entry.accepted,
  );
}
