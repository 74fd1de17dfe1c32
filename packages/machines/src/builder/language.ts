/**
 * TTS languages of a menu flow: a fixed code, or one chosen per call (from the incoming call's numbers or from
 * data a lookup stored). Fixed codes are checked against TeleSign's documented list when the flow is defined;
 * a chosen code is checked when the prompt is built.
 *
 * @module
 */
import { isTtsLanguage, suggestTtsLanguage, TTS_LANGUAGES } from '@ivrkit/protocol';
import type { FlowData } from '../core/json.js';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';
import type { CallParties } from './menu-context.js';

/**
 * A language chosen per call, from the flow's data and the call's parties.
 *
 * @example
 * const byLine: LanguageFn = (data, call) => (call.ours === '15555551213' ? 'es-MX' : 'en-US');
 * const byCustomer: LanguageFn = (data) => String(data.language ?? 'en-US');
 */
export type LanguageFn = (data: Readonly<FlowData>, call: Readonly<CallParties>) => string;

/**
 * A TTS language: a code (`en-US`) or a {@link LanguageFn}.
 *
 * @example
 * const language: LanguageSpec = (data) => (data.lang === 'fr' ? 'fr-CA' : 'en-CA');
 */
export type LanguageSpec = string | LanguageFn;

/**
 * Throws {@link FlowDefinitionError} unless `code` is a TTS language TeleSign documents or one of `extra`.
 *
 * @example
 * checkLanguage('en-us', 'flow "x".language', new Set()); // throws: … did you mean "en-US"?
 */
export function checkLanguage(code: unknown, where: string, extra: ReadonlySet<string>): string {
  if (typeof code === 'string' && (isTtsLanguage(code) || extra.has(code))) return code;
  const hint = typeof code === 'string' ? suggestTtsLanguage(code) : undefined;
  throw new FlowDefinitionError(
    `${where}: ${JSON.stringify(code)} is not a TTS language TeleSign documents` +
      (hint ? ` (did you mean "${hint}"?)` : '') +
      `; known: ${Object.keys(TTS_LANGUAGES).join(', ')}. A code your account has beyond these goes in the flow's extraLanguages`,
  );
}

/**
 * Checks a language as written in a flow definition: a known code, or a function (checked per call).
 *
 * @example
 * checkLanguageSpec((d) => String(d.lang), 'flow "x".language', new Set()); // ok: checked when it runs
 */
export function checkLanguageSpec(spec: unknown, where: string, extra: ReadonlySet<string>): void {
  if (typeof spec === 'function') return;
  checkLanguage(spec, where, extra);
}

/**
 * The code `spec` gives for this call, checked.
 *
 * @example
 * resolveLanguage((d) => String(d.lang), { lang: 'fr-CA' }, parties, 'flow "x".language', new Set()); // 'fr-CA'
 */
export function resolveLanguage(
  spec: LanguageSpec,
  data: Readonly<FlowData>,
  call: Readonly<CallParties>,
  where: string,
  extra: ReadonlySet<string>,
): string {
  if (typeof spec === 'string') return spec;
  return checkLanguage(spec(data, call), `${where} (chosen for this call)`, extra);
}
