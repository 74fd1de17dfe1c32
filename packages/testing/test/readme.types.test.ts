/**
 * The README's snippets, type-checked (vitest's typecheck mode compiles this file and runs nothing): if an API
 * changes, the README is caught out here.
 */
import { writeFileSync } from 'node:fs';
import { test as propTest } from '@fast-check/vitest';
import { createMemoryStore, createTeleSignClient, createVoiceApp, serve } from '@ivrkit/adapter-http';
import { bankFlow } from '@ivrkit/machines/examples';
import { expect, expectTypeOf, it, test } from 'vitest';
import {
  assertFlow,
  createRecorder,
  evaluateScenario,
  flowScenarios,
  formatCoverage,
  formatLoadReport,
  formatReplay,
  lintFlow,
  measureCoverage,
  type Persona,
  replay,
  runLoad,
  runScenario,
} from '../src/index.js';

function quickStart() {
  it('the bank flow cannot trap a caller', () => assertFlow(bankFlow, { numRuns: 50, seed: 1 }), 60_000);
  it('covers every transition', async () => {
    const report = await measureCoverage(bankFlow, { threshold: 100 });
    expect(report.transitions.missed).toEqual([]);
    console.log(formatCoverage(report));
  }, 60_000);
  it('lints clean', () => {
    expect(lintFlow(bankFlow).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  propTest.prop([flowScenarios(bankFlow)], { numRuns: 50 })(
    'bank keeps every invariant',
    async (scenario) => {
      expect((await evaluateScenario(bankFlow, scenario)).failures).toEqual([]);
    },
  );
}

async function harness() {
  const run = await runScenario(bankFlow, {
    caller: {
      rules: [
        { prompt: 1, press: '1' },
        { prompt: 2, press: '12345678' },
      ],
    },
    lookups: ['timeout'],
    transfers: [{ outcome: 'busy' }],
    faults: { duplicate: 0.3 },
  });
  return run.steps.map((s) => s.after);
}

async function recording() {
  const recorder = createRecorder({ flow: { id: bankFlow.id, version: bankFlow.version } });
  const client = createTeleSignClient({ fetch: recorder.client((request) => fetch(request)) });
  const app = createVoiceApp({ flow: bankFlow, client, store: createMemoryStore() });
  await serve(recorder.handler(app.fetch), { port: 8080 });
  process.on('SIGINT', () =>
    writeFileSync('calls.cassette.json', JSON.stringify(recorder.cassette(), null, 2)),
  );
  console.log(formatReplay(await replay(recorder.cassette(), bankFlow)));
}

test('the README snippets type-check', () => {
  expectTypeOf(quickStart).toBeFunction();
  expectTypeOf(harness).returns.resolves.toEqualTypeOf<string[]>();
  expectTypeOf(recording).toBeFunction();
  expectTypeOf(callerPopulations).toBeFunction();
});

async function callerPopulations() {
  const wantsAPerson: Persona = {
    description: 'asks for an agent at once',
    caller: ({ random }) => ({
      onPrompt: (prompt) =>
        prompt.collectsDigits ? { press: '0', bargeIn: true, afterMs: random.int(500, 1_500) } : undefined,
    }),
  };
  const report = await runLoad(bankFlow, {
    callers: 2_000,
    mix: { patient: 70, 'wants-a-person': 30 },
    personas: { 'wants-a-person': wantsAPerson },
    expect: ['transfer<=60%', 'p90<=2m', 'errors=0'],
  });
  console.log(formatLoadReport(report));
}
