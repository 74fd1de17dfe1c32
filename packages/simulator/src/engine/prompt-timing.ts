/**
 * How long prompts last. The simulator never fetches audio: a `speak` lasts as long as its words take at
 * `SPEAKING_RATE_WPM` `[ours]`; a `play` lasts its URL's configured length, or `DEFAULT_PLAY_DURATION_MS` `[ours]`.
 *
 * @module
 */
import { DEFAULT_PLAY_DURATION_MS, type PromptAction, SPEAKING_RATE_WPM } from '@ivrkit/protocol';

/**
 * Options for prompts, per simulator.
 *
 * @example
 * createSimulator({ prompts: { playDurations: { 'https://example.com/menu.wav': 8_000 }, failingUrls: ['https://example.com/404.wav'] } });
 */
export interface PromptOptions {
  /** Length of specific audio URLs, in milliseconds. */
  playDurations?: Record<string, number>;
  /** Length of any other URL. Default `DEFAULT_PLAY_DURATION_MS`. */
  defaultPlayMs?: number;
  /** Words per minute of speech. Default `SPEAKING_RATE_WPM`. */
  speakingRateWpm?: number;
  /** URLs that cannot be played: their `play_completed` carries `playback_failed`. */
  failingUrls?: string[];
  /** TTS languages that cannot be rendered: `speak_completed` carries `speak_failed`. */
  failingLanguages?: string[];
}

/**
 * `[sim]` The shortest `speak`, however few its words.
 *
 * @example
 * speechDurationMs('Hi'); // MIN_SPEAK_MS
 */
export const MIN_SPEAK_MS = 400;

/**
 * Milliseconds `text` takes to speak at `wpm` words per minute.
 *
 * @example
 * speechDurationMs('Press 1 for sales', 160); // 1500
 */
export function speechDurationMs(text: string, wpm: number = SPEAKING_RATE_WPM): number {
  const words = text.split(/\s+/).filter((word) => word.length > 0).length;
  return Math.max(MIN_SPEAK_MS, Math.round((words * 60_000) / wpm));
}

/**
 * How long a prompt action plays, and whether it fails.
 *
 * @example
 * promptPlan({ method: 'play', params: { url: 'https://x.test/a.wav' } }, {}); // { durationMs: 3000, failed: false }
 */
export function promptPlan(
  action: PromptAction,
  options: PromptOptions,
): { durationMs: number; failed: boolean } {
  if (action.method === 'speak') {
    const language = action.params.tts.language;
    const failed = language !== undefined && (options.failingLanguages ?? []).includes(language);
    return {
      durationMs: failed ? 0 : speechDurationMs(action.params.tts.message, options.speakingRateWpm),
      failed,
    };
  }
  const urls = action.method === 'play' ? [action.params.url] : action.params.urls;
  const failing = options.failingUrls ?? [];
  if (urls.some((url) => failing.includes(url))) return { durationMs: 0, failed: true };
  const durations = options.playDurations ?? {};
  const fallback = options.defaultPlayMs ?? DEFAULT_PLAY_DURATION_MS;
  let durationMs = 0;
  for (const url of urls) durationMs += durations[url] ?? fallback;
  return { durationMs, failed: false };
}
