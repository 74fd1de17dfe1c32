import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFileStore,
  createMemoryStore,
  type Store,
  StoreConflictError,
  StoreLockedError,
  updateWithRetry,
} from '../src/index.js';
import { storeContract } from '../src/testing.js';

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
  for (const { name, run } of storeContract(open)) it(name, run);
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
