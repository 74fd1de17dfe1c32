/**
 * fast-check arbitraries for the wire format: valid actions and events, for property tests of anything that speaks
 * the protocol (round trips here; generated callers and hostile input elsewhere). Import from
 * `@ivrkit/protocol/testing`; needs `fast-check` installed.
 *
 * @module
 */
import fc from 'fast-check';
import type { CollectDigits, VoiceAction } from '../actions.js';
import type { VoiceEvent } from '../events.js';
import { formatCdrTime } from '../events.js';
import { LIMITS, MAX_CALL_DURATION_SECONDS, STATUS } from '../ours.js';

/**
 * A wire phone number: country code and digits, 11 digits like a North American number or 8–15 elsewhere.
 *
 * @example
 * fc.sample(phoneNumberArb(), 1); // ['15555551212']
 */
export const phoneNumberArb = (): fc.Arbitrary<string> => fc.stringMatching(/^[1-9][0-9]{7,14}$/);

/** A `reference_id`: TeleSign's examples show UUIDs and 32-hex strings. */
export const referenceIdArb = (): fc.Arbitrary<string> =>
  fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9A-F]{32}$/));

/** Digits a caller can press. */
export const digitsArb = (maxLength = 8): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[0-9*#]{0,${maxLength}}$`));

/** A `collect_digits` object, some timings omitted. */
export const collectDigitsArb = (): fc.Arbitrary<CollectDigits> =>
  fc.record(
    {
      max: fc.integer({ min: 1, max: LIMITS.maxCollectDigits }),
      timeout: fc.integer({ min: 1, max: LIMITS.maxCollectTimeoutMs }),
      inter_digit_timeout: fc.integer({ min: 1, max: LIMITS.maxCollectTimeoutMs }),
    },
    { requiredKeys: ['max'] },
  );

const url = (): fc.Arbitrary<string> =>
  fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => u.length <= LIMITS.maxUrlLength);
const withCollect = <T extends object>(params: fc.Arbitrary<T>) =>
  fc
    .tuple(params, fc.option(collectDigitsArb(), { nil: undefined }))
    .map(([p, collect]) => (collect === undefined ? p : { ...p, collect_digits: collect }));

/**
 * Any valid action.
 *
 * @example
 * fc.assert(fc.property(voiceActionArb(), (action) => parseAction(action).ok));
 */
export const voiceActionArb = (): fc.Arbitrary<VoiceAction> =>
  fc.oneof(
    fc
      .record(
        {
          to: phoneNumberArb(),
          caller_id_number: phoneNumberArb(),
          max_call_duration: fc.integer({ min: 1, max: MAX_CALL_DURATION_SECONDS }).map(String),
          send_dtmf: fc.stringMatching(/^[0-9A-D*#w]{1,20}$/),
          external_id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
          is_primary: fc.boolean(),
        },
        { requiredKeys: ['to', 'caller_id_number'] },
      )
      .map((params) => ({ method: 'dial' as const, params })),
    withCollect(
      fc.record({
        tts: fc.record(
          {
            message: fc.string({ minLength: 1, maxLength: 200 }),
            language: fc.constantFrom('en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE', 'pt-BR'),
          },
          { requiredKeys: ['message'] },
        ),
      }),
    ).map((params) => ({ method: 'speak' as const, params })),
    withCollect(fc.record({ url: url() })).map((params) => ({ method: 'play' as const, params })),
    withCollect(fc.record({ urls: fc.array(url(), { minLength: 1, maxLength: 5 }) })).map((params) => ({
      method: 'play_multiple' as const,
      params,
    })),
    fc.record({ digits: fc.stringMatching(/^[0-9A-D*#w]{1,20}$/) }).map((params) => ({
      method: 'send_dtmf' as const,
      params,
    })),
    fc.constant({ method: 'hangup' as const, params: {} }),
  );

const cdrTime = () => fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map(formatCdrTime);
const valuesOf = <T extends Record<string, string>>(o: T) =>
  fc.constantFrom(...(Object.values(o) as T[keyof T][]));

/**
 * Any valid event.
 *
 * @example
 * fc.assert(fc.property(voiceEventArb(), (event) => parseEvent(event).ok));
 */
export const voiceEventArb = (): fc.Arbitrary<VoiceEvent> => {
  const ends = { to: phoneNumberArb(), from: phoneNumberArb() };
  const envelope = <E extends string, D>(event: E, data: fc.Arbitrary<D>) =>
    fc.record(
      {
        event: fc.constant(event),
        reference_id: referenceIdArb(),
        external_id: fc.stringMatching(/^[a-z0-9]{1,20}$/),
        data,
      },
      { requiredKeys: ['event', 'reference_id', 'data'] },
    );
  return fc.oneof(
    envelope('incoming_call', fc.record(ends)),
    envelope('dial_completed', fc.record({ ...ends, status: valuesOf(STATUS.dial) })),
    envelope(
      'speak_completed',
      fc.record(
        { ...ends, status: valuesOf(STATUS.speak), collected_digits: digitsArb() },
        { requiredKeys: ['status', 'collected_digits'] },
      ),
    ),
    envelope(
      'play_completed',
      fc.record(
        { ...ends, status: valuesOf(STATUS.play), collected_digits: digitsArb() },
        { requiredKeys: ['status', 'collected_digits'] },
      ),
    ),
    envelope('call_leg_completed', fc.record({ ...ends, status: valuesOf(STATUS.callLeg) })),
    envelope(
      'call_completed',
      fc.record({
        ...ends,
        duration: fc.integer({ min: 0, max: MAX_CALL_DURATION_SECONDS }),
        created_on_utc: cdrTime(),
        answered_on_utc: fc.oneof(cdrTime(), fc.constant('')),
        ended_on_utc: cdrTime(),
        status: valuesOf(STATUS.call),
        audio_recording_file_name: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9]{8}\.wav$/)),
        direction: fc.constantFrom('inbound' as const, 'outbound' as const),
      }),
    ),
  ) as fc.Arbitrary<VoiceEvent>;
};
