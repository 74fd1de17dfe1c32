import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { webhook } from '../../src/frameworks/express.js';
import { toNodeListener } from '../../src/index.js';
import { postSignedEvent, type Served, simulatedCall, testApp, WHOLE_CALL } from './support.js';

async function listen(server: express.Express): Promise<Served> {
  const http = server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

describe('Express: webhook(app)', () => {
  it('runs a whole simulated call over loopback, with express.json() registered after it', async () => {
    const result = await simulatedCall((app) => {
      const server = express();
      server.post('/events', webhook(app));
      server.use(express.json());
      return listen(server);
    });
    expect(result.heard).toEqual(WHOLE_CALL);
    expect(result.violations).toEqual([]);
  });

  it('answers at once with a 500 naming express.json() when a global parser read the body, and logs it', async () => {
    const { app, logger } = testApp();
    const server = express();
    server.use(express.json());
    server.post('/events', webhook(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
      expect(String(answer.json?.message)).toContain('express.json()');
      expect(logger.records.find((line) => line.level === 'error')?.msg).toBe(
        'event refused: body already read',
      );
    } finally {
      await served.close();
    }
  });

  it("uses the exact bytes a parser's verify kept as req.rawBody", async () => {
    const { app } = testApp();
    const server = express();
    server.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
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

  it('takes the Buffer of express.raw()', async () => {
    const { app } = testApp();
    const server = express();
    server.post('/events', express.raw({ type: '*/*' }), webhook(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ method: 'speak' });
    } finally {
      await served.close();
    }
  });

  it('toNodeListener(app) behind a global express.json() answers 500 instead of hanging', async () => {
    const { app, logger } = testApp();
    const server = express();
    server.use(express.json());
    server.post('/events', toNodeListener(app));
    const served = await listen(server);
    try {
      const answer = await postSignedEvent(`${served.url}/events`);
      expect(answer.status).toBe(500);
      expect(answer.json?.status).toBe('body_already_read');
      expect(logger.records.some((line) => line.msg === 'event refused: body already read')).toBe(true);
    } finally {
      await served.close();
    }
  });
});
