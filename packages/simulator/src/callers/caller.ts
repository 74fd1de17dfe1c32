/**
 * Callers: the people on the simulated line. A caller hears prompts (and DTMF tones) and reacts by pressing
 * digits, waiting, staying silent or hanging up. Write one as code ({@link Caller}) or as JSON
 * ({@link CallerScript}, see `scripted-caller.ts`).
 *
 * @module
 */

/**
 * A prompt as the person on the line hears it.
 *
 * @example
 * const onPrompt = (prompt: HeardPrompt) => (prompt.index === 1 ? { press: '1' } : undefined);
 */
export interface HeardPrompt {
  /** 1-based: the n-th prompt this person has heard on this call. */
  index: number;
  /** The action that plays it. */
  method: 'speak' | 'play' | 'play_multiple';
  /** The spoken text, for `speak`. */
  text?: string;
  /** The TTS language, for `speak`. */
  language?: string;
  /** The audio URLs, for `play` / `play_multiple` (empty for `speak`). */
  urls: string[];
  /** How long the prompt plays, in milliseconds, if nobody interrupts it. */
  durationMs: number;
  /** Whether digits are being collected (`collect_digits` was given). */
  collectsDigits: boolean;
  /** Virtual time the prompt started, epoch ms. */
  startedAt: number;
}

/**
 * What a person does in answer to a prompt. Times count from the prompt's end, or from its start with
 * `bargeIn` (digits pressed while a collecting prompt plays cut it short: `DIGITS_DURING_PROMPT`).
 *
 * @example
 * const reaction: CallerReaction = { press: '923', afterMs: 800, digitGapMs: 300 };
 */
export interface CallerReaction {
  /** Digits to press, `0-9 * # A-D`; each `w` waits half a second. */
  press?: string;
  /** Wait this long before the first digit. Default 0. */
  afterMs?: number;
  /** Count `afterMs` (and `hangupAfterMs`) from the prompt's start instead of its end. */
  bargeIn?: boolean;
  /** Time between two digits. Default {@link DEFAULT_DIGIT_GAP_MS}. */
  digitGapMs?: number;
  /** Hang up this long after the prompt ends (or starts, with `bargeIn`). */
  hangupAfterMs?: number;
}

/**
 * What a code caller can read about its call.
 *
 * @example
 * const caller: Caller = { onPrompt: (_prompt, ctx) => (ctx.heard.length > 3 ? { hangupAfterMs: 0 } : undefined) };
 */
export interface CallerContext {
  readonly referenceId: string;
  /** Virtual time, epoch ms. */
  now(): number;
  /** Every prompt this person heard so far on this call, the current one last. */
  readonly heard: readonly HeardPrompt[];
}

/**
 * A caller as code: a function of what the caller hears. Every member is optional; a caller with none stays
 * silent and never hangs up.
 *
 * @example
 * const caller: Caller = {
 *   hangupAtMs: 120_000,
 *   onPrompt: (prompt) => (prompt.text?.includes('balance') ? { press: '1', afterMs: 500 } : undefined),
 * };
 */
export interface Caller {
  /** Hang up this long after being connected (inbound: the call's start; outbound and transfers: the answer). */
  hangupAtMs?: number;
  /** Called as each prompt starts. */
  onPrompt?(prompt: HeardPrompt, context: CallerContext): CallerReaction | undefined;
  /** Called when DTMF tones are sent to this person (`send_dtmf`, `dial.send_dtmf`). */
  onDtmf?(digits: string, context: CallerContext): void;
}

/**
 * `[sim]` Time between two pressed digits when a reaction does not say.
 *
 * @example
 * // '923' pressed 500 ms after a prompt: digits at +500, +750, +1000 ms.
 * const reaction: CallerReaction = { press: '923', afterMs: 500 };
 */
export const DEFAULT_DIGIT_GAP_MS = 250;

/**
 * `[sim]` A `w` in a pressed or sent DTMF string waits this long (as in `dial.send_dtmf`).
 *
 * @example
 * const reaction: CallerReaction = { press: '1w2' }; // 1, half a second, then 2
 */
export const DTMF_PAUSE_MS = 500;

/**
 * A caller that stays silent and never hangs up: the default callee.
 *
 * @example
 * sim.placeInboundCall({ to: '15555551212', from: '15558675309', caller: SILENT_CALLER });
 */
export const SILENT_CALLER: Caller = Object.freeze({});
