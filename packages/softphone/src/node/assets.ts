/**
 * The built page: where it lives, and building it with vite when it is missing or older than its sources — so
 * `pnpm demo` on a fresh clone needs no separate build step.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The softphone package's directory. */
export const SOFTPHONE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `vite build` puts the page. */
export const SOFTPHONE_DIST = join(SOFTPHONE_ROOT, 'dist', 'page');

const SOURCES = ['index.html', 'vite.config.ts', join('src', 'page'), join('src', 'shared')];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Whether the built page is missing or older than a source file.
 *
 * @example
 * if (softphoneIsStale()) await buildSoftphone();
 */
export function softphoneIsStale(): boolean {
  const built = join(SOFTPHONE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(SOFTPHONE_ROOT, source)) > builtAt);
}

/**
 * Builds the page with vite into the package's `dist/page/` unless it is up to date (`force` rebuilds). Resolves to
 * the directory to serve.
 *
 * @example
 * const dir = await buildSoftphone();
 */
export async function buildSoftphone(options: { force?: boolean } = {}): Promise<string> {
  if (!options.force && !softphoneIsStale()) return SOFTPHONE_DIST;
  const { build } = await import('vite');
  await build({ configFile: join(SOFTPHONE_ROOT, 'vite.config.ts'), root: SOFTPHONE_ROOT, logLevel: 'warn' });
  return SOFTPHONE_DIST;
}
