import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { evaluateScenario, flowScenarios } from '../src/index.js';
import { EXAMPLES } from './examples.js';
import { menuWithoutNoInput } from './fixtures/broken-flows.js';

const survey = EXAMPLES[3][1];

// The @fast-check/vitest idiom: the scenarios checkFlow generates, as a test.prop arbitrary.
test.prop([flowScenarios(survey)], { numRuns: 10, seed: 11 })(
  'the survey keeps every invariant (test.prop)',
  async (scenario) => {
    const { failures } = await evaluateScenario(survey, scenario);
    expect(failures).toEqual([]);
  },
);

test('the same arbitrary finds the broken menu through fc.check', async () => {
  const details = await fc.check(
    fc.asyncProperty(flowScenarios(menuWithoutNoInput, { faults: false }), async (scenario) => {
      const { failures } = await evaluateScenario(menuWithoutNoInput, scenario, { maxCallMs: 60_000 });
      return failures.length === 0;
    }),
    { numRuns: 20, seed: 1 },
  );
  expect(details.failed).toBe(true);
  expect(details.counterexample?.[0]).toEqual({ caller: { rules: [] } });
});
