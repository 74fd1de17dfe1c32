/**
 * The text-to-speech languages TeleSign publishes for its voices, as `speak.tts.language` codes.
 *
 * TeleSign's TTS guide says "26 languages and dialects" without listing them for `/v2/voice`; the list it does
 * publish is the `voice` parameter of its Voice API (`f-<language>-<REGION>`, every voice female). The codes below
 * are those tags without the `f-` prefix. A code TeleSign adds later (or one an account has enabled) is accepted
 * where a flow lists it in its own `extraLanguages`.
 *
 * @module
 */

/**
 * Each TTS language TeleSign documents, by code, with its name.
 *
 * @example
 * TTS_LANGUAGES['en-GB']; // 'English (United Kingdom)'
 */
export const TTS_LANGUAGES = {
  'da-DK': 'Danish',
  'en-AU': 'English (Australia)',
  'en-CA': 'English (Canada)',
  'en-GB': 'English (United Kingdom)',
  'en-IN': 'English (India)',
  'en-US': 'English (United States)',
  'es-ES': 'Spanish (Spain)',
  'es-MX': 'Spanish (Mexico)',
  'fi-FI': 'Finnish',
  'fr-CA': 'French (Canada)',
  'fr-FR': 'French (France)',
  'it-IT': 'Italian',
  'ja-JP': 'Japanese',
  'ko-KR': 'Korean',
  'nb-NO': 'Norwegian (Bokmål)',
  'nl-NL': 'Dutch',
  'pl-PL': 'Polish',
  'pt-BR': 'Portuguese (Brazil)',
  'pt-PT': 'Portuguese (Portugal)',
  'zh-CN': 'Chinese (Mandarin)',
  'zh-HK': 'Chinese (Cantonese, Hong Kong)',
  'zh-TW': 'Chinese (Taiwan)',
} as const satisfies Readonly<Record<string, string>>;

/**
 * A TTS language code TeleSign documents.
 *
 * @example
 * const language: TtsLanguage = 'fr-CA';
 */
export type TtsLanguage = keyof typeof TTS_LANGUAGES;

/**
 * Whether `code` is a TTS language TeleSign documents (exact spelling: `en-US`, not `en-us` or `en_US`).
 *
 * @example
 * isTtsLanguage('es-MX'); // true
 * isTtsLanguage('xx-YY'); // false
 */
export function isTtsLanguage(code: unknown): code is TtsLanguage {
  return typeof code === 'string' && Object.hasOwn(TTS_LANGUAGES, code);
}

/**
 * The documented code closest to `code` by spelling (`en-us` → `en-US`, `fr` → `fr-FR`), for error messages.
 *
 * @example
 * suggestTtsLanguage('en_us'); // 'en-US'
 */
export function suggestTtsLanguage(code: string): TtsLanguage | undefined {
  const codes = Object.keys(TTS_LANGUAGES) as TtsLanguage[];
  const wanted = code.replace('_', '-').toLowerCase();
  return (
    codes.find((c) => c.toLowerCase() === wanted) ??
    codes.find((c) => c.toLowerCase().startsWith(`${wanted.split('-')[0]}-`))
  );
}
