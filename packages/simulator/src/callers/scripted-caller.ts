/**
 * Callers written as JSON: rules matched against each prompt, so tests, the CLI and the control API can describe
 * a caller without code.
 *
 * @module
 */
import type { Caller, CallerReaction, HeardPrompt } from './caller.js';

/**
 * One rule of a {@link CallerScript}: when a prompt matches every condition given, react. Each rule fires once
 * unless `repeat` is set; the first matching rule wins. A rule without `press` or `hangupAfterMs` stays silent.
 *
 * @example
 * const rule: CallerRule = { says: 'account number', press: '12345', afterMs: 1_000 };
 */
export interface CallerRule extends CallerReaction {
  /** Match the n-th prompt (1-based). */
  prompt?: number;
  /** Match a `speak` whose text contains this (case-insensitive). */
  says?: string;
  /** Match a `play` / `play_multiple` with this URL among its URLs. */
  url?: string;
  /** Fire on every matching prompt, not just the first. */
  repeat?: boolean;
}

/**
 * A caller as JSON.
 *
 * @example
 * const script: CallerScript = {
 *   hangupAtMs: 60_000,
 *   rules: [{ prompt: 1, press: '923', afterMs: 500 }, { says: 'goodbye', hangupAfterMs: 0 }],
 * };
 */
export interface CallerScript {
  /** Hang up this long after being connected. */
  hangupAtMs?: number;
  /** Tried in order for each prompt. */
  rules?: CallerRule[];
}

/**
 * A caller given either way.
 *
 * @example
 * const spec: CallerSpec = { rules: [{ says: 'menu', press: '2' }] };
 */
export type CallerSpec = Caller | CallerScript;

/**
 * Turns a {@link CallerScript} into a {@link Caller}. Each call gets its own compiled copy (rules fire once per call).
 *
 * @example
 * const caller = scriptedCaller({ rules: [{ prompt: 1, press: '1' }] });
 */
export function scriptedCaller(script: CallerScript): Caller {
  const rules = script.rules ?? [];
  const used = new Set<number>();
  const caller: Caller = {
    onPrompt(prompt) {
      for (const [index, rule] of rules.entries()) {
        if (used.has(index) || !matches(rule, prompt)) continue;
        if (!rule.repeat) used.add(index);
        return reactionOf(rule);
      }
      return undefined;
    },
  };
  if (script.hangupAtMs !== undefined) caller.hangupAtMs = script.hangupAtMs;
  return caller;
}

/**
 * A fresh {@link Caller} for one call from a spec: a script is compiled; a code caller is used as it is.
 *
 * @example
 * const caller = callerFromSpec({ rules: [{ prompt: 1, press: '5' }] });
 */
export function callerFromSpec(spec: CallerSpec | undefined): Caller {
  if (spec === undefined) return {};
  if (isScript(spec)) return scriptedCaller(spec);
  return spec;
}

function isScript(spec: CallerSpec): spec is CallerScript {
  return 'rules' in spec || !('onPrompt' in spec || 'onDtmf' in spec);
}

function matches(rule: CallerRule, prompt: HeardPrompt): boolean {
  if (rule.prompt !== undefined && rule.prompt !== prompt.index) return false;
  if (rule.says !== undefined && !(prompt.text ?? '').toLowerCase().includes(rule.says.toLowerCase()))
    return false;
  if (rule.url !== undefined && !prompt.urls.includes(rule.url)) return false;
  return true;
}

function reactionOf(rule: CallerRule): CallerReaction {
  const reaction: CallerReaction = {};
  if (rule.press !== undefined) reaction.press = rule.press;
  if (rule.afterMs !== undefined) reaction.afterMs = rule.afterMs;
  if (rule.bargeIn !== undefined) reaction.bargeIn = rule.bargeIn;
  if (rule.digitGapMs !== undefined) reaction.digitGapMs = rule.digitGapMs;
  if (rule.hangupAfterMs !== undefined) reaction.hangupAfterMs = rule.hangupAfterMs;
  return reaction;
}
