/**
 * `ivrkit diff <old-flow> <new-flow> [--json | --markdown]`: what changed in a flow's behaviour, for code review.
 */
import { diffFlows, formatFlowDiff, formatFlowDiffMarkdown } from '@ivrkit/testing';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';

/**
 * The `diff` command.
 *
 * @example
 * await diff.run(['flows/v1.ts', 'flows/v2.ts', '--markdown']); // 1: the behaviour changed
 */
const diff: Command = {
  summary:
    'compare two versions of a flow: states, where inputs lead, prompts, retries, paths that no longer end',
  usage: [
    'Usage: ivrkit diff <old-flow> <new-flow> [--json | --markdown]',
    '',
    '  <old-flow> <new-flow>  examples or module paths exporting a flow (a git checkout of the old version, say)',
    '  --json                 the changes as JSON',
    '  --markdown             the changes as Markdown, for a pull-request comment',
    '',
    'Exit code 0 when the behaviour is unchanged, 1 when it changed.',
  ].join('\n'),
  async run(args) {
    const parsed = parseFlags(args, { json: { type: 'boolean' }, markdown: { type: 'boolean' } }, true);
    const [before, after, extra] = parsed.positionals;
    if (before === undefined || after === undefined)
      throw new UsageError('expected <old-flow> and <new-flow>');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (parsed.values.json && parsed.values.markdown)
      throw new UsageError('--json and --markdown exclude each other');
    const result = diffFlows(await loadFlow(before), await loadFlow(after));
    if (parsed.values.json) console.log(JSON.stringify(result, null, 2));
    else if (parsed.values.markdown) process.stdout.write(formatFlowDiffMarkdown(result));
    else console.log(formatFlowDiff(result));
    return result.changed ? 1 : 0;
  },
};

export default diff;
