/**
 * The CLI's own version, read from its package.json (one directory up from both `src/` and `dist/`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * `@ivrkit/cli`'s version; the ivrkit packages are released together, so it is theirs too.
 *
 * @example
 * cliVersion(); // '0.1.0'
 */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
