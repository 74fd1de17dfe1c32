import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiReports, publicEntryPoints, unexportedTypes } from './api-surface.js';

const root = join(import.meta.dirname, '..', '..', '..');
const entries = publicEntryPoints(join(root, 'packages'));
const tsconfig = join(root, 'packages', 'cli', 'tsconfig.json');
const reports = apiReports(entries, tsconfig);

describe('the public API of every package (api/*.api.md)', () => {
  it.each([...reports.keys()])('%s matches its report', async (name) => {
    await expect(reports.get(name)).toMatchFileSnapshot(join(root, 'api', `${name.split('/')[1]}.api.md`));
  });
});

/** Named in a public declaration but deliberately not exported, each with its reason. */
const INTENTIONALLY_UNEXPORTED = [
  // `type DialStatus = ValuesOf<…>`: a one-line helper inside the status unions; users name the unions.
  'ValuesOf (packages/protocol/src/events.ts)',
];

const unexported = unexportedTypes(entries, tsconfig);

describe('the public surfaces are complete', () => {
  it('every type a public signature names is exported from a public entry point', () => {
    const missing = unexported.filter(
      (line) => !INTENTIONALLY_UNEXPORTED.some((allowed) => line.startsWith(`${allowed} ←`)),
    );
    expect(missing).toEqual([]);
  });
});

describe('every entry point lists its exports', () => {
  it.each(entries.map((e) => [e.specifier, e.file]))('%s has no `export *`', (_, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/export\s*\*/);
  });
});
