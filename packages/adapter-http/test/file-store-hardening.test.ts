/**
 * The file store against what a disk and its users do: records private to the user, unreadable records moved
 * aside with the rest served, names within file-system limits for any reference id, ended calls deleted after the
 * retention, and no debris from a failed write (a real file system: a temp directory; a full disk is a child
 * process under `ulimit -f`).
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore, type Logger } from '../src/index.js';
import { fileNameOf } from '../src/store/file-names.js';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ivrkit-file-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function recordingLogger(): { logger: Logger; warnings: Array<Record<string, unknown>> } {
  const warnings: Array<Record<string, unknown>> = [];
  const ignore = () => {};
  const logger = {
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields: unknown) => {
      if (typeof fields === 'object' && fields !== null) warnings.push(fields as Record<string, unknown>);
    },
  } as unknown as Logger;
  return { logger, warnings };
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('file store: privacy', () => {
  it('creates its directory 0700 and its records 0600', async () => {
    const dir = join(await tempDir(), 'store');
    const store = await createFileStore({ dir, fsync: false });
    await store.compareAndSet('call:A', { digits: ['1234'] }, 0);
    await store.compareAndSet('call:A', { digits: ['1234', '9'] }, 1);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(dir, fileNameOf('call:A')))).toBe(0o600);
    await store.close();
    const durable = await createFileStore({ dir });
    await durable.compareAndSet('call:B', { digits: [] }, 0);
    expect(await modeOf(join(dir, fileNameOf('call:B')))).toBe(0o600);
    await durable.close();
  });

  it('makes a directory and records of an earlier version private when it opens them', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    const file = join(dir, fileNameOf('call:OLD'));
    await writeFile(file, JSON.stringify({ key: 'call:OLD', version: 1, value: { ended: false } }), {
      mode: 0o644,
    });
    await chmod(file, 0o644);
    const store = await createFileStore({ dir });
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(file)).toBe(0o600);
    await store.close();
  });
});

describe('file store: unreadable records', () => {
  it('moves a truncated, an empty and a badly named record aside, logs their keys, and serves the rest', async () => {
    const dir = await tempDir();
    const first = await createFileStore({ dir });
    await first.compareAndSet('call:GOOD', { ended: false }, 0);
    await first.close();
    await writeFile(join(dir, fileNameOf('call:TRUNCATED')), '{"key":"call:TRUNCATED","version":3,"val');
    await writeFile(join(dir, fileNameOf('call:EMPTY')), '');
    await writeFile(join(dir, 'k_call%3ABAD%zz.json'), '{"key":"call:BAD","version":1,"value":{}}');
    const { logger, warnings } = recordingLogger();
    const store = await createFileStore({ dir, logger });
    // The badly named one is moved aside at start; the others when read (what resume() does with each).
    expect((await store.keys('call:')).sort()).toEqual(['call:EMPTY', 'call:GOOD', 'call:TRUNCATED']);
    expect(await store.get('call:GOOD')).toEqual({ value: { ended: false }, version: 1 });
    expect(await store.get('call:TRUNCATED')).toBeUndefined();
    expect(await store.get('call:EMPTY')).toBeUndefined();
    expect((await store.keys('call:')).sort()).toEqual(['call:GOOD']);
    expect(warnings.map((w) => w.key).sort()).toEqual(['call:EMPTY', 'call:TRUNCATED', null]);
    expect(
      warnings.every(
        (w) => typeof w.reason === 'string' && String(w.quarantined_as).startsWith('quarantine'),
      ),
    ).toBe(true);
    expect((await readdir(join(dir, 'quarantine'))).length).toBe(3);
    // A new record under a quarantined key starts afresh.
    expect(await store.compareAndSet('call:TRUNCATED', { ended: false }, 0)).toEqual({
      ok: true,
      version: 1,
    });
    await store.close();
  });

  it('moves aside a record that breaks while the store is open, at its next read', async () => {
    const dir = await tempDir();
    const { logger, warnings } = recordingLogger();
    const store = await createFileStore({ dir, logger });
    await store.compareAndSet('call:X', { ended: false }, 0);
    await writeFile(join(dir, fileNameOf('call:X')), '{"key":');
    expect(await store.get('call:X')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.key).toBe('call:X');
    await store.close();
  });
});

describe('file store: names', () => {
  const longIds = [
    'é'.repeat(128),
    '%'.repeat(128),
    `${'a'.repeat(60)}/${'.'.repeat(67)}`,
    '😀'.repeat(64),
    'x'.repeat(128),
  ];
  it.each(longIds.map((id) => [id.slice(0, 8), id]))(
    'a reference id of 128 characters (%s…) is stored, read and listed, also after a restart',
    async (_, id) => {
      const dir = await tempDir();
      const key = `call:${id}`;
      const store = await createFileStore({ dir, fsync: false });
      expect(await store.compareAndSet(key, { ended: false }, 0)).toEqual({ ok: true, version: 1 });
      expect(await store.compareAndSet(key, { ended: true }, 1)).toEqual({ ok: true, version: 2 });
      expect(await store.keys('call:')).toEqual([key]);
      for (const name of await readdir(dir)) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      await store.close();
      const reopened = await createFileStore({ dir });
      expect(await reopened.keys('call:')).toEqual([key]);
      expect(await reopened.get(key)).toEqual({ value: { ended: true }, version: 2 });
      expect(await reopened.delete(key)).toBe(true);
      expect(await reopened.keys('')).toEqual([]);
      await reopened.close();
    },
  );

  it('keeps a readable prefix of a hashed name, and distinct names for keys that share it', () => {
    const a = fileNameOf(`call:${'é'.repeat(100)}A`);
    const b = fileNameOf(`call:${'é'.repeat(100)}B`);
    expect(a.startsWith('h_call%3A%C3%A9')).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe('file store: retention of ended calls', () => {
  it('deletes ended calls older than the retention when it opens, and keeps live calls and other keys', async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir, fsync: false });
    await store.compareAndSet('call:ENDED-OLD', { ended: true }, 0);
    await store.compareAndSet('call:ENDED-NEW', { ended: true }, 0);
    await store.compareAndSet('call:LIVE-OLD', { ended: false }, 0);
    await store.compareAndSet('campaign:OLD', { ended: true }, 0);
    await store.close();
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const key of ['call:ENDED-OLD', 'call:LIVE-OLD', 'campaign:OLD'])
      await utimes(join(dir, fileNameOf(key)), longAgo, longAgo);
    const reopened = await createFileStore({ dir, endedCallRetentionMs: 3_600_000 });
    expect((await reopened.keys('')).sort()).toEqual(['call:ENDED-NEW', 'call:LIVE-OLD', 'campaign:OLD']);
    await reopened.close();
    const keepAll = await createFileStore({ dir, endedCallRetentionMs: Number.POSITIVE_INFINITY });
    await utimes(join(dir, fileNameOf('call:ENDED-NEW')), new Date(0), new Date(0));
    await keepAll.close();
    const again = await createFileStore({ dir, endedCallRetentionMs: Number.POSITIVE_INFINITY });
    expect(await again.keys('call:ENDED')).toEqual(['call:ENDED-NEW']);
    await again.close();
  });
});

describe('file store: failed writes', () => {
  it('leaves no temporary file when a write fails, and keeps the old value', async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir, fsync: false });
    await store.compareAndSet('call:A', { n: 1 }, 0);
    // A directory where the record goes: the rename fails, as a write fails on a full disk.
    await mkdir(join(dir, fileNameOf('call:B'), 'x'), { recursive: true });
    await expect(store.compareAndSet('call:B', { n: 1 }, 0)).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(await store.get('call:A')).toEqual({ value: { n: 1 }, version: 1 });
    await store.close();
  });

  it('on a full disk (ulimit -f), refuses the write and leaves no temporary file', async () => {
    const dir = await tempDir();
    const here = fileURLToPath(new URL('.', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const script = `
      import { createFileStore } from ${JSON.stringify(join(here, '..', 'src', 'index.ts'))};
      const store = await createFileStore({ dir: ${JSON.stringify(dir)} });
      await store.compareAndSet('call:SMALL', { n: 1 }, 0);
      try {
        await store.compareAndSet('call:BIG', { pad: 'x'.repeat(64 * 1024) }, 0);
        console.log('written');
      } catch (error) {
        console.log('refused', error.code);
      }
      await store.close();
    `;
    const file = join(await tempDir(), 'full-disk.mts');
    await writeFile(file, script);
    const run = spawnSync(
      'bash',
      ['-c', 'ulimit -f 16 && exec "$0" "$@"', process.execPath, tsx, '--conditions=ivrkit-source', file],
      { encoding: 'utf8', env: { ...process.env, TSX_DISABLE_CACHE: '1' }, timeout: 60_000 },
    );
    expect(run.stdout.trim()).toBe('refused EFBIG');
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const store = await createFileStore({ dir });
    expect(await store.keys('')).toEqual(['call:SMALL']);
    await store.close();
  }, 60_000);
});
