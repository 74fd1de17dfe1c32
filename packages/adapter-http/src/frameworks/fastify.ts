/**
 * `@ivrkit/adapter-http/fastify`: a `VoiceApp` on Fastify.
 *
 * ```ts
 * import Fastify from 'fastify';
 * import { webhookPlugin } from '@ivrkit/adapter-http/fastify';
 *
 * const server = Fastify();
 * await server.register(webhookPlugin, { app, path: '/events' });
 * ```
 *
 * Fastify parses JSON bodies before a route runs, and the signature needs the bytes TeleSign sent: the plugin
 * replaces the content-type parsers inside its own encapsulated scope with one that keeps the body as bytes, so
 * the rest of the server still gets parsed JSON.
 *
 * @module
 */
import { headerReader, LIMITS } from '@ivrkit/protocol';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from '../runtime/buffered-request.js';
import { dispatch, resolveWebhookOptions, type WebhookOptions, type WebhookTarget } from './dispatch.js';
import { eventBodyOf } from './node-body.js';

export type { WebhookOptions, WebhookTarget } from './dispatch.js';

/**
 * Options of {@link webhookPlugin}.
 *
 * @example
 * await server.register(webhookPlugin, { app, path: '/telesign/events' });
 */
export interface WebhookPluginOptions extends WebhookOptions {
  /** The app to serve. */
  app: WebhookTarget;
  /** The event URL's path, under the plugin's prefix. Default `/events`. */
  path?: string;
}

/**
 * A Fastify route handler for the event URL, for a route whose body arrives as bytes (a content-type parser with
 * `parseAs: 'buffer'` or `'string'`, or `request.rawBody` from `fastify-raw-body`). Under Fastify's default JSON
 * parser the body is already an object: the event is answered 500 at once saying to use {@link webhookPlugin}
 * (TeleSign delivers it again), and logged; it never waits.
 *
 * @example
 * server.post('/events', webhook(app)); // inside a scope with a buffer content-type parser
 */
export function webhook(
  app: WebhookTarget,
  options: WebhookOptions = {},
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const resolved = resolveWebhookOptions(app, options);
  return async (request, reply) => {
    const kept = request as FastifyRequest & { rawBody?: unknown };
    const found = await eventBodyOf(
      request.raw,
      { body: kept.body, rawBody: kept.rawBody },
      resolved.maxBodyBytes,
    );
    const answer = await dispatch(
      app,
      found,
      { method: request.method, path: pathOf(request.url), headers: headerReader(request.headers) },
      'fastify',
      resolved,
    );
    reply.code(answer.status);
    if (answer.body === null) await reply.send();
    else await reply.type('application/json').send(answer.body);
  };
}

/**
 * A Fastify plugin serving the event URL: `POST path` with the body kept as bytes, in the plugin's own scope.
 *
 * @example
 * await server.register(webhookPlugin, { app, path: '/events', maxBodyBytes: 16 * 1024 });
 */
export const webhookPlugin: FastifyPluginAsync<WebhookPluginOptions> = async (scope, options) => {
  const { app, path = '/events', ...rest } = options;
  const handler = webhook(app, rest);
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: rest.maxBodyBytes ?? LIMITS.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );
  scope.post(path, handler);
};
