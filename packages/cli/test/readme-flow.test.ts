/**
 * The root README's first flow is real: it loads, lints clean, covers every transition, and holds every invariant
 * under generated callers.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFlow, lintFlow, measureCoverage } from '@ivrkit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFlow } from '../src/load-flow.js';

const here = dirname(fileURLToPath(import.meta.url));
// Inside packages/cli, so that the snippet's `@ivrkit/machines` import resolves as it would in a user's project.
const scratch = join(here, '..', '.readme-flow');

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("the README's first flow", () => {
  it('loads, lints clean, reaches 100% coverage and holds every invariant', async () => {
    const readme = await readFile(join(here, '..', '..', '..', 'README.md'), 'utf8');
    const snippet = /```ts\n(import \{ defineFlow[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet, 'the README has a ```ts block that imports defineFlow').toBeDefined();
    await mkdir(scratch, { recursive: true });
    const file = join(scratch, 'front-desk.ts');
    await writeFile(file, snippet as string);
    const flow = await loadFlow(file);
    expect(flow.id).toBe('front-desk');
    expect(lintFlow(flow).findings).toEqual([]);
    const coverage = await measureCoverage(flow);
    expect(coverage.transitions.percent).toBe(100);
    const check = await checkFlow(flow, { numRuns: 30, seed: 7 });
    expect(check.ok).toBe(true);
  }, 120_000);
});
