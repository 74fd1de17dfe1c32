/**
 * The default store: one JSON file per key in a directory. It survives restarts, and a crash can never leave a
 * half-written value: every write goes to a temporary file that is flushed (`fsync`) and then renamed over the
 * old one, which the file system does atomically.
 *
 * One process owns a directory at a time (a `LOCK` file holding its pid; a lock left by a dead process is taken
 * over). Several processes sharing state is what a shared store such as Redis is for.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyedQueue } from '../keyed-queue.js';
import type { CasResult, Json, Store, Versioned } from './store.js';

/**
 * Options of {@link createFileStore}.
 *
 * @example
 * const store = await createFileStore({ dir: '.ivrkit-data', fsync: true } satisfies FileStoreOptions);
 */
export interface FileStoreOptions {
  /** The directory; created when missing. */
  dir: string;
  /** `fsync` each file before renaming it (durable across power loss, slower). Default true. */
  fsync?: boolean;
}

/**
 * Thrown when another live process holds the store's directory.
 *
 * @example
 * try { await createFileStore({ dir }); } catch (e) { if (e instanceof StoreLockedError) console.error('another process owns', dir); }
 */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
}

const SUFFIX = '.json';
const PREFIX = 'k_';

/**
 * Opens (or creates) a file store.
 *
 * @example
 * const store = await createFileStore({ dir: '.ivrkit-data' });
 * await store.compareAndSet('call:abc', { step: 1 }, 0);
 * await store.close();
 */
export async function createFileStore(options: FileStoreOptions): Promise<Store> {
  const { dir } = options;
  const durable = options.fsync ?? true;
  await mkdir(dir, { recursive: true });
  await takeLock(dir);
  // Temporary files are what a crash mid-write leaves behind; the values they were replacing are intact.
  for (const name of await readdir(dir))
    if (name.includes('.tmp-')) await rm(join(dir, name), { force: true });

  const queue = createKeyedQueue();
  const pathOf = (key: string) => join(dir, fileNameOf(key));
  const read = async (key: string): Promise<{ version: number; value: Json } | undefined> => {
    let text: string;
    try {
      text = await readFile(pathOf(key), 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text) as { version: number; value: Json };
  };
  const write = async (key: string, content: string) => {
    const target = pathOf(key);
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    if (durable) {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } else {
      await writeFile(temp, content, 'utf8');
    }
    await rename(temp, target);
  };
  let closed = false;
  const live = () => {
    if (closed) throw new Error(`file store ${dir} is closed`);
  };

  return {
    async get<T extends Json>(key: string): Promise<Versioned<T> | undefined> {
      live();
      const entry = await queue.run(key, () => read(key));
      return entry && { value: entry.value as T, version: entry.version };
    },
    compareAndSet(key, value, expectedVersion): Promise<CasResult> {
      live();
      return queue.run(key, async () => {
        const version = (await read(key))?.version ?? 0;
        if (version !== expectedVersion) return { ok: false, version };
        await write(key, JSON.stringify({ key, version: version + 1, value }));
        return { ok: true, version: version + 1 };
      });
    },
    delete(key, expectedVersion) {
      live();
      return queue.run(key, async () => {
        const entry = await read(key);
        if (!entry || (expectedVersion !== undefined && entry.version !== expectedVersion)) return false;
        await unlink(pathOf(key));
        return true;
      });
    },
    async keys(prefix) {
      live();
      return (await readdir(dir))
        .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
        .map((name) => keyOf(name))
        .filter((key) => key.startsWith(prefix));
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.idle();
      await rm(join(dir, 'LOCK'), { force: true });
    },
  };
}

/** A file name for a key: reversible, and safe (no `/`, no `..`, no leading dot). */
function fileNameOf(key: string): string {
  return PREFIX + encodeURIComponent(key).replace(/\./g, '%2E').replace(/\*/g, '%2A') + SUFFIX;
}

function keyOf(fileName: string): string {
  return decodeURIComponent(fileName.slice(PREFIX.length, -SUFFIX.length));
}

async function takeLock(dir: string): Promise<void> {
  const lock = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    // Our own pid: this process reopening after an unclean stop (a test restarting in-process, for one).
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new StoreLockedError(`file store ${dir} is in use by process ${owner}`);
    }
    await rm(lock, { force: true });
  }
  throw new StoreLockedError(`could not lock file store ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
