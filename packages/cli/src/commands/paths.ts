/**
 * `ivrkit paths <flow> [--format markdown|vitest|json] [--out FILE]`: the paths of a flow, each played against
 * the simulator by a scripted caller, written as a call script for sign-off or as a vitest file that keeps the
 * wording from changing unnoticed.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { flowPaths, pathsToMarkdown, pathsToVitest } from '@ivrkit/testing';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { flowImportLine } from '../flow-import.js';
import { exampleRunOptions, loadFlow } from '../load-flow.js';

const FORMATS = ['markdown', 'vitest', 'json'] as const;
type Format = (typeof FORMATS)[number];

/**
 * The `paths` command.
 *
 * @example
 * await paths.run(['bank', '--format', 'vitest', '--out', 'test/bank.paths.test.ts']);
 */
const paths: Command = {
  summary: 'write the paths of a flow as a call script (markdown) or as tests of what callers hear (vitest)',
  usage: [
    'Usage: ivrkit paths <flow> [--format markdown|vitest|json] [--out FILE] [--import LINE] [--external-id ID]',
    '',
    '  <flow>            an example (bank, school-alert, reminder, survey) or a module path exporting a flow',
    '  --format F        markdown (default): a call script, every prompt verbatim, for people signing off wording;',
    '                    vitest: one test per path asserting the prompts heard in order; json: the paths as data',
    '  --out FILE        write to FILE instead of standard output',
    '  --import LINE     vitest: how the test imports the flow as `flow` (default: from <flow>, relative to FILE)',
    '  --external-id ID  outbound flows: the external_id of the dial',
    '',
    'The paths are the fewest whole calls that together take every transition a caller can take; each is run',
    'against the simulator in virtual time, so what is written is what a caller heard.',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parseFlags(
      args,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        import: { type: 'string' },
        'external-id': { type: 'string' },
      },
      true,
    );
    const [spec, ...extra] = positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const format = (values.format ?? 'markdown') as Format;
    if (!FORMATS.includes(format))
      throw new UsageError(`--format: expected ${FORMATS.join(', ')}, got "${values.format}"`);
    const flow = await loadFlow(spec);
    const externalId = values['external-id'] ?? exampleRunOptions(flow).externalId;
    const runOptions = externalId === undefined ? {} : { externalId };
    const found = await flowPaths(flow, runOptions);
    const text =
      format === 'json'
        ? `${JSON.stringify(found, null, 2)}\n`
        : format === 'markdown'
          ? pathsToMarkdown(flow, found)
          : pathsToVitest(flow, found, {
              importLine: values.import ?? (await flowImportLine(spec, values.out)),
              runOptions,
              command: ['ivrkit paths', ...args].join(' '),
            });
    if (values.out === undefined) {
      process.stdout.write(text);
    } else {
      writeFileSync(values.out, text);
      console.log(`wrote ${found.length} paths of ${flow.id} v${flow.version} to ${values.out} (${format})`);
    }
    return 0;
  },
};

export default paths;
