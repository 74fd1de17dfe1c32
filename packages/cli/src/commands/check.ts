/**
 * `ivrkit check <flow> [--runs N] [--seed S]`: property-based exploration of a flow against the simulator.
 */
import { checkFlow, formatCheckReport } from '@ivrkit/testing';
import { parseFlags } from '../args.js';
import { createCheckProgress } from '../check-progress.js';
import { type Command, UsageError } from '../command.js';
import { exampleRunOptions, loadFlow } from '../load-flow.js';

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`--${name}: expected a whole number, got "${value}"`);
  return n;
}

/**
 * The `check` command.
 *
 * @example
 * await check.run(['bank', '--runs', '200', '--seed', '42']); // 0 when every invariant held
 */
const check: Command = {
  summary: 'property-test a flow: generated callers, faults and outcomes against the simulator',
  usage: [
    'Usage: ivrkit check <flow> [--runs N] [--seed S] [--external-id ID] [--no-faults]',
    '',
    '  <flow>            an example (bank, school-alert, reminder, survey) or a module path exporting a flow',
    '  --runs N          generated cases (default 100)',
    '  --seed S          fast-check seed, to reproduce a failure',
    '  --external-id ID  outbound flows: the external_id of the dial',
    '  --no-faults       no duplicate, late or reordered events',
    '',
    'On a terminal, progress (cases, failing cases, rate) is shown on stderr while it runs.',
    'Exit code 1 when an invariant breaks: the shrunk scenario and a test to paste are printed.',
  ].join('\n'),
  async run(args) {
    const parsed = parseFlags(
      args,
      {
        runs: { type: 'string' },
        seed: { type: 'string' },
        'external-id': { type: 'string' },
        'no-faults': { type: 'boolean' },
      },
      true,
    );
    const [spec] = parsed.positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    const flow = await loadFlow(spec);
    const runs = integer(parsed.values.runs, 'runs');
    const seed = integer(parsed.values.seed, 'seed');
    const externalId = parsed.values['external-id'] ?? exampleRunOptions(flow).externalId;
    const progress = createCheckProgress(process.stderr);
    const report = await checkFlow(flow, {
      onCase: progress.onCase,
      ...(runs !== undefined ? { numRuns: runs } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...(parsed.values['no-faults'] ? { faults: false } : {}),
      importLine: `import { flow } from '${spec.includes('/') ? spec.replace(/\.ts$/, '.js') : './flow.js'}';`,
    });
    progress.finish();
    console.log(formatCheckReport(report));
    return report.ok ? 0 : 1;
  },
};

export default check;
