/**
 * `ivrkit lint <flow> [--json]`: static findings about a flow, each with its state path.
 */
import { formatLint, lintFlow } from '@ivrkit/testing';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';

/**
 * The `lint` command.
 *
 * @example
 * await lint.run(['bank']); // 0: no errors
 */
const lint: Command = {
  summary: 'find unreachable states, missing no-input/invalid paths, unbounded loops and dead ends',
  usage: [
    'Usage: ivrkit lint <flow> [--json]',
    '',
    '  Errors: unreachable-state, no-input-path, invalid-input-path, unbounded-loop, no-end.',
    '  Warnings: unmentioned-option (a heuristic). Exit code 1 on any error.',
  ].join('\n'),
  async run(args) {
    const parsed = parseFlags(args, { json: { type: 'boolean' } }, true);
    const [spec] = parsed.positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    const report = lintFlow(await loadFlow(spec));
    console.log(parsed.values.json ? JSON.stringify(report, null, 2) : formatLint(report));
    return report.ok ? 0 : 1;
  },
};

export default lint;
