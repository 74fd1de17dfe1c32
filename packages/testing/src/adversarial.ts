/**
 * The callers most likely to keep a flow on the line: always silent, always the same wrong key, always the first
 * option, and one who hangs up at the n-th prompt. `checkFlow` runs each of them before its generated cases, and
 * `call-ends` fails when any of them is still on the line at the run's bound.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import { reactiveDigits } from './explore.js';
import type { Scenario } from './scenario.js';

/** Keys in the order a keypad lists them: the "first option" is the first of these a flow reacts to. */
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;

/**
 * What {@link adversarialScenarios} builds its callers from: the single keys the flow reacts to somewhere.
 *
 * @example
 * adversarialKeys(['0', '1', '2', '12345678']); // { first: '1', wrong: '3' }
 */
export function adversarialKeys(reactive: readonly string[]): { first?: string; wrong?: string } {
  const options = new Set(reactive.filter((d) => d.length === 1));
  const first = KEYPAD.find((k) => options.has(k));
  // The wrong key: one no menu of the flow takes, preferring 9 (the key people press "to try").
  const wrong = ['9', ...KEYPAD].find((k) => !options.has(k));
  return { ...(first !== undefined ? { first } : {}), ...(wrong !== undefined ? { wrong } : {}) };
}

/**
 * One adversarial caller, named for reports.
 *
 * @example
 * const { name, scenario }: AdversarialCase = adversarialScenarios(bankFlow)[0]!;
 */
export interface AdversarialCase {
  /** `silent`, `wrong key 9`, `first option 1`, `hangs up at prompt 3`. */
  name: string;
  scenario: Scenario;
}

/**
 * The adversarial callers for `flow`: always silent; always the same wrong key; always the first option; and, for
 * n = 1 … `hangupPrompts`, a caller pressing the first option who hangs up as the n-th prompt starts.
 *
 * @example
 * for (const { name, scenario } of adversarialScenarios(bankFlow)) console.log(name, JSON.stringify(scenario));
 */
export function adversarialScenarios(
  flow: Flow,
  options: { hangupPrompts?: number } = {},
): AdversarialCase[] {
  const { first, wrong } = adversarialKeys(reactiveDigits(flow));
  const always = (press: string) => ({ press, afterMs: 500, repeat: true });
  const cases: AdversarialCase[] = [{ name: 'silent', scenario: { caller: { rules: [] } } }];
  if (wrong !== undefined)
    cases.push({ name: `wrong key ${wrong}`, scenario: { caller: { rules: [always(wrong)] } } });
  if (first !== undefined)
    cases.push({ name: `first option ${first}`, scenario: { caller: { rules: [always(first)] } } });
  for (let n = 1; n <= (options.hangupPrompts ?? 4); n++) {
    const rules = [{ prompt: n, hangupAfterMs: 0 }, ...(first !== undefined ? [always(first)] : [])];
    cases.push({ name: `hangs up at prompt ${n}`, scenario: { caller: { rules } } });
  }
  return cases;
}
