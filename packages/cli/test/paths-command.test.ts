/**
 * `ivrkit paths` over a flow written as a user would: the generated vitest file passes on the flow it came from,
 * and fails with a readable diff once a prompt changes; the markdown call script quotes every prompt.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
// Inside packages/cli, so that the flow's `@ivrkit/machines` and the test's `@ivrkit/testing` resolve as in a
// user's project.
const scratch = join(here, '..', '.paths-test');
const VITEST = join(
  dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')),
  'vitest.mjs',
);

const FLOW = `import { defineFlow, hangup, menu, say, transfer } from '@ivrkit/machines';

const MENU = 'For opening hours, press 1. To speak to someone, press 0.';

export const flow = defineFlow({
  id: 'front-desk',
  version: 1,
  direction: 'inbound',
  language: 'en-US',
  callerId: 'caller',
  start: 'main',
  nodes: {
    main: menu({
      prompt: MENU,
      options: { 1: 'hours', 0: 'desk' },
      noInput: { retries: 2, next: 'bye' },
      invalid: { retries: 2, prompt: \`Sorry, that is not an option. \${MENU}\`, next: 'desk' },
    }),
    hours: say({ prompt: 'We are open nine to five, Monday to Friday.', next: 'bye' }),
    desk: transfer({ to: '15550100000', onFailed: 'bye' }),
    bye: hangup({ prompt: 'Goodbye.' }),
  },
});
`;

/** Runs vitest on the scratch directory alone, in a child process, as a user runs their tests. */
function runVitest(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [VITEST, 'run', '--root', scratch, '--config', join(scratch, 'vitest.config.mjs')],
      {
        cwd: scratch,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ivrkit paths', () => {
  it('writes tests that pass on the flow and fail with a diff of the call when a prompt changes', async () => {
    await mkdir(scratch, { recursive: true });
    await writeFile(join(scratch, 'front-desk.ts'), FLOW);
    await writeFile(
      join(scratch, 'vitest.config.mjs'),
      "export default { resolve: { conditions: ['ivrkit-source'] }, ssr: { resolve: { conditions: ['ivrkit-source'] } }, test: { include: ['*.test.ts'] } };\n",
    );
    const out = join(scratch, 'front-desk.paths.test.ts');
    const generate = await runCli([
      'paths',
      join(scratch, 'front-desk.ts'),
      '--format',
      'vitest',
      '--out',
      out,
    ]);
    expect(generate.stderr).toBe('');
    expect(generate.code).toBe(0);
    expect(generate.stdout).toMatch(
      /wrote \d+ paths of front-desk v1 to .*front-desk\.paths\.test\.ts \(vitest\)/,
    );
    const source = await readFile(out, 'utf8');
    expect(source).toContain("import { flow } from './front-desk.js';");
    expect(source).toContain("it('hears main → presses 1 → hears hours → hears bye → IVR hangs up'");
    expect(source).toContain(`'hears: "We are open nine to five, Monday to Friday."',`);

    const pass = await runVitest();
    expect(pass.output).toMatch(/Tests\s+\d+ passed/);
    expect(pass.code).toBe(0);

    await writeFile(join(scratch, 'front-desk.ts'), FLOW.replace('nine to five', 'eight to six'));
    const fail = await runVitest();
    expect(fail.code).toBe(1);
    expect(fail.output).toContain('hears main → presses 1 → hears hours → hears bye → IVR hangs up');
    expect(fail.output).toContain('-   "hears: \\"We are open nine to five, Monday to Friday.\\"",');
    expect(fail.output).toContain('+   "hears: \\"We are open eight to six, Monday to Friday.\\"",');
    expect(fail.output).toMatch(/Tests\s+1 failed \| \d+ passed/);
  }, 120_000);

  it('writes a call script with every prompt verbatim', async () => {
    const { code, stdout } = await runCli(['paths', 'bank']);
    expect(code).toBe(0);
    expect(stdout).toContain('# bank-phone-tree v1 — call script');
    expect(stdout).toContain(
      '1. **IVR** (`welcome`): “Welcome to Example Bank. For your account balance, press 1.',
    );
    expect(stdout).toMatch(/\*When the balance lookup times out\.\*/);
    expect(stdout).toContain('**Caller** presses **12345678**');
  }, 60_000);

  it('refuses an unknown format', async () => {
    const { code, stderr } = await runCli(['paths', 'bank', '--format', 'html']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format: expected markdown, vitest, json, got "html"');
  }, 30_000);
});
