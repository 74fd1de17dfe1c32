/** Shared field rules of actions and events. */
import { LIMITS } from '../ours.js';
import type { StringRule } from './checks.js';

/** `reference_id` / `external_id`: opaque, printable, bounded. */
export const ID_RULE: StringRule = {
  max: LIMITS.maxIdLength,
  pattern: /^[\x21-\x7e]+$/,
  patternName: 'a non-empty id of printable ASCII',
};

/** Digits a caller can press, as `collected_digits` carries them (may be empty). */
export const COLLECTED_DIGITS_RULE: StringRule = {
  min: 0,
  max: LIMITS.maxCollectDigits,
  pattern: /^[0-9*#A-D]*$/,
  patternName: 'digits 0-9 * # A-D',
};

/** DTMF to send: digits plus `w` (a half-second pause). */
export const DTMF_RULE: StringRule = {
  max: LIMITS.maxDtmfLength,
  pattern: /^[0-9A-D*#w]+$/,
  patternName: 'DTMF digits 0-9 A-D * # and w (pause)',
};

/** An http(s) URL. */
export const URL_RULE: StringRule = {
  max: LIMITS.maxUrlLength,
  pattern: /^https?:\/\/[^\s/?#]+[^\s]*$/i,
  patternName: 'an http(s) URL',
};

/** A BCP-47-style language tag (`en-US`). */
export const LANGUAGE_RULE: StringRule = {
  max: 35,
  pattern: /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/,
  patternName: 'a language tag such as "en-US"',
};

/** A phone number in an event: TeleSign's own, so only its type and length are checked. */
export const EVENT_NUMBER_RULE: StringRule = { min: 0, max: 64 };

/** A `call_completed` time: `2026-11-24 10:15:00.123` (UTC, no `Z`), or empty. */
export const CDR_TIME_RULE: StringRule = {
  min: 0,
  max: 32,
  pattern: /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?$/,
  patternName: 'a UTC time "YYYY-MM-DD hh:mm:ss.sss" or ""',
};
