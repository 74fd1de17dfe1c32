/**
 * The default store: one JSON file per key in a directory. It survives restarts, and a crash can never leave a
 * half-written value: every write goes to a temporary file that is flushed (`fsync`) and then renamed over the
 * old one, which the file system does atomically.
 *
 * One process owns a directory at a time (a `LOCK` file holding its pid; a lock left by a dead process is taken
 * over). Several processes sharing state is what a shared store such as Redis is for.
 *
 * Records hold callers' numbers and every digit they pressed: the directory is the user's alone (`0700`, files
 * `0600`). A record that cannot be read (truncated, empty, a name that is not a key) is moved to `quarantine/`
 * and logged with its key, and the others are served. Ended calls' records are deleted after
 * `endedCallRetentionMs` (default `ENDED_CALL_RETENTION_MS` of `@ivrkit/protocol`, 7 days), at start and every
 * hour.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ENDED_CALL_RETENTION_MS } from '@ivrkit/protocol';
import { createKeyedQueue } from '../keyed-queue.js';
import type { Logger } from '../runtime/logger.js';
import { createJsonLogger } from '../runtime/logger.js';
import { fileNameOf, HASHED_PREFIX, isRecordFileName, keyOfFileName } from './file-names.js';
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
  /**
   * How long an ended call's record (`call:*` with `ended: true`) is kept after its last write, in milliseconds;
   * `Infinity` keeps them. Default `ENDED_CALL_RETENTION_MS` (7 days).
   */
  endedCallRetentionMs?: number;
  /** Where quarantined records are reported (`warn`, with their key). Default: JSON lines on stderr. */
  logger?: Logger;
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

/** Where unreadable records are moved, inside the store's directory. */
const QUARANTINE = 'quarantine';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const SWEEP_EVERY_MS = 3_600_000;

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
  const retentionMs = options.endedCallRetentionMs ?? ENDED_CALL_RETENTION_MS;
  const logger = options.logger ?? createJsonLogger();
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  // A directory made by an earlier version, or by someone's umask: make it private.
  await chmod(dir, DIR_MODE);
  await takeLock(dir);

  const queue = createKeyedQueue();
  /** Keys of hashed file names, read from their records (the name alone does not say). */
  const hashedKeys = new Map<string, string>();
  const pathOf = (key: string) => join(dir, fileNameOf(key));

  const quarantine = async (name: string, key: string | undefined, reason: string) => {
    await mkdir(join(dir, QUARANTINE), { recursive: true, mode: DIR_MODE });
    const moved = `${name}.${Date.now()}`;
    await rename(join(dir, name), join(dir, QUARANTINE, moved)).catch(() => {});
    hashedKeys.delete(name);
    logger.warn(
      { key: key ?? null, file: name, quarantined_as: join(QUARANTINE, moved), reason },
      'file store: unreadable record moved aside',
    );
  };
  /** A record's content, or `undefined` when it is unreadable (then quarantined). */
  const parse = async (
    name: string,
    text: string,
    key: string | undefined,
  ): Promise<StoredRecord | undefined> => {
    try {
      const record = JSON.parse(text) as StoredRecord;
      if (typeof record !== 'object' || record === null || typeof record.version !== 'number')
        throw new Error('not a record: no version');
      if (key !== undefined && record.key !== undefined && record.key !== key)
        throw new Error('the record is of another key');
      return record;
    } catch (error) {
      await quarantine(name, key, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const read = async (key: string): Promise<StoredRecord | undefined> => {
    const name = fileNameOf(key);
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    return parse(name, text, key);
  };
  const write = async (key: string, content: string) => {
    const target = pathOf(key);
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      if (durable) {
        const handle = await open(temp, 'w', FILE_MODE);
        try {
          await handle.writeFile(content, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else {
        await writeFile(temp, content, { encoding: 'utf8', mode: FILE_MODE });
      }
      await rename(temp, target);
    } catch (error) {
      // A full disk (or any failure) leaves no temporary file behind; the old value is intact.
      await rm(temp, { force: true }).catch(() => {});
      throw error;
    }
  };

  /**
   * The pass over the directory, at start (`atStart`: debris removed, files made private) and every hour: names
   * that are not keys quarantined, hashed names' keys learnt, ended calls past retention deleted. It reads only
   * those files (a record's `stat` says its age): an unreadable record is quarantined when it is read.
   */
  const sweep = async (atStart: boolean) => {
    const now = Date.now();
    const names = await readdir(dir);
    await forEachLimited(names, 16, async (name) => {
      if (name.includes('.tmp-')) {
        // What a crash mid-write leaves behind; the value it was replacing is intact.
        if (atStart) await rm(join(dir, name), { force: true });
        return;
      }
      if (!isRecordFileName(name)) return;
      const fromName = keyOfFileName(name);
      if (fromName === undefined) {
        await queue.run(name, () => quarantine(name, undefined, 'the file name is not a key (bad % escape)'));
        return;
      }
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info) return;
      if (atStart && (info.mode & 0o777) !== FILE_MODE) await chmod(path, FILE_MODE);
      const old = now - info.mtimeMs > retentionMs;
      if (!old && (fromName !== 'hashed' || hashedKeys.has(name))) return;
      const key = fromName === 'hashed' ? undefined : fromName;
      await queue.run(key ?? name, async () => {
        const text = await readFile(path, 'utf8').catch(() => undefined);
        if (text === undefined) return;
        const record = await parse(name, text, key);
        if (!record) return;
        if (fromName === 'hashed') {
          if (typeof record.key !== 'string' || fileNameOf(record.key) !== name) {
            await quarantine(name, undefined, 'a hashed name whose record does not hold its key');
            return;
          }
          hashedKeys.set(name, record.key);
        }
        if (old && isEndedCall(key ?? record.key, record.value)) {
          await unlink(path).catch(() => {});
          hashedKeys.delete(name);
        }
      });
    });
  };
  await sweep(true);
  let sweeping: Promise<void> | undefined;
  const timer = setInterval(() => {
    sweeping ??= sweep(false)
      .catch((error: unknown) =>
        logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'file store: sweep failed',
        ),
      )
      .finally(() => {
        sweeping = undefined;
      });
  }, SWEEP_EVERY_MS);
  timer.unref();
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
        const name = fileNameOf(key);
        if (name.startsWith(HASHED_PREFIX)) hashedKeys.set(name, key);
        return { ok: true, version: version + 1 };
      });
    },
    delete(key, expectedVersion) {
      live();
      return queue.run(key, async () => {
        const entry = await read(key);
        if (!entry || (expectedVersion !== undefined && entry.version !== expectedVersion)) return false;
        await unlink(pathOf(key));
        hashedKeys.delete(fileNameOf(key));
        return true;
      });
    },
    async keys(prefix) {
      live();
      const keys: string[] = [];
      for (const name of await readdir(dir)) {
        if (!isRecordFileName(name)) continue;
        const fromName = keyOfFileName(name);
        const key = fromName === 'hashed' ? hashedKeys.get(name) : fromName;
        if (key?.startsWith(prefix)) keys.push(key);
      }
      return keys;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await sweeping;
      await queue.idle();
      await rm(join(dir, 'LOCK'), { force: true });
    },
  };
}

/** A record as the file holds it. */
interface StoredRecord {
  key?: string;
  version: number;
  value: Json;
}

function isEndedCall(key: string | undefined, value: Json): boolean {
  return (
    key?.startsWith('call:') === true &&
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    value.ended === true
  );
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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
