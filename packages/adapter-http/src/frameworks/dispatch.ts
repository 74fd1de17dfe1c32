/**
 * What every framework helper shares: its options, and turning a found body into the app's answer.
 *
 * @module
 */
import {
  type BufferedHandler,
  type HeaderReader,
  type JsonAnswer,
  LIMITS,
  OUR_RESPONSE_STATUS,
} from '@ivrkit/protocol';
import { createJsonLogger, type Logger, redacting } from '../runtime/logger.js';
import { bodyAlreadyRead, type WebhookHost } from './already-read.js';
import type { EventBody } from './node-body.js';

/**
 * What a framework helper serves: a `VoiceApp` (or any buffered handler, with the logger it logs to).
 *
 * @example
 * const target: WebhookTarget = createVoiceApp({ flow, client, store });
 */
export type WebhookTarget = BufferedHandler & { readonly logger?: Logger };

/**
 * Options of the framework helpers.
 *
 * @example
 * expressApp.post('/events', webhook(app, { maxBodyBytes: 16 * 1024 }));
 */
export interface WebhookOptions {
  /** Largest event body read; a larger one is answered 413. Default `LIMITS.maxBodyBytes` (64 KiB). */
  maxBodyBytes?: number;
  /** Where a misconfiguration is logged. Default: the app's logger, else JSON lines on stderr. */
  logger?: Logger;
}

/** The options resolved against the target. */
export interface ResolvedWebhookOptions {
  maxBodyBytes: number;
  logger: Logger;
}

/**
 * Fills in the defaults of {@link WebhookOptions}.
 *
 * @example
 * const { maxBodyBytes, logger } = resolveWebhookOptions(app, {});
 */
export function resolveWebhookOptions(
  target: WebhookTarget,
  options: WebhookOptions,
): ResolvedWebhookOptions {
  return {
    maxBodyBytes: options.maxBodyBytes ?? LIMITS.maxBodyBytes,
    logger: redacting(options.logger ?? target.logger ?? createJsonLogger()),
  };
}

/**
 * Answers a request whose body was looked for: the app's answer, a 413, or the 500 of a body read too early.
 *
 * @example
 * const answer = await dispatch(app, found, { method, path, headers }, 'express', resolved);
 */
export async function dispatch(
  target: WebhookTarget,
  found: EventBody,
  request: { method: string; path: string; headers: HeaderReader },
  host: WebhookHost,
  options: ResolvedWebhookOptions,
): Promise<JsonAnswer> {
  if (found.kind === 'already-read') return bodyAlreadyRead(host, options.logger, request.path);
  if (found.kind === 'too-large') {
    options.logger.warn({ path: request.path, limit: options.maxBodyBytes }, 'event body too large');
    return {
      status: 413,
      body: JSON.stringify({ status: OUR_RESPONSE_STATUS.requestTooLarge, message: found.error.message }),
    };
  }
  return target.handle({ ...request, body: found.text });
}
