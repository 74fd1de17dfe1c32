/**
 * `pnpm --filter @ivrkit/testing bench`: generated cases per second of `checkFlow` on each example flow (each case
 * is one simulated call through the real adapter, plus a clean rerun when it has faults), and the time of
 * coverage and lint.
 *
 * Options: `--runs N` (default 200) and `--seed S` (default 1).
 */
import { parseArgs } from 'node:util';
import type { Flow } from '@ivrkit/machines';
import {
  appointmentReminderFlow,
  bankFlow,
  satisfactionSurveyFlow,
  schoolClosureFlow,
} from '@ivrkit/machines/examples';
import { checkFlow, lintFlow, measureCoverage } from '../src/index.js';

// `pnpm bench -- --runs N` passes the `--` through: drop it.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { runs: { type: 'string' }, seed: { type: 'string' } },
});
const runs = Number(values.runs ?? 200);
const seed = Number(values.seed ?? 1);

const flows: Array<[Flow, { externalId?: string }]> = [
  [bankFlow, {}],
  [schoolClosureFlow, {}],
  [appointmentReminderFlow, { externalId: 'appt-1' }],
  [satisfactionSurveyFlow, {}],
];

const pad = (text: string, n: number) => text.padEnd(n);
console.log(`checkFlow: ${runs} generated cases per flow, seed ${seed} (Node ${process.version})\n`);
console.log(
  `${pad('flow', 24)}${pad('faults', 8)}${pad('cases/s', 10)}${pad('ms/case', 10)}${pad('coverage', 12)}lint`,
);
// Warm up (JIT, module caches) so the first row is not penalised.
await checkFlow(satisfactionSurveyFlow, { numRuns: 20, seed: 99 });
let totalCases = 0;
let totalMs = 0;
for (const [flow, options] of flows) {
  for (const faults of [false, true]) {
    const report = await checkFlow(flow, { numRuns: runs, seed, faults, ...options });
    totalCases += report.cases;
    totalMs += report.elapsedMs;
    let coverage = '';
    let lint = '';
    if (faults) {
      const c0 = performance.now();
      const cov = await measureCoverage(flow, options);
      coverage = `${cov.transitions.percent}% ${((performance.now() - c0) / 1000).toFixed(1)}s`;
      const l0 = performance.now();
      lintFlow(flow);
      lint = `${Math.round(performance.now() - l0)} ms`;
    }
    console.log(
      pad(flow.id, 24) +
        pad(faults ? 'yes' : 'no', 8) +
        pad(report.casesPerSecond.toFixed(1), 10) +
        pad((report.elapsedMs / report.cases).toFixed(1), 10) +
        pad(coverage, 12) +
        lint +
        (report.ok ? '' : '  (an invariant broke!)'),
    );
  }
}
console.log(`\nall flows: ${(totalCases / (totalMs / 1000)).toFixed(1)} generated cases per second`);
