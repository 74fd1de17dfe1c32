/**
 * fast-check arbitraries of {@link Scenario}s: callers (valid and invalid digits, silence, slow and fast typing,
 * barge-in, hang-ups at any moment), outbound answers, lookup and transfer outcomes, delivery faults.
 *
 * @module
 */
import type { DialStatus } from '@ivrkit/protocol';
import type { CallerRule, CallerScript } from '@ivrkit/simulator';
import fc from 'fast-check';
import type { LookupOutcome, Scenario, ScenarioFaults, TransferOutcome } from './scenario.js';

/**
 * Options of {@link scenarioArb}.
 *
 * @example
 * const options: ScenarioArbOptions = { direction: 'outbound', maxPrompts: 4, faults: false };
 */
export interface ScenarioArbOptions {
  /** `outbound` adds how the dialled number answers. Default `inbound`. */
  direction?: 'inbound' | 'outbound';
  /** What callers press. Default {@link keypressArb}. */
  digits?: fc.Arbitrary<string>;
  /** Prompts a caller reacts to, at most. Default 8. */
  maxPrompts?: number;
  /** Generate delivery faults. Default true. */
  faults?: boolean;
}

const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

/**
 * Keypad input: mostly single keys (menu choices, valid or not), sometimes longer entries (account numbers, PINs,
 * too short, too long).
 *
 * @example
 * fc.sample(keypressArb(), 3); // e.g. ['1', '#', '40912']
 */
export function keypressArb(): fc.Arbitrary<string> {
  const key = fc.constantFrom(...KEYS);
  // One key, then (half the time) more: shrinks towards a single key.
  return fc
    .tuple(key, fc.option(fc.array(key, { minLength: 1, maxLength: 9 }), { nil: undefined, freq: 2 }))
    .map(([first, rest]) => first + (rest ?? []).join(''));
}

/**
 * Keypad input biased towards what the flow reacts to: `known` entries (its menu options, valid entries) three
 * times in five, anything else otherwise.
 *
 * @example
 * const digits = flowDigitsArb(['1', '2', '0', '12345678']);
 */
export function flowDigitsArb(known: readonly string[]): fc.Arbitrary<string> {
  if (known.length === 0) return keypressArb();
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: keypressArb() },
  );
}

/**
 * One caller reaction to a prompt (without its prompt index): silence, digits (fast or slow, maybe barging in),
 * or a hang-up.
 *
 * @example
 * fc.sample(reactionArb(keypressArb()), 1); // e.g. [{ press: '2', afterMs: 800, digitGapMs: 250 }]
 */
export function reactionArb(digits: fc.Arbitrary<string>): fc.Arbitrary<Omit<CallerRule, 'prompt'>> {
  const press = fc
    .record(
      {
        press: digits,
        // Up to 7 s: past the default 5 s no-input timeout, a slow caller.
        afterMs: fc.integer({ min: 0, max: 7_000 }),
        // Up to 4 s between keys: past the default 3 s inter-digit timeout, a slow typist.
        digitGapMs: fc.oneof(fc.constant(250), fc.integer({ min: 50, max: 4_000 })),
        bargeIn: fc.boolean(),
      },
      { requiredKeys: ['press'] },
    )
    .map((r) => r as Omit<CallerRule, 'prompt'>);
  const hangup = fc.record(
    { hangupAfterMs: fc.integer({ min: 0, max: 8_000 }), bargeIn: fc.boolean() },
    { requiredKeys: ['hangupAfterMs'] },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 6, arbitrary: press },
    { weight: 1, arbitrary: hangup },
  );
}

/**
 * A scripted caller: one reaction per prompt heard (the n-th rule answers the n-th prompt), and sometimes a
 * hang-up at an absolute moment of the call; or, one time in nine, a caller who presses the same entry at every
 * prompt.
 *
 * @example
 * fc.sample(callerArb(), 1); // e.g. [{ rules: [{ prompt: 1, press: '1' }, { prompt: 2 }] }]
 */
export function callerArb(
  options: Pick<ScenarioArbOptions, 'digits' | 'maxPrompts'> = {},
): fc.Arbitrary<CallerScript> {
  // One caller in nine says nothing at all, one keeps pressing the same key: the callers most likely to find a
  // loop or dead air.
  const digits = options.digits ?? keypressArb();
  const stubborn = digits.map((press): CallerScript => ({ rules: [{ press, afterMs: 500, repeat: true }] }));
  const reactions = fc.oneof(
    { weight: 1, arbitrary: fc.constant<Array<Omit<CallerRule, 'prompt'>>>([]) },
    {
      weight: 7,
      arbitrary: fc.array(reactionArb(digits), {
        maxLength: options.maxPrompts ?? 8,
      }),
    },
  );
  const scripted = fc
    .record(
      { reactions, hangupAtMs: fc.integer({ min: 1_000, max: 600_000 }) },
      { requiredKeys: ['reactions'] },
    )
    .map(({ reactions: list, hangupAtMs }) => {
      const script: CallerScript = {
        rules: list.map((reaction, i) => ({ prompt: i + 1, ...reaction })),
      };
      if (hangupAtMs !== undefined) script.hangupAtMs = hangupAtMs;
      return script;
    });
  return fc.oneof({ weight: 8, arbitrary: scripted }, { weight: 1, arbitrary: stubborn });
}

/**
 * Delivery faults: duplicates, late and reordered events (never lost ones: those change a call for real).
 *
 * @example
 * fc.sample(faultsArb(), 1); // e.g. [{ duplicate: 0.5, delay: 0 }]
 */
export function faultsArb(): fc.Arbitrary<ScenarioFaults> {
  const p = fc.constantFrom(0, 0.3, 1);
  return fc.record({ duplicate: p, delay: fc.constantFrom(0, 0.3), reorder: fc.constantFrom(0, 0.3) });
}

const dialStatus = fc.constantFrom<DialStatus>('answered', 'busy', 'no_answer', 'failed');

/**
 * Whole scenarios for a flow of the given direction.
 *
 * @example
 * fc.sample(scenarioArb({ direction: 'outbound' }), 1);
 */
export function scenarioArb(options: ScenarioArbOptions = {}): fc.Arbitrary<Scenario> {
  const lookup = fc.oneof(
    { weight: 4, arbitrary: fc.constant<LookupOutcome>('done') },
    { weight: 1, arbitrary: fc.constantFrom<LookupOutcome>('failed', 'timeout') },
  );
  const transfer: fc.Arbitrary<TransferOutcome> = fc.record(
    { outcome: dialStatus, legMs: fc.integer({ min: 1_000, max: 120_000 }) },
    { requiredKeys: ['outcome'] },
  );
  return fc
    .record(
      {
        caller: callerArb(options),
        answer: fc.oneof(
          { weight: 5, arbitrary: fc.constant<DialStatus>('answered') },
          { weight: 1, arbitrary: dialStatus },
        ),
        lookups: fc.array(lookup, { maxLength: 4 }),
        transfers: fc.array(transfer, { maxLength: 2 }),
        faults: faultsArb(),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
      },
      { requiredKeys: ['caller'] },
    )
    .map((r) => {
      const scenario: Scenario = { caller: r.caller };
      if (options.direction === 'outbound' && r.answer !== undefined && r.answer !== 'answered')
        scenario.answer = r.answer;
      if (r.lookups?.length) scenario.lookups = r.lookups;
      if (r.transfers?.length) scenario.transfers = r.transfers;
      if (options.faults !== false && r.faults && Object.values(r.faults).some((v) => v > 0))
        scenario.faults = r.faults;
      if (r.seed !== undefined) scenario.seed = r.seed;
      return scenario;
    });
}
