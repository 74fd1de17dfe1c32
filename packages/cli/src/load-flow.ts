/**
 * `loadFlow`: turns a `<flow>` argument of the CLI into a {@link Flow} — an example's short name, or a path to a
 * module that exports one.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Flow } from '@ivrkit/machines';
import {
  appointmentReminderFlow,
  bankFlow,
  satisfactionSurveyFlow,
  schoolClosureFlow,
} from '@ivrkit/machines/examples';

/**
 * The example flows by short name (each also answers to its flow id).
 *
 * @example
 * EXAMPLE_FLOWS.bank.id; // 'bank-phone-tree'
 */
export const EXAMPLE_FLOWS: Readonly<Record<string, Flow>> = Object.freeze({
  bank: bankFlow,
  'school-alert': schoolClosureFlow,
  reminder: appointmentReminderFlow,
  survey: satisfactionSurveyFlow,
});

/**
 * A `<flow>` argument that names no example and no loadable module exporting a flow.
 *
 * @example
 * await loadFlow('bakery').catch((e) => e instanceof FlowNotFoundError); // true
 */
export class FlowNotFoundError extends Error {
  override readonly name = 'FlowNotFoundError';
  constructor(
    message: string,
    /** What went wrong, for callers that react differently. */
    readonly problem: FlowLoadProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Why a `<flow>` argument did not give a flow.
 *
 * @example
 * const problem: FlowLoadProblem = 'syntax';
 */
export type FlowLoadProblem =
  | 'unknown-example'
  | 'missing-file'
  | 'syntax'
  | 'definition'
  | 'import-failed'
  | 'no-flow-export';

/**
 * One line saying why importing the module at `spec` failed, and what to do: a syntax error with its line and
 * column (as tsx, jiti or Node report it), a flow definition error, or any other import failure.
 *
 * @example
 * importFailure('./flow.ts', error).message; // 'syntax error in ./flow.ts, line 2, column 125: …: fix it and run again'
 */
export function importFailure(spec: string, error: unknown): FlowNotFoundError {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const first = message.split('\n')[0] ?? message;
  const jiti = message.match(/^(?:ParseError|SyntaxError): (.+?)\s*\n\s*\S+:(\d+):(\d+)/);
  if (name === 'TransformError' || error instanceof SyntaxError || jiti) {
    // esbuild (tsx) says `file:line:column: ERROR: text`; jiti says `ParseError: text` then `file:line:column`;
    // Babel says `file: text (line:column)`.
    const esbuild = message.match(/:(\d+):(\d+): ERROR: (.+)/);
    const babel = first.match(/^(?:.*?: )?(.+?) \((\d+):(\d+)\)$/);
    const detail = esbuild
      ? `line ${esbuild[1]}, column ${esbuild[2]}: ${esbuild[3]}`
      : jiti
        ? `line ${jiti[2]}, column ${jiti[3]}: ${jiti[1]}`
        : babel
          ? `line ${babel[2]}, column ${babel[3]}: ${babel[1]}`
          : first;
    return new FlowNotFoundError(`syntax error in ${spec}, ${detail}: fix it and run again`, 'syntax', {
      cause: error,
    });
  }
  if (name === 'FlowDefinitionError' || name === 'UnsupportedInFlowError') {
    return new FlowNotFoundError(
      `${spec} does not define a valid flow: ${first}: fix the definition and run again`,
      'definition',
      { cause: error },
    );
  }
  return new FlowNotFoundError(`cannot load ${spec}: ${first}`, 'import-failed', { cause: error });
}

/**
 * Whether `value` looks like a {@link Flow} (an id, a version and an XState machine).
 *
 * @example
 * isFlow(bankFlow); // true
 */
export function isFlow(value: unknown): value is Flow {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Flow>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.version === 'number' &&
    typeof candidate.machine === 'object' &&
    candidate.machine !== null &&
    typeof (candidate.machine as { transition?: unknown }).transition === 'function'
  );
}

function exampleNamed(spec: string): Flow | undefined {
  const byName = EXAMPLE_FLOWS[spec];
  if (byName) return byName;
  return Object.values(EXAMPLE_FLOWS).find((flow) => flow.id === spec);
}

function looksLikePath(spec: string): boolean {
  return /[/\\]/.test(spec) || /\.(?:[cm]?[jt]s|tsx?)$/.test(spec);
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

/**
 * Imports a user's module. JavaScript, and TypeScript where the runtime already runs it (the repository's scripts
 * run under tsx), load natively; a `.ts` file that plain Node refuses (`ERR_UNKNOWN_FILE_EXTENSION`) loads through
 * jiti, which transpiles it alone and imports its packages natively, so the flow shares the CLI's own copies of
 * `@ivrkit/machines` and XState.
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!TYPESCRIPT.test(path) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, nativeModules: NATIVE_PACKAGES });
  return (await jiti.import(path)) as Record<string, unknown>;
}

/** Packages a flow imports that must be the very modules the CLI uses (never a transpiled second copy). */
const NATIVE_PACKAGES = [
  '@ivrkit/protocol',
  '@ivrkit/machines',
  '@ivrkit/simulator',
  '@ivrkit/adapter-http',
  '@ivrkit/testing',
  'xstate',
];

/**
 * Loads the flow `spec` names: an example (`bank`, `school-alert`, `reminder`, `survey`, or a flow id such as
 * `bank-phone-tree`), or a path (relative to the working directory) to a module whose default export — or
 * export named `flow` — is a {@link Flow}. A `.ts` module loads without a build step (natively under tsx,
 * otherwise through jiti). Rejects with {@link FlowNotFoundError} naming what was tried.
 *
 * @example
 * const flow = await loadFlow('bank');
 * const mine = await loadFlow('./flows/front-desk.ts');
 */
export async function loadFlow(spec: string): Promise<Flow> {
  const example = exampleNamed(spec);
  if (example) return example;
  if (!looksLikePath(spec)) {
    throw new FlowNotFoundError(
      `no example flow named "${spec}" (examples: ${Object.keys(EXAMPLE_FLOWS).join(', ')}); ` +
        'to load a module, give a path such as ./my-flow.ts',
      'unknown-example',
    );
  }
  const path = resolve(spec);
  if (!existsSync(path)) {
    throw new FlowNotFoundError(
      `cannot find ${spec}${spec === path ? '' : ` (looked for ${path})`}: check the path, which is relative ` +
        'to the current directory',
      'missing-file',
    );
  }
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw importFailure(spec, error);
  }
  for (const candidate of [module.default, module.flow]) if (isFlow(candidate)) return candidate;
  throw new FlowNotFoundError(
    `${spec} exports no flow: export it as the default export or as "flow" (export const flow = defineFlow(…))`,
    'no-flow-export',
  );
}

/**
 * Run options an example flow needs to behave as in production (the reminder reads its appointment by the call's
 * `external_id`), by flow id. Other flows need none.
 *
 * @example
 * exampleRunOptions(appointmentReminderFlow); // { externalId: 'appt-1' }
 */
export function exampleRunOptions(flow: Flow): { externalId?: string } {
  return flow.id === appointmentReminderFlow.id ? { externalId: 'appt-1' } : {};
}
