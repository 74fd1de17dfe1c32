import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { webhook, webhookPlugin } from '../../src/frameworks/fastify.js';
import { toNodeListener } from '../../src/index.js';
import { postSignedEvent, type Served, simulatedCall, testApp, WHOLE_CALL } from './support.js';

async function listen(server: FastifyInstance): Promise<Served> {
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => server.close() };
}

describe('Fastify', () => {
  it('webhookPlugin runs a whole simulated call over loopback; other routes keep JSON parsing', async () => {
    let other: unknown;
    const result = await simulatedCall(async (app) => {
      const server = Fastify();
      await server.register(webhookPlugin, { app, path: '/events' });
      server.post('/other', async (request) => {
        other = request.body;
        return { ok: true };
      });
      const served = await listen(server);
      await fetch(`${served.url}/other`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      return served;
    });
    expect(result.heard).toEqual(WHOLE_CALL);
    expect(result.violations).toEqual([]);
    expect(other).toEqual({ a: 1 });
  });

  it('webhook(app) on a route under the default JSON parser answers 500 naming webhookPlugin, and logs it', async () => {
    const { app, logger } = testApp();
    const server = Fastify();
    server.post('/events', webhook(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
      expect(String(answer.json?.message)).toContain('webhookPlugin');
      expect(logger.records.some((line) => line.msg === 'event refused: body already read')).toBe(true);
    } finally {
      await served.close();
    }
  });

  it('webhook(app) uses request.rawBody when a plugin kept the bytes', async () => {
    const { app } = testApp();
    const server = Fastify();
    // Fastify's documented way to keep the raw body beside the parsed one.
    server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as { rawBody?: string | Buffer }).rawBody = body;
      try {
        done(null, JSON.parse(String(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    server.post('/events', webhook(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ method: 'speak' });
    } finally {
      await served.close();
    }
  });

  it('the old recipe (reply.hijack() + toNodeListener) answers 500 instead of hanging', async () => {
    const { app, logger } = testApp();
    const server = Fastify();
    const listener = toNodeListener(app);
    server.post('/events', (request, reply) => {
      reply.hijack();
      listener(request.raw, reply.raw);
    });
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
      expect(logger.records.some((line) => line.level === 'error')).toBe(true);
    } finally {
      await served.close();
    }
  });

  it('webhookPlugin refuses a body over maxBodyBytes with 413', async () => {
    const { app } = testApp();
    const server = Fastify();
    await server.register(webhookPlugin, { app, maxBodyBytes: 100 });
    const served = await listen(server);
    try {
      const response = await fetch(`${served.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(500) }),
      });
      expect(response.status).toBe(413);
    } finally {
      await served.close();
    }
  });
});
