/**
 * The answer when a server's middleware read an event's body before the webhook could. The signature covers the
 * exact bytes TeleSign sent, so a parsed body is never turned back into JSON to check it: the event is answered
 * 500 at once (TeleSign delivers it again) with what to move, and logged, rather than left waiting for a stream
 * that already ended.
 *
 * @module
 */
import { type JsonAnswer, OUR_RESPONSE_STATUS } from '@ivrkit/protocol';
import type { Logger } from '../runtime/logger.js';

/**
 * Where the webhook runs, for the advice in the message.
 *
 * @example
 * const where: WebhookHost = 'express';
 */
export type WebhookHost = 'express' | 'fastify' | 'hono' | 'node' | 'fetch';

const ADVICE: Record<WebhookHost, string> = {
  express:
    "a body parser (express.json(), express.urlencoded(), …) read the event body before ivrkit's webhook: " +
    'register webhook(app) before the parser, or on a route without it, or keep the exact bytes with ' +
    'express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })',
  fastify:
    "Fastify's JSON parser read the event body: register ivrkit's webhookPlugin (it reads the body as bytes), " +
    "or give this route a content-type parser with parseAs: 'buffer'",
  hono:
    "a middleware read the event body from c.req.raw before ivrkit's webhook: read it with c.req.text() or " +
    'c.req.json() (Hono keeps the text), or register webhook(app) before that middleware',
  node:
    'something read the request body before toNodeListener(app) ran (a body parser): mount the listener on a ' +
    'route without body parsing',
  fetch:
    'the Request body was read before app.fetch(request) ran (a body parser or validator): pass a Request ' +
    "whose body is unread, or use the adapter's helper for your framework",
};

/**
 * The message of a body read too early, for a host.
 *
 * @example
 * bodyAlreadyReadMessage('express'); // 'the event body was already read: a body parser (express.json(), …'
 */
export function bodyAlreadyReadMessage(host: WebhookHost): string {
  return `the event body was already read: ${ADVICE[host]}`;
}

/**
 * Logs the misconfiguration and returns the 500 answering it.
 *
 * @example
 * if (bodyWasRead) return bodyAlreadyRead('hono', logger, c.req.path);
 */
export function bodyAlreadyRead(host: WebhookHost, logger: Logger, path: string): JsonAnswer {
  const message = bodyAlreadyReadMessage(host);
  logger.error({ path, host, advice: message }, 'event refused: body already read');
  return { status: 500, body: JSON.stringify({ status: OUR_RESPONSE_STATUS.bodyAlreadyRead, message }) };
}
