import { createVoiceApp, type FlowEngine, silentLogger } from '@ivrkit/adapter-http';
import { headerReader } from '@ivrkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, createRedisScheduler, createRedisStore, type RedisConnection } from '../src/index.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../src/testing.js';

/** Answers every incoming call with a greeting. */
const greeter: FlowEngine = {
  id: 'greeter@1',
  step: (_, input) => ({
    snapshot: {},
    actions:
      'event' in input && input.event === 'incoming_call'
        ? [{ method: 'speak', params: { tts: { message: 'Hello.' } } }]
        : [],
    done: 'event' in input && input.event === 'call_completed',
    lookups: [],
  }),
  lookup: async () => undefined,
};

const incoming = (referenceId: string) => ({
  method: 'POST',
  path: '/events',
  headers: headerReader({ 'content-type': 'application/json' }),
  body: JSON.stringify({
    event: 'incoming_call',
    reference_id: referenceId,
    data: { to: '15555551212', from: '15550001234' },
  }),
});

describe.runIf(requireRedisServer())('the adapter while Redis fails', () => {
  let server: RedisServer;
  let redis: RedisConnection;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = await connectRedis({ url: server.url, prefix: 'faults:', maxReconnectDelayMs: 100 });
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  it('answers 503 while Redis is down, loses nothing, and resumes by itself once it is back', async () => {
    const scheduler = createRedisScheduler(redis);
    const app = createVoiceApp({
      flow: greeter,
      client: { sendAction: async () => ({}) as never, dial: async () => ({}) as never },
      store: createRedisStore(redis),
      scheduler,
      verify: 'off',
      logger: silentLogger,
    });
    expect((await app.handle(incoming('CALL-1'))).status).toBe(200);
    await server.kill();
    const refused = await app.handle(incoming('CALL-2'));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body as string)).toMatchObject({ status: 'store_unavailable' });
    await server.restart();
    await expect.poll(() => redis.ready, { timeout: 5_000 }).toBe(true);
    // TeleSign delivers the event again: now it is applied, and the call before the outage is still there.
    const retried = await app.handle(incoming('CALL-2'));
    expect(retried.status).toBe(200);
    expect(JSON.parse(retried.body as string)).toMatchObject({ method: 'speak' });
    expect(await app.runtime.get('CALL-1')).toBeDefined();
    await scheduler.close();
    await app.close();
  });

  it('only answers later while Redis is slow', async () => {
    const app = createVoiceApp({
      flow: greeter,
      client: { sendAction: async () => ({}) as never, dial: async () => ({}) as never },
      store: createRedisStore(redis),
      verify: 'off',
      logger: silentLogger,
    });
    const other = await connectRedis({ url: server.url });
    const started = performance.now();
    // Redis stops answering anyone for 400 ms.
    const paused = other.command(['CLIENT', 'PAUSE', '400', 'ALL']);
    await paused;
    const answer = await app.handle(incoming('CALL-SLOW'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body as string)).toMatchObject({ method: 'speak' });
    await other.close();
    await app.close();
  });
});
