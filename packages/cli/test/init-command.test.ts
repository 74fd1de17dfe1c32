import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/command.js';
import init from '../src/commands/init.js';
import { cliVersion } from '../src/version.js';

const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ivrkit init', () => {
  it('writes a starter whose package.json names this version of ivrkit', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const dir = join(scratch, 'My IVR');
    try {
      expect(await init.run([dir])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-ivr');
    expect(manifest.scripts.test).toContain('vitest run');
    expect(manifest.devDependencies['@ivrkit/testing']).toBe(`^${cliVersion()}`);
    const test = readFileSync(join(dir, 'test', 'flow.test.ts'), 'utf8');
    for (const name of ['assertFlow', 'lintFlow', 'measureCoverage']) expect(test).toContain(name);
    expect(readFileSync(join(dir, 'src', 'server.ts'), 'utf8')).toContain('createVoiceApp');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const entry of ['/express', '/fastify', '/hono'])
      expect(readme).toContain(`@ivrkit/adapter-http${entry}`);
    // Installing it and running its npm test is packages/cli/installed/installed.test.ts's job (it needs npm).
    expect(readFileSync(join(dir, 'src', 'flow.ts'), 'utf8')).toContain("id: 'front-desk'");
  });

  it('refuses a directory that is not empty, and a missing <dir>', async () => {
    const full = join(scratch, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await init.run([full])).toBe(2);
      expect(error.mock.calls.join(' ')).toContain('not empty');
    } finally {
      error.mockRestore();
    }
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    await expect(init.run([])).rejects.toThrow(UsageError);
  });
});
