import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/command.js';
import diff from '../src/commands/diff.js';
import mermaid from '../src/commands/mermaid.js';
import { startCli } from './cli-process.js';

const V1 = 'packages/cli/test/fixtures/diff/front-desk-v1.ts';
const V2 = 'packages/cli/test/fixtures/diff/front-desk-v2.ts';

/** Collects what a command prints (console.log and process.stdout.write), from now on. */
function capture() {
  const chunks: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    chunks.push(`${args.join(' ')}\n`);
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(...args: string[]) {
  const run = startCli(args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('ivrkit diff', { timeout: 60_000 }, () => {
  it('prints what changed between two versions of a flow file and exits 1', async () => {
    const { code, stdout } = await cli('diff', V1, V2);
    expect(code).toBe(1);
    expect(stdout).toContain('≠ front-desk v1 → front-desk v2');
    expect(stdout).toContain('call.main: presses 2 now goes to call.billing.dialing (was call.desk.dialing)');
    expect(stdout).toContain('dials 15550100002 as 15558675309 (sending ww31#)');
    expect(stdout).toMatch(
      /call\.main now says "For opening hours.*" in en-GB, collects up to 1 digit \(timeout 8 s\)/,
    );
    expect(stdout).toContain('call.hours now waits at most 5 s (timer lookup)');
    expect(stdout).toContain(
      'call.main: on silence, 3 re-prompts, then call.bye (was 2 re-prompts, then call.bye)',
    );
    expect(stdout).toContain('call.main no longer reaches an end: with a caller who always presses 1');
  });

  it('exits 0 when the behaviour is unchanged, and speaks JSON and Markdown', async () => {
    const out = capture();
    expect(await diff.run([V1, V1])).toBe(0);
    expect(out().trim()).toBe('= front-desk v1 → front-desk v1: behaviour unchanged');
    const json = capture();
    expect(await diff.run([V1, V2, '--json'])).toBe(1);
    const parsed = JSON.parse(json());
    expect(parsed.changed).toBe(true);
    expect(parsed.changes).toContainEqual({
      kind: 'move',
      state: 'call.main',
      what: 'presses 2',
      before: 'call.desk.dialing',
      after: 'call.billing.dialing',
    });
    const md = capture();
    expect(await diff.run([V1, V2, '--markdown'])).toBe(1);
    expect(md()).toContain('### Flow `front-desk v1 → front-desk v2`');
    expect(md()).toContain(
      '- `call.main`: presses 2 now goes to `call.billing.dialing` (was `call.desk.dialing`)',
    );
  });

  it('refuses a missing flow or both formats', async () => {
    await expect(diff.run([V1])).rejects.toBeInstanceOf(UsageError);
    await expect(diff.run([V1, V2, '--json', '--markdown'])).rejects.toThrow(/exclude each other/);
  });
});

describe('ivrkit mermaid', { timeout: 60_000 }, () => {
  it('prints the diagram of a flow file', async () => {
    const { code, stdout } = await cli('mermaid', V2);
    expect(code).toBe(0);
    expect(stdout.startsWith('stateDiagram-v2\n  %% front-desk v2\n')).toBe(true);
    expect(stdout).toContain('  call__main --> call__billing : pressed 2');
  });

  it('writes a Markdown file with --out', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ivrkit-mermaid-')), 'bank.md');
    expect(await mermaid.run(['bank', '--out', file])).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# bank-phone-tree v1\n\n```mermaid\nstateDiagram-v2\n')).toBe(true);
    expect(text.trimEnd().endsWith('```')).toBe(true);
    await expect(mermaid.run([])).rejects.toBeInstanceOf(UsageError);
  });
});
