/**
 * The {@link Store} contract as runnable checks, for any implementation: the memory, file and Redis stores run
 * them, and so can a store of your own. Each check opens a fresh (empty) store, throws on a violation
 * (`node:assert`), and closes it.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { type Store, updateWithRetry } from './store.js';

/**
 * One named check.
 *
 * @example
 * for (const { name, run } of storeContract(open)) it(name, run);
 */
export interface StoreContractCheck {
  name: string;
  run(): Promise<void>;
}

/**
 * The checks, each opening its own store with `open` (which must give an empty one).
 *
 * @example
 * import { storeContract } from '@ivrkit/adapter-http/testing';
 * describe('my store', () => {
 *   for (const { name, run } of storeContract(async () => openMyStore())) it(name, run);
 * });
 */
export function storeContract(open: () => Promise<Store>): StoreContractCheck[] {
  const using = (body: (store: Store) => Promise<void>) => async () => {
    const store = await open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };
  return [
    {
      name: 'versions writes and refuses a stale compare-and-set',
      run: using(async (store) => {
        assert.equal(await store.get('a'), undefined);
        assert.deepEqual(await store.compareAndSet('a', { n: 1 }, 1), { ok: false, version: 0 });
        assert.deepEqual(await store.compareAndSet('a', { n: 1 }, 0), { ok: true, version: 1 });
        assert.deepEqual(await store.compareAndSet('a', { n: 2 }, 0), { ok: false, version: 1 });
        assert.deepEqual(await store.compareAndSet('a', { n: 2 }, 1), { ok: true, version: 2 });
        assert.deepEqual(await store.get('a'), { value: { n: 2 }, version: 2 });
      }),
    },
    {
      name: 'returns copies, lists by prefix, deletes at a version',
      run: using(async (store) => {
        await store.compareAndSet('call:x.y/z', { list: [1] }, 0);
        await store.compareAndSet('call:..', 1, 0);
        await store.compareAndSet('campaign:1', 2, 0);
        await store.compareAndSet('callback', 3, 0);
        const read = await store.get<{ list: number[] }>('call:x.y/z');
        read?.value.list.push(2);
        assert.deepEqual((await store.get('call:x.y/z'))?.value, { list: [1] });
        assert.deepEqual((await store.keys('call:')).sort(), ['call:..', 'call:x.y/z']);
        assert.deepEqual((await store.keys('call')).sort(), ['call:..', 'call:x.y/z', 'callback']);
        assert.deepEqual((await store.keys('')).length, 4);
        assert.equal(await store.delete('call:..', 7), false);
        assert.equal(await store.delete('call:..', 1), true);
        assert.equal(await store.delete('call:..'), false);
        assert.deepEqual(await store.keys('call:'), ['call:x.y/z']);
      }),
    },
    {
      name: 'keeps keys with any characters apart',
      run: using(async (store) => {
        const keys = ['k', 'k:', ':k', 'a:{b}', 'a{b:c', 'a:b*', 'a:b?', 'a:[b]', 'a:b\\', 'é:ü', 'x:y:z'];
        for (const [i, key] of keys.entries()) assert.equal((await store.compareAndSet(key, i, 0)).ok, true);
        for (const [i, key] of keys.entries())
          assert.deepEqual(await store.get(key), { value: i, version: 1 });
        assert.deepEqual((await store.keys('')).sort(), [...keys].sort());
        assert.deepEqual((await store.keys('a:b')).sort(), ['a:b*', 'a:b?', 'a:b\\'].sort());
        assert.deepEqual(await store.keys('a:['), ['a:[b]']);
      }),
    },
    {
      name: 'concurrent read-modify-writes never lose an update',
      run: using(async (store) => {
        await Promise.all(
          Array.from({ length: 25 }, () =>
            updateWithRetry<number>(store, 'counter', (n) => (n ?? 0) + 1, 100),
          ),
        );
        assert.deepEqual(await store.get('counter'), { value: 25, version: 25 });
      }),
    },
    {
      name: 'matches a model under random sequences of operations',
      async run() {
        for (let seed = 1; seed <= 30; seed++) await modelRun(open, seed);
      },
    },
  ];
}

/** One random sequence (seeded: a failure names its seed) against a `Map` model. */
async function modelRun(open: () => Promise<Store>, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const store = await open();
  const model = new Map<string, { value: number; version: number }>();
  try {
    for (let step = 0; step < 30; step++) {
      const op = pick(['cas', 'delete', 'get'] as const);
      const key = pick(['a', 'b', 'c/d']);
      const current = model.get(key);
      const where = `seed ${seed}, step ${step}: ${op} ${key}`;
      if (op === 'cas') {
        const version = Math.floor(random() * 4);
        const value = Math.floor(random() * 1000);
        const result = await store.compareAndSet(key, value, version);
        const ok = (current?.version ?? 0) === version;
        assert.equal(result.ok, ok, where);
        if (ok) model.set(key, { value, version: version + 1 });
      } else if (op === 'delete') {
        assert.equal(await store.delete(key), current !== undefined, where);
        model.delete(key);
      } else {
        assert.deepEqual(await store.get(key), current, where);
      }
    }
  } finally {
    await store.close();
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
