/**
 * The fault-free outcomes of the suite's varied calls, from an in-process run in virtual time: what every other
 * run (faulty, crashed) must reproduce, call for call.
 *
 * @module
 */
import { BENCH_NUMBER } from '../src/credentials.js';
import { createInProcessStack } from '../src/in-process-stack.js';
import { type CallOutcome, callerNumber, outcomeOf, variedCaller } from './call-outcome.js';

/**
 * Outcomes of calls `0 … count-1`, keyed by caller number.
 *
 * @example
 * const expected = await referenceOutcomes(100);
 */
export async function referenceOutcomes(count: number): Promise<Map<string, CallOutcome>> {
  const stack = createInProcessStack({ simulator: { seed: 'reliability-reference' } });
  const ids = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const from = callerNumber(i);
    ids.set(
      from,
      stack.sim.placeInboundCall({ to: BENCH_NUMBER, from, caller: variedCaller(i) }).reference_id,
    );
  }
  const run = await stack.settle();
  if (run.reason !== 'idle') throw new Error(`the reference run did not finish: ${run.reason}`);
  const outcomes = new Map<string, CallOutcome>();
  for (const [from, id] of ids) outcomes.set(from, await outcomeOf(stack.sim, stack.store, id));
  await stack.app.close();
  await stack.sim.close();
  return outcomes;
}

/**
 * Compares outcomes with the reference: the differing callers, with the first few spelled out.
 *
 * @example
 * const { different, examples } = compareOutcomes(expected, actual);
 */
export function compareOutcomes(
  expected: ReadonlyMap<string, CallOutcome>,
  actual: ReadonlyMap<string, CallOutcome>,
): { different: number; examples: string[] } {
  let different = 0;
  const examples: string[] = [];
  for (const [from, outcome] of expected) {
    const got = actual.get(from);
    if (JSON.stringify(got) === JSON.stringify(outcome)) continue;
    different++;
    if (examples.length < 3)
      examples.push(`${from}: expected ${JSON.stringify(outcome)}, got ${JSON.stringify(got)}`);
  }
  return { different, examples };
}
