/**
 * Actions: what the customer tells TeleSign to do, as `{"method", "params"}` in the wire's snake_case.
 * Sent as the answer to an event POST, or as the body of `POST /v2/voice` (with `reference_id` for a live call).
 *
 * @module
 */

/**
 * Digit collection, attached to a prompt (`speak`, `play`, `play_multiple`).
 *
 * @example
 * const collect: CollectDigits = { max: 5, timeout: 10_000, inter_digit_timeout: 3_000 };
 */
export interface CollectDigits {
  /** Digits to collect; collection ends as soon as this many were pressed. An integer ≥ 1. */
  max: number;
  /** Milliseconds to wait for the first digit after the prompt ends. Default: `COLLECT_DIGITS_DEFAULTS.timeout` `[ours]`. */
  timeout?: number;
  /** Milliseconds to wait between digits. Default: `COLLECT_DIGITS_DEFAULTS.inter_digit_timeout` `[ours]`. */
  inter_digit_timeout?: number;
}

/** Text-to-speech: a message and its language (a BCP-47 tag such as `en-US`). */
export interface Tts {
  message: string;
  /** Default: `DEFAULT_TTS_LANGUAGE` `[ours]`. */
  language?: string;
}

/** Fields every action may carry besides `method` and `params`. */
export interface ActionEnvelope {
  /** JSON-RPC marker some TeleSign examples carry; ignored. */
  jsonrpc?: '2.0';
  /** JSON-RPC id some TeleSign examples carry; ignored. */
  id?: string | number;
  /** `[ours]` The live call this action is for, when sent by `POST /v2/voice` (the Customer Action API). */
  reference_id?: string;
}

/**
 * Place an outbound call, or transfer (bridge) a live call to another number.
 *
 * @example
 * const dial: DialAction = { method: 'dial', params: { to: '15555551212', caller_id_number: '15554441313' } };
 */
export interface DialAction extends ActionEnvelope {
  method: 'dial';
  params: {
    /** The number to call: country code and digits only. */
    to: string;
    /** A number you lease, or the inbound caller's number when bridging. */
    caller_id_number: string;
    /** Seconds, as a string, at most `"14400"`: lowers the call's four-hour cap. */
    max_call_duration?: string;
    /** DTMF to send once the callee answers: `0-9 A-D * #`, each `w` a half-second pause. */
    send_dtmf?: string;
    /** Your own id, echoed in the response and in later events. */
    external_id?: string;
    /** Meaning unpublished by TeleSign; passed through. */
    is_primary?: boolean;
  };
}

/**
 * Speak text to the caller, optionally collecting digits.
 *
 * @example
 * const speak: SpeakAction = {
 *   method: 'speak',
 *   params: { tts: { message: 'Press 1 for your balance.', language: 'en-US' }, collect_digits: { max: 1 } },
 * };
 */
export interface SpeakAction extends ActionEnvelope {
  method: 'speak';
  params: { tts: Tts; collect_digits?: CollectDigits };
}

/**
 * Play an audio file to the caller, optionally collecting digits.
 *
 * @example
 * const play: PlayAction = { method: 'play', params: { url: 'https://example.com/menu.wav' } };
 */
export interface PlayAction extends ActionEnvelope {
  method: 'play';
  params: { url: string; collect_digits?: CollectDigits };
}

/**
 * Play several audio files one after another. The name is TeleSign's; `urls` is `[ours]`.
 *
 * @example
 * const play: PlayMultipleAction = { method: 'play_multiple', params: { urls: ['https://example.com/a.wav'] } };
 */
export interface PlayMultipleAction extends ActionEnvelope {
  method: 'play_multiple';
  params: { urls: string[]; collect_digits?: CollectDigits };
}

/**
 * Send DTMF tones on the call. The name is TeleSign's; `digits` is `[ours]`.
 *
 * @example
 * const dtmf: SendDtmfAction = { method: 'send_dtmf', params: { digits: '1234#' } };
 */
export interface SendDtmfAction extends ActionEnvelope {
  method: 'send_dtmf';
  params: { digits: string };
}

/**
 * End the call.
 *
 * @example
 * const bye: HangupAction = { method: 'hangup', params: {} };
 */
export interface HangupAction extends ActionEnvelope {
  method: 'hangup';
  params: Record<string, never>;
}

/** Any action, discriminated on `method`. */
export type VoiceAction =
  | DialAction
  | SpeakAction
  | PlayAction
  | PlayMultipleAction
  | SendDtmfAction
  | HangupAction;

/** The name of an action. */
export type ActionMethod = VoiceAction['method'];

/** The action whose `method` is `M`. */
export type ActionOf<M extends ActionMethod> = Extract<VoiceAction, { method: M }>;

/** Every action method, in one list. */
export const ACTION_METHODS = [
  'dial',
  'speak',
  'play',
  'play_multiple',
  'send_dtmf',
  'hangup',
] as const satisfies readonly ActionMethod[];

/** Actions that play a prompt and may collect digits; each is answered by a `*_completed` event. */
export type PromptAction = SpeakAction | PlayAction | PlayMultipleAction;
