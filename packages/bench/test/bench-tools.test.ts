import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busyShares } from '../src/profile-summary.js';
import { compiledBuildProblem } from '../src/servers/compiled-entry.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ivrkit-bench-tools-'));
  dirs.push(dir);
  return dir;
}
async function writeAt(path: string, seconds: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '');
  await utimes(path, seconds, seconds);
}

describe('busyShares', () => {
  it('counts the main thread only, in the measured window, without idle time, by source file', async () => {
    const dir = await tempDir();
    const frame = (id: number, functionName: string, url: string) => ({
      id,
      callFrame: { functionName, url },
    });
    const nodes = [
      frame(1, '(root)', ''),
      frame(2, '(idle)', ''),
      frame(3, 'applyEvent', 'file:///w/packages/adapter-http/src/runtime/event-answering.ts'),
      frame(4, 'parserOnIncoming', 'node:_http_server'),
      frame(5, 'loadModule', 'file:///w/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/x.mjs'),
    ];
    // 70 samples 100 ms apart (7 s): start-up (tsx) first, then the load: event-answering, event-answering,
    // node, idle, repeated. The window is the 5 s before the last 0.3 s.
    const samples = Array.from({ length: 70 }, (_, i) => (i < 15 ? 5 : ([3, 3, 4, 2][i % 4] as number)));
    const profile = { nodes, samples, timeDeltas: samples.map(() => 100_000) };
    await writeFile(join(dir, 'CPU.20261130.220000.123.0.001.cpuprofile'), JSON.stringify(profile));
    // Another thread's profile (the loader's worker) is not the server's work.
    await writeFile(join(dir, 'CPU.20261130.220000.123.1.002.cpuprofile'), JSON.stringify(profile));

    const shares = await busyShares(dir);

    expect(shares.get('adapter-http/runtime/event-answering')).toBeCloseTo(2 / 3, 1);
    expect(shares.get('node internals (http, streams, timers, …)')).toBeCloseTo(1 / 3, 1);
    expect(shares.has('tsx@4.23.15')).toBe(false);
    expect(shares.has('(idle)')).toBe(false);
  });
});

describe('compiledBuildProblem', () => {
  const sources = [
    'packages/protocol/src/index.ts',
    'packages/machines/src/index.ts',
    'packages/adapter-http/src/runtime/scheduler.ts',
    'packages/bench/src/servers/server-main.ts',
    'packages/bench/src/bench-app.ts',
    'packages/bench/src/bench-flow.ts',
    'packages/bench/src/credentials.ts',
  ];
  const builds = [
    'packages/protocol/dist/.tsbuildinfo',
    'packages/machines/dist/.tsbuildinfo',
    'packages/adapter-http/dist/.tsbuildinfo',
    'packages/bench/dist/servers/server-main.js',
  ];

  it('accepts a build newer than every source it stands for', async () => {
    const checkout = await tempDir();
    for (const source of sources) await writeAt(join(checkout, source), 1_000);
    for (const built of builds) await writeAt(join(checkout, built), 2_000);
    expect(compiledBuildProblem(checkout)).toBeUndefined();
  });

  it('names the source newer than its build, and what to run', async () => {
    const checkout = await tempDir();
    for (const source of sources) await writeAt(join(checkout, source), 1_000);
    for (const built of builds) await writeAt(join(checkout, built), 2_000);
    await writeAt(join(checkout, 'packages/adapter-http/src/runtime/scheduler.ts'), 3_000);
    expect(compiledBuildProblem(checkout)).toMatch(
      /adapter-http\/src\/runtime\/scheduler\.ts is newer than packages\/adapter-http\/dist\/\.tsbuildinfo: run `pnpm build && pnpm --filter @ivrkit\/bench build:servers`/,
    );
  });

  it('says when there is no build', async () => {
    const checkout = await tempDir();
    for (const source of sources) await writeAt(join(checkout, source), 1_000);
    expect(compiledBuildProblem(checkout)).toMatch(/packages\/protocol\/dist\/\.tsbuildinfo does not exist/);
  });
});
