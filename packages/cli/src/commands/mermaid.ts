/**
 * `ivrkit mermaid <flow> [--out file.md]`: the flow's statechart as a Mermaid diagram.
 */
import { writeFile } from 'node:fs/promises';
import { toMermaid } from '@ivrkit/machines';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';

/**
 * The `mermaid` command.
 *
 * @example
 * await mermaid.run(['bank', '--out', 'docs/bank.md']);
 */
const mermaid: Command = {
  summary: "print a flow's statechart as a Mermaid diagram (or write it to a Markdown file)",
  usage: [
    'Usage: ivrkit mermaid <flow> [--out file.md]',
    '',
    '  <flow>         an example (bank, school-alert, reminder, survey) or a module path exporting a flow',
    '  --out file.md  write a Markdown file with the diagram in a ```mermaid block (GitHub renders it)',
    '',
    'Without --out the diagram itself is printed (paste it into mermaid.live or a ```mermaid block).',
  ].join('\n'),
  async run(args) {
    const parsed = parseFlags(args, { out: { type: 'string' } }, true);
    const [spec, extra] = parsed.positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const flow = await loadFlow(spec);
    const diagram = toMermaid(flow);
    const out = parsed.values.out;
    if (out === undefined) {
      process.stdout.write(diagram);
      return 0;
    }
    if (out === '') throw new UsageError('--out: expected a file name');
    await writeFile(out, `# ${flow.id} v${flow.version}\n\n\`\`\`mermaid\n${diagram}\`\`\`\n`);
    console.log(`wrote ${out}`);
    return 0;
  },
};

export default mermaid;
