import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, formatCliError, LoadError } from '../src/cli-errors.js';
import { UsageError } from '../src/command.js';
import { importFailure } from '../src/load-flow.js';
import { startCli } from './cli-process.js';

/** Runs the real CLI and collects what it said. */
async function ivrkit(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  // Inside the package (git-ignored), so the flow files resolve @ivrkit/machines as a user's project would.
  await mkdir(join(here, '..', '.ivrkit-data'), { recursive: true });
  dir = await mkdtemp(join(here, '..', '.ivrkit-data', 'cli-errors-'));
  const machines = "import { defineFlow, say, hangup } from '@ivrkit/machines';\n";
  await writeFile(
    join(dir, 'syntax.ts'),
    `${machines}export const flow = defineFlow({ id: 'x', version: 1, direction: 'inbound', start: 'a', nodes: { a: hangup({ prompt: 'bye' } }) });\n`,
  );
  await writeFile(
    join(dir, 'definition.ts'),
    `${machines}export const flow = defineFlow({ id: 'x', version: 1, direction: 'inbound', start: 'a', nodes: { a: say({ prompt: 'hi', next: 'nowhere' }) } });\n`,
  );
  await writeFile(join(dir, 'cassette.json'), '{"format":"something else"}');
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** One line on stderr, exit 2, and no stack trace. */
function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(EXIT.usage);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('ivrkit errors, as a user sees them (real CLI processes)', () => {
  it('says each load error in one line with what to do, exit 2, no stack trace', async () => {
    const [missing, syntax, definition, cassette, port, key] = await Promise.all([
      ivrkit(['lint', './missing-flow.ts'], { cwd: dir }),
      ivrkit(['lint', './syntax.ts'], { cwd: dir }),
      ivrkit(['lint', './definition.ts'], { cwd: dir }),
      ivrkit(['replay', 'cassette.json', 'bank'], { cwd: dir }),
      ivrkit(['serve', 'bank', '--sim', 'http://127.0.0.1:9', '--port', String(busyPort), '--data', dir]),
      ivrkit(['serve', 'bank', '--port', '0', '--data', dir], {
        env: { TELESIGN_CUSTOMER_ID: 'FFFFFFFF-EEEE', TELESIGN_API_KEY: 'not base64!' },
      }),
    ]);
    expectOneLine(
      missing,
      /^ivrkit lint: cannot find \.\/missing-flow\.ts \(looked for .*\): check the path/,
    );
    expectOneLine(
      syntax,
      /^ivrkit lint: syntax error in \.\/syntax\.ts, line 2, column \d+: .*: fix it and run again$/,
    );
    expectOneLine(
      definition,
      /^ivrkit lint: \.\/definition\.ts does not define a valid flow: .*no node named "nowhere": fix the definition/,
    );
    expectOneLine(
      cassette,
      /^ivrkit replay: cassette\.json is not an ivrkit cassette \(.*\): record one with/,
    );
    expectOneLine(
      port,
      new RegExp(`^ivrkit serve: port ${busyPort} on 127\\.0\\.0\\.1 is already in use: .*--port`),
    );
    expectOneLine(
      key,
      /^ivrkit serve: TeleSign API key is not base64 .*: set TELESIGN_CUSTOMER_ID and TELESIGN_API_KEY/,
    );
  }, 60_000);

  it('prints the stack trace with --debug', async () => {
    const result = await ivrkit(['lint', './syntax.ts', '--debug'], { cwd: dir });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/^ivrkit lint: syntax error in/);
    expect(result.stderr).toMatch(/^\s+at /m);
  }, 30_000);
});

describe('formatCliError', () => {
  it('keeps the usage text for a usage error only', () => {
    expect(formatCliError('check', new UsageError('missing <flow>'), 'Usage: ivrkit check <flow>')).toBe(
      'ivrkit check: missing <flow>\n\nUsage: ivrkit check <flow>',
    );
    expect(formatCliError('replay', new LoadError('x.json is not a cassette'), 'Usage: …')).toBe(
      'ivrkit replay: x.json is not a cassette',
    );
  });

  it('says an unexpected error in one line and points to --debug', () => {
    const text = formatCliError('serve', new Error('boom\n  with detail'));
    expect(text).toBe(
      'ivrkit serve: boom with detail (unexpected: run again with --debug for the stack trace)',
    );
  });
});

describe('importFailure: a flow module that does not load', () => {
  it('reads the line and column of a syntax error as tsx, jiti and Babel report it', () => {
    const tsx = Object.assign(
      new Error('Transform failed with 1 error:\n/p/flow.ts:2:125: ERROR: Expected ")" but found "}"'),
      { name: 'TransformError' },
    );
    const jiti = new Error('ParseError: Unexpected token, expected ","  \n /p/flow.ts:2:125');
    const babel = new SyntaxError('/p/flow.ts: Unexpected token, expected "," (2:125)');
    expect(importFailure('./flow.ts', tsx).message).toBe(
      'syntax error in ./flow.ts, line 2, column 125: Expected ")" but found "}": fix it and run again',
    );
    for (const error of [jiti, babel])
      expect(importFailure('./flow.ts', error).message).toBe(
        'syntax error in ./flow.ts, line 2, column 125: Unexpected token, expected ",": fix it and run again',
      );
  });

  it('says a definition error is one, and keeps any other failure to its first line', () => {
    const definition = Object.assign(new Error('flow "x" node "a".next: no node named "nowhere"'), {
      name: 'FlowDefinitionError',
    });
    expect(importFailure('./flow.ts', definition)).toMatchObject({ problem: 'definition' });
    const other = importFailure('./flow.ts', new Error("Cannot find package 'left-pad'\nimported from …"));
    expect(other.message).toBe("cannot load ./flow.ts: Cannot find package 'left-pad'");
    expect(other.problem).toBe('import-failed');
  });
});
