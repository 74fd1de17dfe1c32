/**
 * Prompts → voice actions.
 *
 * @module
 */
import type { CollectDigits, PromptAction } from '@ivrkit/protocol';
import type { FlowData } from '../core/json.js';
import type { CompileContext } from './compile-context.js';
import { resolveLanguage } from './language.js';
import type { MenuContext } from './menu-context.js';
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

const NO_PARTIES = { ours: '', theirs: '', externalId: null, startedAt: 0 } as const;

/**
 * The action node `node` plays for `prompt` in this call: its language (the prompt's own, else the flow's) resolved
 * from the call's data and parties, and checked.
 *
 * @example
 * speakPrompt({ say: 'Hola.', language: 'es-MX' }, context, ctx, 'main');
 */
export function speakPrompt(
  prompt: PromptSpec,
  context: Pick<MenuContext, 'data' | 'call'>,
  ctx: CompileContext,
  node: string,
  collect?: CollectDigits,
): PromptAction {
  const own = typeof prompt === 'object' && 'say' in prompt ? prompt.language : undefined;
  const where =
    own === undefined
      ? `flow "${ctx.flowId}".language`
      : `flow "${ctx.flowId}" node "${node}" prompt.language`;
  const call = context.call ?? NO_PARTIES;
  const language = resolveLanguage(own ?? ctx.language, context.data, call, where, ctx.extraLanguages);
  return promptAction(prompt, context.data, language, collect);
}

/**
 * The action that plays `prompt` with text in `language` (already resolved), collecting digits when asked.
 *
 * @example
 * promptAction('Hello.', {}, 'en-US'); // { method: 'speak', params: { tts: { message: 'Hello.', language: 'en-US' } } }
 * // a prompt's own `language` is resolved by the caller (see speakPrompt), never read here
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
      params: { tts: { message, language }, ...withCollect },
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
