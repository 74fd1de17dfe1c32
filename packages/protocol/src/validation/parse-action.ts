import { ACTION_METHODS, type ActionMethod, type CollectDigits, type VoiceAction } from '../actions.js';
import { LIMITS, MAX_CALL_DURATION_SECONDS } from '../ours.js';
import { isWirePhoneNumber } from '../phone.js';
import { at, boolean, fail, Invalid, integer, object, optional, string } from './checks.js';
import { type ParseResult, ProtocolValidationError } from './issue.js';
import { type JsonLimits, parseJsonBody } from './json.js';
import { DTMF_RULE, ID_RULE, LANGUAGE_RULE, URL_RULE } from './patterns.js';

/**
 * Checks an untrusted value (parsed JSON) as a {@link VoiceAction}: method, params, and every known field.
 * Unknown extra fields are kept. Missing or malformed phone numbers carry TeleSign's status string
 * (`to_number_not_provided`, `invalid_phone_number`, …) in `issue.status`.
 *
 * @example
 * const result = parseAction({ method: 'play', params: { url: 'https://x.test/a.wav', collect_digits: { max: '5' } } });
 * // result.ok === false; result.issue.message === 'params.collect_digits.max: expected an integer from 1 to 64, got "5"'
 */
export function parseAction(value: unknown): ParseResult<VoiceAction> {
  try {
    return { ok: true, value: checkAction(value) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, issue: error.issue };
    throw error;
  }
}

/**
 * Parses a raw body (JSON text) as an action, within the size and depth limits.
 *
 * @example
 * const result = parseActionJson('{"method":"hangup","params":{}}');
 */
export function parseActionJson(text: string, limits?: JsonLimits): ParseResult<VoiceAction> {
  const json = parseJsonBody(text, limits);
  return json.ok ? parseAction(json.value) : json;
}

/**
 * Like {@link parseAction}, but returns the action or throws {@link ProtocolValidationError}.
 *
 * @example
 * const action = assertAction(JSON.parse(body));
 */
export function assertAction(value: unknown): VoiceAction {
  const result = parseAction(value);
  if (!result.ok) throw new ProtocolValidationError(result.issue);
  return result.value;
}

function checkAction(value: unknown): VoiceAction {
  const action = object(value, '');
  const method = action.method;
  if (typeof method !== 'string' || !(ACTION_METHODS as readonly string[]).includes(method)) {
    fail(
      'method',
      `one of ${ACTION_METHODS.map((m) => `"${m}"`).join(', ')}`,
      method,
      undefined,
      'unknown_method',
    );
  }
  optional(action.reference_id, (v) => string(v, 'reference_id', ID_RULE));
  if (action.jsonrpc !== undefined && action.jsonrpc !== '2.0') fail('jsonrpc', '"2.0"', action.jsonrpc);
  if (action.id !== undefined && typeof action.id !== 'string' && typeof action.id !== 'number') {
    fail('id', 'a string or a number', action.id);
  }
  if (action.params === undefined && method === 'hangup') {
    // TeleSign's demos send `{"method":"hangup"}` with and without params; both mean the same.
    return { ...action, params: {} } as VoiceAction;
  }
  const params = object(action.params, 'params');
  PARAM_CHECKS[method as ActionMethod](params);
  return action as unknown as VoiceAction;
}

const PARAM_CHECKS: Record<ActionMethod, (params: Record<string, unknown>) => void> = {
  dial(params) {
    phoneNumber(params.to, 'params.to', 'to_number_not_provided');
    phoneNumber(params.caller_id_number, 'params.caller_id_number', 'caller_id_number_not_provided');
    optional(params.max_call_duration, (v) => {
      const text = string(v, 'params.max_call_duration', {
        max: 5,
        pattern: /^[1-9][0-9]*$/,
        patternName: `a string of whole seconds from "1" to "${MAX_CALL_DURATION_SECONDS}"`,
      });
      if (Number(text) > MAX_CALL_DURATION_SECONDS) {
        fail(
          'params.max_call_duration',
          `a string of whole seconds from "1" to "${MAX_CALL_DURATION_SECONDS}"`,
          v,
        );
      }
    });
    optional(params.send_dtmf, (v) => string(v, 'params.send_dtmf', DTMF_RULE));
    optional(params.external_id, (v) => string(v, 'params.external_id', ID_RULE));
    optional(params.is_primary, (v) => boolean(v, 'params.is_primary'));
  },
  speak(params) {
    const tts = object(params.tts, 'params.tts');
    string(tts.message, 'params.tts.message', { max: LIMITS.maxTtsMessageLength });
    optional(tts.language, (v) => string(v, 'params.tts.language', LANGUAGE_RULE));
    collectDigits(params.collect_digits);
  },
  play(params) {
    string(params.url, 'params.url', URL_RULE);
    collectDigits(params.collect_digits);
  },
  play_multiple(params) {
    const urls = params.urls;
    if (!Array.isArray(urls) || urls.length === 0 || urls.length > LIMITS.maxPlayMultipleUrls) {
      fail('params.urls', `an array of 1 to ${LIMITS.maxPlayMultipleUrls} URLs`, urls);
    }
    for (const [index, url] of urls.entries()) string(url, `params.urls[${index}]`, URL_RULE);
    collectDigits(params.collect_digits);
  },
  send_dtmf(params) {
    string(params.digits, 'params.digits', DTMF_RULE);
  },
  hangup() {},
};

function phoneNumber(
  value: unknown,
  path: string,
  missing: 'to_number_not_provided' | 'caller_id_number_not_provided',
): void {
  if (value === undefined || value === null || value === '') fail(path, 'a phone number', value, missing);
  if (!isWirePhoneNumber(value)) {
    fail(
      path,
      'a phone number of 7–15 digits with country code, no "+" or punctuation',
      value,
      'invalid_phone_number',
    );
  }
}

function collectDigits(value: unknown): CollectDigits | undefined {
  if (value === undefined) return undefined;
  const path = 'params.collect_digits';
  const collect = object(value, path);
  integer(collect.max, at(path, 'max'), 1, LIMITS.maxCollectDigits);
  optional(collect.timeout, (v) => integer(v, at(path, 'timeout'), 1, LIMITS.maxCollectTimeoutMs));
  optional(collect.inter_digit_timeout, (v) =>
    integer(v, at(path, 'inter_digit_timeout'), 1, LIMITS.maxCollectTimeoutMs),
  );
  return collect as unknown as CollectDigits;
}
