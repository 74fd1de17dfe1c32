import { describe, expect, it } from 'vitest';
import { formatCliError, LoadError } from '../src/cli-errors.js';
import { importOptional } from '../src/optional-dependency.js';

describe('importOptional (the CLI’s optional peer dependencies)', () => {
  it('loads a package that is installed', async () => {
    const ws = await importOptional('ws', '--inspect', () => import('ws'));
    expect(typeof ws.WebSocket).toBe('function');
  });

  it('turns a package that is not installed into one line saying what to install', async () => {
    const name = '@ivrkit/not-installed-anywhere';
    const error = await importOptional(name, '--store redis://…', () => import(name)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect(formatCliError('serve', error)).toBe(
      'ivrkit serve: --store redis://… needs @ivrkit/not-installed-anywhere, which is not installed: run npm install @ivrkit/not-installed-anywhere',
    );
  });

  it('passes on any other failure (a dependency of the package itself missing, a throw while loading)', async () => {
    const missingInside = Object.assign(new Error("Cannot find package '@redis/client' imported from …"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(
      importOptional('@ivrkit/redis', '--store redis://…', () => Promise.reject(missingInside)),
    ).rejects.toBe(missingInside);
    const broken = new SyntaxError('Unexpected token');
    await expect(importOptional('ws', '--inspect', () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
