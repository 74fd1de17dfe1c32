/**
 * A call's transcript: every event, delivery attempt, action and caller input, each with its virtual time.
 * Plain JSON, so `JSON.stringify(sim.transcript(id))` is the export.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';

/**
 * Where an action came from.
 *
 * @example
 * const fromWebhook = (entry: TranscriptEntry) => entry.kind === 'action' && entry.source === 'reply';
 */
export type ActionSource = 'reply' | 'post' | 'socket';

/**
 * One line of a transcript. `at` is virtual epoch ms; `t` is ms since the call was created.
 *
 * @example
 * const digits = sim.transcript(id).entries.filter((entry) => entry.kind === 'input');
 */
export type TranscriptEntry = { at: number; t: number } & (
  | { kind: 'event'; sequence: number; event: VoiceEvent }
  | {
      kind: 'delivery';
      sequence: number;
      /** What happened to the event on its way to the customer. */
      outcome:
        | 'answered'
        | 'failed'
        | 'timeout'
        | 'gave_up'
        | 'lost'
        | 'duplicated'
        | 'delayed'
        | 'held_back'
        | 'sent_socket'
        | 'queued_socket'
        | 'socket_disconnected';
      attempt?: number;
      detail?: string;
    }
  | {
      kind: 'action';
      source: ActionSource;
      action: VoiceAction;
      /** For replies: the event sequence answered. */
      replyTo?: number;
      accepted: boolean;
      status?: string;
      message?: string;
    }
  | {
      kind: 'heard';
      party: 'caller' | 'callee';
      prompt: number;
      method: string;
      text?: string;
      urls: string[];
    }
  | { kind: 'input'; party: 'caller' | 'callee'; digit: string; note?: string }
  | { kind: 'hangup'; by: 'caller' | 'callee' | 'customer' | 'system'; reason: string }
  | { kind: 'dtmf_sent'; digits: string; to: string }
  | { kind: 'note'; message: string }
);

/**
 * A transcript entry as given to `record`, without its times.
 *
 * @example
 * engine.record(call, { kind: 'note', message: 'hello' });
 */
export type TranscriptInput = TranscriptEntry extends infer E
  ? E extends { at: number; t: number }
    ? Omit<E, 'at' | 't'>
    : never
  : never;

/**
 * The exportable transcript of one call.
 *
 * @example
 * const transcript: CallTranscript = sim.transcript(referenceId);
 * writeFileSync('call.json', JSON.stringify(transcript, null, 2));
 */
export interface CallTranscript {
  reference_id: string;
  direction: 'inbound' | 'outbound';
  to: string;
  from: string;
  created_at: number;
  entries: TranscriptEntry[];
}

/**
 * A protocol violation: something the customer's code did that TeleSign's contract does not allow, recorded for
 * tests to assert on instead of failing the call.
 *
 * @example
 * expect(sim.violations()).toEqual([]);
 */
export interface Violation {
  reference_id: string;
  /** Virtual epoch ms. */
  at: number;
  kind: /** The answer to an event was not a readable action. */
    | 'invalid_reply'
    /** The answer's action is not allowed after the event answered (`ALLOWED_REPLIES`). */
    | 'not_allowed_after_event'
    /** The answer came when the call had already moved on (an action was already taken for that event). */
    | 'unsupported_call_state';
  /** The event that was answered. */
  event: string;
  sequence: number;
  /** The action's method, when readable. */
  method?: string;
  message: string;
}
