import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { webhook } from '../../src/frameworks/hono.js';
import { postSignedEvent, type Served, simulatedCall, testApp, WHOLE_CALL } from './support.js';

async function listen(server: Hono): Promise<Served> {
  return new Promise((resolve) => {
    const http = serve({ fetch: server.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            http.close(() => done());
            if ('closeAllConnections' in http) http.closeAllConnections();
          }),
      }),
    );
  });
}

describe('Hono: webhook(app)', () => {
  it('runs a whole simulated call over loopback on @hono/node-server', async () => {
    const result = await simulatedCall((app) => {
      const server = new Hono();
      server.post('/events', webhook(app));
      return listen(server);
    });
    expect(result.heard).toEqual(WHOLE_CALL);
    expect(result.violations).toEqual([]);
  });

  it('uses the text Hono kept when a middleware called c.req.json() first', async () => {
    const { app } = testApp();
    const server = new Hono();
    server.use(async (c, next) => {
      c.set('event' as never, (await c.req.json()) as never);
      await next();
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

  it('answers 500 at once, and logs, when a middleware read c.req.raw and nothing was kept', async () => {
    const { app, logger } = testApp();
    const server = new Hono();
    server.use(async (c, next) => {
      await c.req.raw.json();
      await next();
    });
    server.post('/events', webhook(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
      expect(String(answer.json?.message)).toContain('c.req.raw');
      expect(logger.records.some((line) => line.msg === 'event refused: body already read')).toBe(true);
    } finally {
      await served.close();
    }
  });

  it('app.fetch(c.req.raw) after such a middleware answers the same 500, not a 400', async () => {
    const { app } = testApp();
    const server = new Hono();
    server.use(async (c, next) => {
      await c.req.raw.text();
      await next();
    });
    server.post('/events', (c) => app.fetch(c.req.raw));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
    } finally {
      await served.close();
    }
  });
});
