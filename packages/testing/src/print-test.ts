/**
 * Prints a failing scenario as a vitest test that reproduces it with the scripted caller, ready to paste.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { EvaluateOptions } from './evaluate.js';
import type { InvariantFailure } from './invariants.js';
import type { Scenario } from './scenario.js';

const RUN_OPTION_KEYS = [
  'callerNumber',
  'calleeNumber',
  'externalId',
  'maxCallMs',
  'maxRetries',
  'capSeconds',
  'skip',
] as const;

/**
 * The test source. `importLine` names how the test file gets the flow (default `import { flow } from './flow.js';`).
 *
 * @example
 * console.log(counterexampleTest(bankFlow, scenario, { seed: 42, path: '3:0', failures }));
 */
export function counterexampleTest(
  flow: Flow,
  scenario: Scenario,
  found: { seed: number; path?: string; failures: InvariantFailure[] },
  options: EvaluateOptions & { importLine?: string } = {},
): string {
  const runOptions: Record<string, unknown> = {};
  for (const key of RUN_OPTION_KEYS) if (options[key] !== undefined) runOptions[key] = options[key];
  const names = found.failures.map((f) => f.invariant).join(', ');
  const json = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
  return [
    "import { evaluateScenario } from '@ivrkit/testing';",
    "import { expect, it } from 'vitest';",
    options.importLine ?? "import { flow } from './flow.js';",
    '',
    `// Found by checkFlow on ${flow.id}@${flow.version}: seed ${found.seed}, path "${found.path ?? ''}".`,
    ...found.failures.map((f) => `// ${f.invariant}: ${f.message}`),
    `it('${flow.id} keeps ${names} for this caller', async () => {`,
    `  const scenario = ${json(scenario)};`,
    `  const { failures } = await evaluateScenario(flow, scenario, ${json(runOptions)});`,
    '  expect(failures).toEqual([]);',
    '});',
    '',
  ].join('\n');
}
