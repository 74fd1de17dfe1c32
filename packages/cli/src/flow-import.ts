/**
 * How a generated file (a test written by `ivrkit paths`) imports the flow a `<flow>` argument named: an example
 * from `@ivrkit/machines/examples`, or the user's module by a path relative to the generated file.
 *
 * @module
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE_FLOWS, isFlow } from './load-flow.js';

/** The export of `@ivrkit/machines/examples` behind each example name of the CLI. */
const EXAMPLE_EXPORTS: Readonly<Record<string, string>> = {
  bank: 'bankFlow',
  'school-alert': 'schoolClosureFlow',
  reminder: 'appointmentReminderFlow',
  survey: 'satisfactionSurveyFlow',
};

function exampleExport(spec: string): string | undefined {
  if (EXAMPLE_EXPORTS[spec]) return EXAMPLE_EXPORTS[spec];
  const name = Object.keys(EXAMPLE_FLOWS).find((key) => EXAMPLE_FLOWS[key]?.id === spec);
  return name === undefined ? undefined : EXAMPLE_EXPORTS[name];
}

/**
 * The import line giving a generated file, written at `outFile` (or in the working directory), the flow as
 * `flow`. A module's `.ts` extension becomes `.js`, as TypeScript's NodeNext resolution wants.
 *
 * @example
 * await flowImportLine('bank'); // "import { bankFlow as flow } from '@ivrkit/machines/examples';"
 * await flowImportLine('./flows/desk.ts', 'test/desk.paths.test.ts'); // "import { flow } from '../flows/desk.js';"
 */
export async function flowImportLine(spec: string, outFile?: string): Promise<string> {
  const example = exampleExport(spec);
  if (example) return `import { ${example} as flow } from '@ivrkit/machines/examples';`;
  const module = resolve(spec);
  const from = outFile === undefined ? process.cwd() : dirname(resolve(outFile));
  let path = relative(from, module)
    .split(sep)
    .join('/')
    .replace(/\.([cm]?)ts$/, '.$1js');
  if (!path.startsWith('.')) path = `./${path}`;
  const exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  return isFlow(exports.default) ? `import flow from '${path}';` : `import { flow } from '${path}';`;
}
