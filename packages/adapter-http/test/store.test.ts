import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFileStore,
  createMemoryStore,
  type Store,
  StoreConflictError,
  StoreLockedError,
  updateWithRetry,
} from '../src/index.js';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ivrkit-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const kinds: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  ['file', async () => createFileStore({ dir: await tempDir(), fsync: false })],
];

describe.each(kinds)('%s store contract', (_, open) => {
  it('versions writes and refuses a stale compare-and-set', async () => {
    const store = await open();
    expect(await store.get('a')).toBeUndefined();
    expect(await store.compareAndSet('a', { n: 1 }, 1)).toEqual({ ok: false, version: 0 });
    expect(await store.compareAndSet('a', { n: 1 }, 0)).toEqual({ ok: true, version: 1 });
    expect(await store.compareAndSet('a', { n: 2 }, 0)).toEqual({ ok: false, version: 1 });
    expect(await store.compareAndSet('a', { n: 2 }, 1)).toEqual({ ok: true, version: 2 });
    expect(await store.get('a')).toEqual({ value: { n: 2 }, version: 2 });
    await store.close();
  });

  it('returns copies, lists by prefix, deletes at a version', async () => {
    const store = await open();
    await store.compareAndSet('call:x.y/z', { list: [1] }, 0);
    await store.compareAndSet('call:..', 1, 0);
    await store.compareAndSet('campaign:1', 2, 0);
    const read = await store.get<{ list: number[] }>('call:x.y/z');
    read?.value.list.push(2);
    expect((await store.get('call:x.y/z'))?.value).toEqual({ list: [1] });
    expect((await store.keys('call:')).sort()).toEqual(['call:..', 'call:x.y/z']);
    expect(await store.delete('call:..', 7)).toBe(false);
    expect(await store.delete('call:..', 1)).toBe(true);
    expect(await store.delete('call:..')).toBe(false);
    expect(await store.keys('call:')).toEqual(['call:x.y/z']);
    await store.close();
  });

  it('concurrent read-modify-writes never lose an update', async () => {
    const store = await open();
    await Promise.all(
      Array.from({ length: 25 }, () => updateWithRetry<number>(store, 'counter', (n) => (n ?? 0) + 1, 100)),
    );
    expect(await store.get('counter')).toEqual({ value: 25, version: 25 });
    await store.close();
  });

  it('matches a model under any sequence of operations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('cas', 'delete', 'get'),
            key: fc.constantFrom('a', 'b', 'c/d'),
            value: fc.integer(),
            version: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 30 },
        ),
        async (ops) => {
          const store = await open();
          const model = new Map<string, { value: number; version: number }>();
          for (const { op, key, value, version } of ops) {
            const current = model.get(key);
            if (op === 'cas') {
              const result = await store.compareAndSet(key, value, version);
              const ok = (current?.version ?? 0) === version;
              expect(result.ok).toBe(ok);
              if (ok) model.set(key, { value, version: version + 1 });
            } else if (op === 'delete') {
              expect(await store.delete(key)).toBe(current !== undefined);
              model.delete(key);
            } else {
              expect(await store.get(key)).toEqual(current);
            }
          }
          await store.close();
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('updateWithRetry', () => {
  it('gives up with StoreConflictError when the key keeps changing', async () => {
    const inner = createMemoryStore();
    const meddling: Store = {
      ...inner,
      async get(key) {
        const found = await inner.get(key);
        await inner.compareAndSet(key, 'other', found?.version ?? 0);
        return found as never;
      },
    };
    await expect(updateWithRetry(meddling, 'k', () => 'mine', 3)).rejects.toBeInstanceOf(StoreConflictError);
  });
});

describe('file store', () => {
  it('survives a restart, including an unclean one', async () => {
    const dir = await tempDir();
    const first = await createFileStore({ dir });
    await first.compareAndSet('call:abc', { step: 'menu' }, 0);
    // No close(): the process "crashed", leaving its LOCK behind.
    const second = await createFileStore({ dir });
    expect(await second.get('call:abc')).toEqual({ value: { step: 'menu' }, version: 1 });
    await second.close();
    const third = await createFileStore({ dir });
    expect(await third.keys('')).toEqual(['call:abc']);
    await third.close();
  });

  it('a torn write (a crash mid-write) leaves the previous value intact and its debris is cleaned', async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await store.compareAndSet('k', { good: true }, 0);
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    await writeFile(join(dir, `${file}.tmp-99999-deadbeef`), '{"key":"k","version":2,"val');
    await store.close();
    const reopened = await createFileStore({ dir });
    expect(await reopened.get('k')).toEqual({ value: { good: true }, version: 1 });
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    await reopened.close();
  });

  it('stores one readable JSON file per key', async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await store.compareAndSet('call:1', { a: 1 }, 0);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    expect(JSON.parse(await readFile(join(dir, files[0] as string), 'utf8'))).toEqual({
      key: 'call:1',
      version: 1,
      value: { a: 1 },
    });
    await store.close();
  });

  it('refuses a directory held by another live process', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'LOCK'), '1'); // pid 1 is always alive
    await expect(createFileStore({ dir })).rejects.toBeInstanceOf(StoreLockedError);
    await writeFile(join(dir, 'LOCK'), '999999999'); // a dead pid: taken over
    const store = await createFileStore({ dir });
    await store.close();
  });

  it('refuses use after close', async () => {
    const store = await createFileStore({ dir: await tempDir() });
    await store.close();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});
