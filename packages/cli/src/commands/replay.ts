/**
 * `ivrkit replay <cassette> <flow>`: re-run a recorded exchange against a flow offline; print where it differs.
 */
import { readFile } from 'node:fs/promises';
import { formatReplay, parseCassette, replay } from '@ivrkit/testing';
import { LoadError } from '../cli-errors.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';

/**
 * The `replay` command.
 *
 * @example
 * await replayCommand.run(['calls.cassette.json', './flows/bank-v2.ts']); // 1 when behaviour differs
 */
const replayCommand: Command = {
  summary: 'replay a recorded cassette against a flow offline and show where behaviour differs',
  usage: [
    'Usage: ivrkit replay <cassette> <flow> [--json]',
    '',
    '  <cassette>  a JSON cassette (record one with createRecorder from @ivrkit/testing)',
    '  <flow>      an example name or a module path exporting a flow',
    '',
    'Exit code 1 when the flow now answers any recorded event differently.',
  ].join('\n'),
  async run(args) {
    const json = args.includes('--json');
    const [file, spec, ...rest] = args.filter((a) => a !== '--json');
    if (file === undefined || spec === undefined) throw new UsageError('expected <cassette> <flow>');
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    let cassette: ReturnType<typeof parseCassette>;
    try {
      cassette = parseCassette(JSON.parse(text));
    } catch (error) {
      throw new LoadError(
        `${file} is not an ivrkit cassette (${(error as Error).message.replace(/^not an ivrkit cassette: /, '')}): ` +
          'record one with createRecorder from @ivrkit/testing',
      );
    }
    const report = await replay(cassette, await loadFlow(spec));
    console.log(json ? JSON.stringify(report, null, 2) : formatReplay(report));
    return report.ok ? 0 : 1;
  },
};

export default replayCommand;
