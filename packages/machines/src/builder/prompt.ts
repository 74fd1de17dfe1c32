/**
 * Prompts → voice actions.
 *
 * @module
 */
import type { CollectDigits, PromptAction } from '@ivrkit/protocol';
import type { FlowData } from '../core/json.js';
import type { CollectTimings, PromptSpec } from './nodes.js';

/**
 * The `collect_digits` of a node: `max` digits, with the node's timings (wire defaults when omitted).
 *
 * @example
 * collectDigits(4, { timeout: 8_000 }); // { max: 4, timeout: 8000 }
 */
export function collectDigits(max: number, timings: CollectTimings): CollectDigits {
  return {
    max,
    ...(timings.timeout !== undefined ? { timeout: timings.timeout } : {}),
    ...(timings.interDigitTimeout !== undefined ? { inter_digit_timeout: timings.interDigitTimeout } : {}),
  };
}

/**
 * The action that plays `prompt` (text in `language` unless it names its own), collecting digits when asked.
 *
 * @example
 * promptAction('Hello.', {}, 'en-US'); // { method: 'speak', params: { tts: { message: 'Hello.', language: 'en-US' } } }
 */
export function promptAction(
  prompt: PromptSpec,
  data: Readonly<FlowData>,
  language: string,
  collect?: CollectDigits,
): PromptAction {
  const withCollect = collect ? { collect_digits: collect } : {};
  if (typeof prompt === 'string' || typeof prompt === 'function') {
    const message = typeof prompt === 'string' ? prompt : prompt(data);
    return { method: 'speak', params: { tts: { message, language }, ...withCollect } };
  }
  if ('say' in prompt) {
    const message = typeof prompt.say === 'string' ? prompt.say : prompt.say(data);
    return {
      method: 'speak',
      params: { tts: { message, language: prompt.language ?? language }, ...withCollect },
    };
  }
  if ('play' in prompt) return { method: 'play', params: { url: prompt.play, ...withCollect } };
  return { method: 'play_multiple', params: { urls: [...prompt.playAll], ...withCollect } };
}

/**
 * The method a prompt is played with (for definition-time contract checks).
 *
 * @example
 * promptMethod({ playAll: ['a.wav'] }); // 'play_multiple'
 */
export function promptMethod(prompt: PromptSpec): PromptAction['method'] {
  if (typeof prompt === 'string' || typeof prompt === 'function' || 'say' in prompt) return 'speak';
  return 'play' in prompt ? 'play' : 'play_multiple';
}
