import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from '../src/node/static-handler.js';

describe('createStaticHandler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softphone-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  const handler = createStaticHandler(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const get = (path: string, method = 'GET') => handler(new Request(`http://127.0.0.1${path}`, { method }));

  it('serves index.html at / and files with their content type', async () => {
    const index = await get('/');
    expect(index?.status).toBe(200);
    expect(index?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index?.text()).toContain('<title>x</title>');
    const script = await get('/assets/app.js');
    expect(script?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('passes on what it does not serve: other methods, missing files, paths out of the directory', async () => {
    expect(await get('/', 'POST')).toBeUndefined();
    expect(await get('/missing.js')).toBeUndefined();
    expect(await get('/../../etc/passwd')).toBeUndefined();
    expect(await get('/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
  });

  it('passes on a path with a malformed % escape instead of throwing (a 500 once)', async () => {
    for (const path of ['/%zz', '/assets/%E0%A4%A', '/%', '/%C0%AF']) expect(await get(path)).toBeUndefined();
  });

  it('mounts under a prefix', async () => {
    const mounted = createStaticHandler(dir, '/ui');
    expect((await mounted(new Request('http://127.0.0.1/ui/')))?.status).toBe(200);
    expect(await mounted(new Request('http://127.0.0.1/other'))).toBeUndefined();
  });
});
