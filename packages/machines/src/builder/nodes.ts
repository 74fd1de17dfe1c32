/**
 * The menu builder's vocabulary: node kinds, prompts, digit collection and re-prompt rules. Each node compiles to
 * one state of the flow's statechart (see `compile-node.ts`).
 *
 * @module
 */
import type { FlowData, JsonValue } from '../core/json.js';
import type { ChooseNode } from './choose-node.js';
import type { LanguageSpec } from './language.js';
import type { CallParties } from './menu-context.js';

/**
 * The name of another node of the same flow. Node types take the names of their targets as a parameter, so that
 * `defineFlow` can check them against the flow's node names at compile time.
 *
 * @example
 * const next: Target = 'main';
 */
export type Target = string;

/**
 * A text computed from the flow's data ("your balance is …").
 *
 * @example
 * const text: TextFn = (d) => `Your balance is ${d.balance} dollars.`;
 */
export type TextFn = (data: Readonly<FlowData>) => string;

/**
 * What the caller hears: text to speak (a string, or a function of the data), an audio URL, or several.
 *
 * @example
 * const p1: PromptSpec = 'Welcome.';
 * const p2: PromptSpec = { say: (d) => `Your balance is ${d.balance}.`, language: 'en-GB' };
 * const p2b: PromptSpec = { say: 'Bonjour.', language: (d) => (d.region === 'QC' ? 'fr-CA' : 'fr-FR') };
 * const p3: PromptSpec = { play: 'https://example.com/menu.wav' };
 * const p4: PromptSpec = { playAll: ['https://example.com/a.wav', 'https://example.com/b.wav'] };
 */
export type PromptSpec =
  | string
  | TextFn
  | { say: string | TextFn; language?: LanguageSpec }
  | { play: string }
  | { playAll: string[] };

/**
 * Digit-collection timings, in milliseconds (wire defaults from `COLLECT_DIGITS_DEFAULTS` when omitted).
 *
 * @example
 * const t: CollectTimings = { timeout: 8_000, interDigitTimeout: 2_000 };
 */
export interface CollectTimings {
  /** Wait for the first digit after the prompt. */
  timeout?: number;
  /** Wait between digits. */
  interDigitTimeout?: number;
}

/**
 * A re-prompt rule: after `retries` re-prompts the flow goes to `next` (or hangs up when `next` is omitted).
 *
 * Retries are counted per visit of the node: entering it again from another node (its own `next`, a main menu,
 * an option) starts at zero. A retry that goes `via` another node is part of the same visit: the counters come
 * back with the caller. So a "sorry" node that leads back to the menu bounds the retries only as `via`: with
 * `next: 'sorry'` the caller meets a fresh menu each time, and a caller who keeps pressing a wrong key never
 * leaves (`lintFlow` and `checkFlow` report such loops).
 *
 * @example
 * const noInput: RetryRule = { retries: 2, prompt: "Sorry, I didn't hear anything. Press 1 or 2.", next: 'goodbye' };
 * // "Sorry" as a node of its own, and after three wrong keys in all, a transfer:
 * const invalid: RetryRule = { retries: 2, via: 'sorry', next: 'agent' };
 */
export interface RetryRule<T extends string = Target> {
  /** Re-prompts before giving up. Default 2. */
  retries?: number;
  /** What the re-prompt says (collecting digits again). Default: the node's own prompt. */
  prompt?: PromptSpec;
  /** Where to go after the last retry. Default: hang up. */
  next?: T;
  /**
   * Where a retry goes instead of re-prompting in place: a node that leads back here (a "sorry" message, a help
   * menu). The counters survive the trip, so after `retries` detours the caller goes to `next`.
   */
  via?: T;
}

/**
 * Re-prompt rules shared by the nodes that collect digits.
 *
 * @example
 * const rules: CollectRules = { timeout: 5_000, noInput: { next: 'bye' }, invalid: { retries: 1 } };
 */
export interface CollectRules<T extends string = Target> extends CollectTimings {
  /** When the prompt ends without a digit (or fails to play). */
  noInput?: RetryRule<T>;
  /** When the digits match no option (or fail validation). */
  invalid?: RetryRule<T>;
}

/**
 * Play a prompt and branch on one key (or a short code): `options` maps what the caller presses to a node.
 *
 * @example
 * menu({ prompt: 'For sales press 1, support 2.', options: { 1: 'sales', 2: 'support' }, invalid: { next: 'bye' } })
 */
export interface MenuNode<T extends string = Target> extends CollectRules<T> {
  kind: 'menu';
  prompt: PromptSpec;
  options: Readonly<Record<string, T>>;
}

/**
 * Collect several digits (a PIN, an account number), validate them, and store them in the data as `saveAs`.
 *
 * @example
 * ask({ prompt: 'Enter your 8-digit account number.', max: 8, validate: (d) => /^\d{8}$/.test(d), saveAs: 'account', next: 'balance' })
 */
export interface AskNode<T extends string = Target> extends CollectRules<T> {
  kind: 'ask';
  prompt: PromptSpec;
  /** Digits to collect at most (collection ends at this many). */
  max: number;
  /** Digits required at least. Default 1. */
  min?: number;
  /** Extra validation; the digits are invalid when it returns false. */
  validate?: (digits: string, data: Readonly<FlowData>) => boolean;
  /** The data key the digits are stored under. */
  saveAs: string;
  next: T;
}

/**
 * Play a prompt, then go on.
 *
 * @example
 * say({ prompt: (d) => `Your balance is ${d.balance} dollars.`, next: 'main' })
 */
export interface SayNode<T extends string = Target> {
  kind: 'say';
  prompt: PromptSpec;
  next: T;
}

/**
 * Run the async implementation `name` (from the flow's `lookups`) with a timeout; on success store its output
 * and go to `next`, on failure or timeout go to `onError` (so the caller hears "sorry" rather than silence).
 *
 * @example
 * lookup({ name: 'balance', input: (d) => ({ account: d.account }), timeoutMs: 3_000, saveAs: 'balance', next: 'readBalance', onError: 'sorry' })
 */
export interface LookupNode<T extends string = Target> {
  kind: 'lookup';
  name: string;
  /** The implementation's input (JSON), computed from the data and the call's parties. Default `null`. */
  input?: (data: Readonly<FlowData>, call: Readonly<CallParties>) => JsonValue;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Store the output (which must be JSON) under this key. */
  saveAs?: string;
  /** Or: turn the output into data to merge. */
  save?: (output: unknown, data: Readonly<FlowData>) => FlowData;
  next: T;
  onError: T;
}

/**
 * Who the transferred party sees as the caller: `'caller'` (the inbound caller's number, allowed when bridging an
 * inbound call), `'ours'` (our number on this call — a leased number), or a leased number in wire form.
 *
 * @example
 * const rule: CallerIdRule = 'caller';
 */
export type CallerIdRule = 'caller' | 'ours' | (string & {});

/**
 * Transfer the call (`dial`). If the new leg fails, go to `onFailed`; when it ends with the caller still on the
 * line (`call_leg_completed`), go to `afterLeg` (default: hang up).
 *
 * @example
 * transfer({ to: '15550009999', callerId: 'caller', onFailed: 'agentsBusy' })
 */
export interface TransferNode<T extends string = Target> {
  kind: 'transfer';
  to: string | TextFn;
  /** Default: the flow's `callerId`, else `'ours'`. */
  callerId?: CallerIdRule;
  /** Lowers the transferred leg's duration cap (seconds, ≤ 14400). */
  maxCallDurationSeconds?: number;
  /**
   * Tones to send once the transferred party answers (an extension: `'1234#'`; `0-9 A-D * #`, each `w` a
   * half-second pause). Sent by TeleSign as `dial.send_dtmf`.
   */
  sendDtmf?: string;
  onFailed: T;
  afterLeg?: T;
}

/**
 * Hang up, after an optional goodbye prompt.
 *
 * @example
 * hangup({ prompt: 'Thank you for calling. Goodbye.' })
 */
export interface HangupNode {
  kind: 'hangup';
  prompt?: PromptSpec;
}

/**
 * Send DTMF tones to the party who answered an outbound call (an extension at a switchboard, a code to an
 * answering system), then go on: `0-9 A-D * #`, each `w` a half-second pause. TeleSign allows `send_dtmf` only
 * after `dial_completed`, so the node goes where an outbound flow starts (directly or through `choose` /
 * `lookup`); the flow waits for the tones to play, then `next` answers the call.
 *
 * @example
 * sendDtmf({ digits: 'ww204#', next: 'message' })
 */
export interface SendDtmfNode<T extends string = Target> {
  kind: 'sendDtmf';
  digits: string | TextFn;
  next: T;
}

/**
 * Any node of a menu flow.
 *
 * @example
 * const nodes: Record<string, FlowNode> = { bye: hangup({ prompt: 'Bye.' }) };
 */
export type FlowNode<T extends string = Target> =
  | MenuNode<T>
  | AskNode<T>
  | SayNode<T>
  | LookupNode<T>
  | TransferNode<T>
  | ChooseNode<T>
  | SendDtmfNode<T>
  | HangupNode;
