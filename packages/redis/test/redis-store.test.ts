import { storeContract } from '@ivrkit/adapter-http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, createRedisStore, type RedisConnection } from '../src/index.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../src/testing.js';

describe.runIf(requireRedisServer())('redis store', () => {
  let server: RedisServer;
  let redis: RedisConnection;
  let opened = 0;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = await connectRedis({ url: server.url, prefix: 'test:' });
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });
  /** A fresh, empty store: a prefix of its own on the shared server. */
  const open = async () => {
    const own = await connectRedis({ url: server.url, prefix: `contract${++opened}:` });
    return createRedisStore(own, { closeConnection: true });
  };

  describe('contract', () => {
    for (const { name, run } of storeContract(open)) it(name, run);
  });

  it('lays a call out under its hash tag, with the deployment prefix', async () => {
    const store = createRedisStore(redis);
    await store.compareAndSet('call:ABC', { ended: false }, 0);
    expect(await redis.command(['HGETALL', 'test:call:{ABC}'])).toEqual({ v: '1', d: '{"ended":false}' });
    expect(await redis.command(['PTTL', 'test:call:{ABC}'])).toBe(-1);
  });

  it('expires an ended call after the configured time, and only an ended one', async () => {
    const store = createRedisStore(redis, { endedCallTtlMs: 60_000 });
    await store.compareAndSet('call:END', { ended: false }, 0);
    await store.compareAndSet('call:END', { ended: true }, 1);
    const ttl = await redis.command<number>(['PTTL', 'test:call:{END}']);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.compareAndSet('campaign:x', { ended: true }, 0);
    expect(await redis.command(['PTTL', 'test:campaign:{x}'])).toBe(-1);
  });

  it('keeps deployments apart by prefix', async () => {
    const other = await connectRedis({ url: server.url, prefix: 'other:' });
    const mine = createRedisStore(redis);
    const theirs = createRedisStore(other, { closeConnection: true });
    await mine.compareAndSet('call:shared-id', 'mine', 0);
    expect(await theirs.get('call:shared-id')).toBeUndefined();
    expect(await theirs.keys('call:')).toEqual([]);
    await theirs.close();
  });

  it('refuses a prefix with braces', async () => {
    await expect(connectRedis({ url: server.url, prefix: 'a{b}:' })).rejects.toThrow(/may not contain/);
  });

  it('survives a crash of Redis with its append-only file', async () => {
    const own = await startRedisServer();
    const connection = await connectRedis({ url: own.url, maxReconnectDelayMs: 50 });
    try {
      const store = createRedisStore(connection);
      await store.compareAndSet('call:kept', { step: 2 }, 0);
      // Redis writes its append-only file before it answers; a SIGKILL loses nothing written (the OS has it).
      await own.restart();
      await expect.poll(() => connection.ready, { timeout: 5_000 }).toBe(true);
      expect(await store.get('call:kept')).toEqual({ value: { step: 2 }, version: 1 });
    } finally {
      await connection.close();
      await own.stop();
    }
  });
});
