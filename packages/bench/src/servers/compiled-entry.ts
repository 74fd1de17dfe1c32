/**
 * The compiled server entry of a checkout (what `build:servers`, `tsconfig.servers.json`, emits), and a check that
 * what a compiled run would execute is not older than its source — a forgotten `pnpm build` would otherwise
 * measure yesterday's code.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's root. */
const thisCheckout = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The sources a server child runs (directories or files), and the built file whose age stands for their build: a
 * package's `.tsbuildinfo`, which `tsc -b` rewrites (or touches) on every build that looked at a changed source.
 */
const BUILT: ReadonlyArray<readonly [sources: readonly string[], built: string]> = [
  [['packages/protocol/src'], 'packages/protocol/dist/.tsbuildinfo'],
  [['packages/machines/src'], 'packages/machines/dist/.tsbuildinfo'],
  [['packages/adapter-http/src'], 'packages/adapter-http/dist/.tsbuildinfo'],
  [
    ['servers/server-main.ts', 'bench-app.ts', 'bench-flow.ts', 'credentials.ts'].map(
      (f) => `packages/bench/src/${f}`,
    ),
    'packages/bench/dist/servers/server-main.js',
  ],
];

/**
 * The compiled `server-main.js` of the checkout at `checkout` (default this one).
 *
 * @example
 * fork(compiledServerEntry(), ['--mode', 'bare']);
 */
export function compiledServerEntry(checkout: string = thisCheckout): string {
  return join(checkout, 'packages/bench/dist/servers/server-main.js');
}

/**
 * Why the checkout's build cannot be measured (missing, or a source file newer than it), or `undefined`.
 *
 * @example
 * const problem = compiledBuildProblem(); // 'packages/adapter-http/src/runtime/scheduler.ts is newer than …'
 */
export function compiledBuildProblem(checkout: string = thisCheckout): string | undefined {
  const fix = `run \`pnpm build && pnpm --filter @ivrkit/bench build:servers\` in ${checkout}`;
  for (const [sources, built] of BUILT) {
    let builtAt: number;
    try {
      builtAt = statSync(join(checkout, built)).mtimeMs;
    } catch {
      return `${built} does not exist: ${fix}`;
    }
    const newer = newestFile(sources.map((source) => join(checkout, source)));
    if (newer && newer.mtimeMs > builtAt) return `${newer.path} is newer than ${built}: ${fix}`;
  }
  return undefined;
}

/** The most recently modified `.ts` file among `paths` (files, or directories searched recursively). */
function newestFile(paths: readonly string[]): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  const consider = (path: string) => {
    const { mtimeMs } = statSync(path);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  for (const path of paths) {
    if (!statSync(path).isDirectory()) {
      consider(path);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) consider(join(entry.parentPath, entry.name));
    }
  }
  return newest;
}
