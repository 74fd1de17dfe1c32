/**
 * `@ivrkit/adapter-http/express`: a `VoiceApp` as an Express route handler.
 *
 * ```ts
 * import express from 'express';
 * import { webhook } from '@ivrkit/adapter-http/express';
 *
 * const server = express();
 * server.post('/events', webhook(app)); // before any express.json(), or with its verify keeping req.rawBody
 * ```
 *
 * Typed on `node:http`'s request and response, which Express's extend, so `@types/express` is not needed.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerReader } from '@ivrkit/protocol';
import { pathOf } from '../runtime/buffered-request.js';
import { dispatch, resolveWebhookOptions, type WebhookOptions, type WebhookTarget } from './dispatch.js';
import { eventBodyOf, writeJsonAnswer } from './node-body.js';

export type { WebhookOptions, WebhookTarget } from './dispatch.js';

/**
 * An Express request as the handler reads it: `body` (set by a body parser) and `rawBody` (the exact bytes, when
 * a parser's `verify` keeps them) are both optional.
 *
 * @example
 * const request: ExpressLikeRequest = req;
 */
export type ExpressLikeRequest = IncomingMessage & {
  body?: unknown;
  rawBody?: unknown;
  originalUrl?: string;
};

/**
 * An Express handler (`(req, res, next)`).
 *
 * @example
 * const handler: ExpressWebhookHandler = webhook(app);
 */
export type ExpressWebhookHandler = (
  req: ExpressLikeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void>;

/**
 * The event URL as an Express handler. The body is read here, as bytes, for the signature: with no body parser
 * before it, or with one whose `verify` keeps `req.rawBody`, or `express.raw()`. If a parser consumed the body and
 * kept nothing, the event is answered 500 at once saying which middleware to move (TeleSign delivers it again),
 * and logged; it never waits.
 *
 * @example
 * server.post('/events', webhook(app));
 * server.use(express.json()); // after: other routes still get JSON
 */
export function webhook(app: WebhookTarget, options: WebhookOptions = {}): ExpressWebhookHandler {
  const resolved = resolveWebhookOptions(app, options);
  return async (req, res, next) => {
    try {
      const found = await eventBodyOf(req, req, resolved.maxBodyBytes);
      const request = {
        method: req.method ?? 'POST',
        path: pathOf(req.originalUrl ?? req.url ?? '/'),
        headers: headerReader(req.headers),
      };
      writeJsonAnswer(res, await dispatch(app, found, request, 'express', resolved));
    } catch (error) {
      next(error);
    }
  };
}
