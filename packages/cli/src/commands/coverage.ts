/**
 * `ivrkit coverage <flow> [--threshold P] [--json]`: path coverage of a flow against the simulator.
 */
import { formatCoverage, measureCoverage } from '@ivrkit/testing';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { exampleRunOptions, loadFlow } from '../load-flow.js';

/**
 * The `coverage` command.
 *
 * @example
 * await coverage.run(['bank', '--threshold', '100']); // 0 at 100% transition coverage
 */
const coverage: Command = {
  summary: 'run a scripted caller per path of a flow and report state and transition coverage',
  usage: [
    'Usage: ivrkit coverage <flow> [--threshold P] [--json] [--external-id ID]',
    '',
    '  --threshold P     exit 1 below P percent of transitions covered',
    '  --json            print the report as JSON',
    '  --external-id ID  outbound flows: the external_id of the dial',
  ].join('\n'),
  async run(args) {
    const parsed = parseFlags(
      args,
      { threshold: { type: 'string' }, json: { type: 'boolean' }, 'external-id': { type: 'string' } },
      true,
    );
    const [spec] = parsed.positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    const threshold = parsed.values.threshold === undefined ? undefined : Number(parsed.values.threshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 100))
      throw new UsageError(`--threshold: expected 0..100, got "${parsed.values.threshold}"`);
    const flow = await loadFlow(spec);
    const externalId = parsed.values['external-id'] ?? exampleRunOptions(flow).externalId;
    const report = await measureCoverage(flow, {
      ...(threshold !== undefined ? { threshold } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
    });
    console.log(parsed.values.json ? JSON.stringify(report, null, 2) : formatCoverage(report));
    return report.ok ? 0 : 1;
  },
};

export default coverage;
