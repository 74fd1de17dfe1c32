/**
 * `@ivrkit/adapter-http/hono`: a `VoiceApp` as a Hono handler.
 *
 * ```ts
 * import { Hono } from 'hono';
 * import { webhook } from '@ivrkit/adapter-http/hono';
 *
 * const server = new Hono();
 * server.post('/events', webhook(app));
 * ```
 *
 * @module
 */
import { BodyTooLargeError, readBodyLimited } from '@ivrkit/protocol';
import type { Context } from 'hono';
import { toResponse } from '../runtime/voice-app.js';
import { dispatch, resolveWebhookOptions, type WebhookOptions, type WebhookTarget } from './dispatch.js';
import type { EventBody } from './node-body.js';

export type { WebhookOptions, WebhookTarget } from './dispatch.js';

/**
 * The event URL as a Hono handler. The body is read here for the signature; when a middleware read it before
 * through `c.req.text()`, `c.req.json()` or `c.req.arrayBuffer()`, Hono kept the text or bytes and they are used.
 * A body read from `c.req.raw` with nothing kept is answered 500 at once saying what to move (TeleSign delivers
 * the event again), and logged; it never waits.
 *
 * @example
 * server.post('/events', webhook(app));
 */
export function webhook(app: WebhookTarget, options: WebhookOptions = {}): (c: Context) => Promise<Response> {
  const resolved = resolveWebhookOptions(app, options);
  return async (c) => {
    const found = await bodyOf(c, resolved.maxBodyBytes);
    const request = { method: c.req.method, path: c.req.path, headers: c.req.raw.headers };
    return toResponse(await dispatch(app, found, request, 'hono', resolved));
  };
}

async function bodyOf(c: Context, maxBodyBytes: number): Promise<EventBody> {
  const { raw, bodyCache } = c.req;
  if (!raw.bodyUsed) {
    try {
      return { kind: 'text', text: await readBodyLimited(raw, maxBodyBytes) };
    } catch (error) {
      if (error instanceof BodyTooLargeError) return { kind: 'too-large', error };
      throw error;
    }
  }
  // Hono caches what a middleware read: text (also what c.req.json() parsed) and bytes are the exact body.
  let text: string | undefined;
  if (bodyCache.text) text = await bodyCache.text;
  else if (bodyCache.arrayBuffer) text = new TextDecoder().decode(await bodyCache.arrayBuffer);
  else if (bodyCache.blob) text = await (await bodyCache.blob).text();
  if (text === undefined) return { kind: 'already-read' };
  const size = new TextEncoder().encode(text).byteLength;
  if (size > maxBodyBytes) return { kind: 'too-large', error: new BodyTooLargeError(maxBodyBytes, size) };
  return { kind: 'text', text };
}
