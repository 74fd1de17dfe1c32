/**
 * Runs tasks one at a time per key, in the order they were queued; different keys run concurrently.
 *
 * @module
 */

/**
 * A per-key FIFO of async tasks.
 *
 * @example
 * const queue: KeyedQueue = createKeyedQueue();
 * await queue.run('call-1', async () => apply(event));
 */
export interface KeyedQueue {
  /** Queues `task` behind every earlier task of `key`; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task running or waiting. */
  busy(): number;
  /** Resolves when every queued task has settled. */
  idle(): Promise<void>;
}

/**
 * Creates a {@link KeyedQueue}. A failing task does not block the ones after it.
 *
 * @example
 * const queue = createKeyedQueue();
 * await Promise.all([queue.run('call-1', applyFirst), queue.run('call-1', applySecond)]); // one after the other
 */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    busy: () => tails.size,
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
