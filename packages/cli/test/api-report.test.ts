import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiReports, publicEntryPoints } from './api-surface.js';

const root = join(import.meta.dirname, '..', '..', '..');
const entries = publicEntryPoints(join(root, 'packages'));
const reports = apiReports(entries, join(root, 'packages', 'cli', 'tsconfig.json'));

describe('the public API of every package (api/*.api.md)', () => {
  it.each([...reports.keys()])('%s matches its report', async (name) => {
    await expect(reports.get(name)).toMatchFileSnapshot(join(root, 'api', `${name.split('/')[1]}.api.md`));
  });
});
