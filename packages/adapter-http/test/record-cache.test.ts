import { describe, expect, it } from 'vitest';
import {
  createCallRuntime,
  createManualClock,
  createMemoryStore,
  type Json,
  type Store,
} from '../src/index.js';
import { callKey } from '../src/runtime/call-record.js';
import { createRecordCache } from '../src/runtime/record-cache.js';
import { type FakeSnapshot, fakeBankEngine } from './fake-engine.js';
import { ids, incoming, spoken } from './fixtures.js';

/** A store that counts reads, to show which steps started from the cache. */
function countingStore(): Store & { reads: number } {
  const inner = createMemoryStore();
  const store = {
    ...inner,
    reads: 0,
    get: ((key: string) => {
      store.reads++;
      return inner.get(key);
    }) as Store['get'],
  };
  return store;
}

/** A clock that moves a second per reading of a test's next event: no action completes at once. */
const clock = createManualClock(0);
const later = <T>(event: T): T => {
  clock.advance(6_000);
  return event;
};

/** Two processes' runtimes over one store (with the Call Query API absent: the delivery rules decide). */
function twoProcesses(store: Store) {
  const make = () =>
    createCallRuntime({ engine: fakeBankEngine(async () => '1.00'), store, send: async () => {}, clock });
  return { a: make(), b: make() };
}

describe('the record cache', () => {
  it('starts the next input of a call from the record this process wrote', async () => {
    const store = countingStore();
    const runtime = createCallRuntime({
      engine: fakeBankEngine(async () => '1.00'),
      store,
      send: async () => {},
      clock,
    });
    await runtime.deliver(later(incoming()));
    const reads = store.reads;
    await runtime.deliver(later(spoken('2')));
    expect(store.reads).toBe(reads);
  });

  it('redoes a step from the store when another process moved the call on', async () => {
    const store = createMemoryStore();
    const { a, b } = twoProcesses(store);
    expect((await a.deliver(later(incoming()))).actions[0]?.method).toBe('speak'); // a caches the record at the menu
    await b.deliver(later(spoken('2'))); // b: "Goodbye."
    // a's cache is one write behind; its write fails, and the step is redone on b's record.
    const third = await a.deliver(later(spoken('')));
    expect(third.actions).toEqual([{ method: 'hangup', params: {} }]);
    const record = await a.get(ids.ref);
    expect((record?.snapshot as unknown as FakeSnapshot | undefined)?.applied).toEqual([
      'incoming_call:',
      'speak_completed:2',
      'speak_completed:',
    ]);
  });

  it('checks a skip against the store: an event stale for the cached record may be awaited by the stored one', async () => {
    const store = createMemoryStore();
    const runtime = createCallRuntime({
      engine: fakeBankEngine(async () => '1.00'),
      store,
      send: async () => {},
      clock,
    });
    await runtime.deliver(later(incoming()));
    await runtime.deliver(later(spoken('2')));
    await runtime.deliver(later(spoken(''))); // hangup: the cached record awaits nothing more
    // Another writer (another process on a shared store) makes the call await a prompt's end again.
    const stored = await store.get<Json>(callKey(ids.ref));
    const changed = { ...(stored?.value as object), awaiting: ['speak_completed'] } as Json;
    expect((await store.compareAndSet(callKey(ids.ref), changed, stored?.version ?? 0)).ok).toBe(true);
    const delivery = await runtime.deliver(later(spoken('9')));
    expect(delivery.outcome).toBe('applied');
    const record = await runtime.get(ids.ref);
    expect((record?.snapshot as unknown as FakeSnapshot | undefined)?.applied.at(-1)).toBe(
      'speak_completed:9',
    );
  });

  it('forgets the least recently written record past its capacity, and caches nothing at 0', () => {
    const cache = createRecordCache(2);
    const entry = (id: string) => ({ record: { reference_id: id } as never, version: 1 });
    cache.set('a', entry('a'));
    cache.set('b', entry('b'));
    cache.set('a', entry('a'));
    cache.set('c', entry('c'));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((e) => e?.record.reference_id)).toEqual([
      'a',
      undefined,
      'c',
    ]);
    const none = createRecordCache(0);
    none.set('a', entry('a'));
    expect(none.get('a')).toBeUndefined();
  });
});
