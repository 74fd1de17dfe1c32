/**
 * `createVoiceApp`: a flow served on an event URL — verify, bound, parse, route by `reference_id`, step, answer —
 * as a buffered handler (`handle`, what `serve(app)` runs on `node:http`) and as a Web-standard
 * `fetch(Request) → Response` for any other server (Hono, Express, Fastify, Bun, Deno).
 *
 * @module
 */

import type { Flow } from '@ivrkit/machines';
import {
  BodyTooLargeError,
  type BufferedHandler,
  type BufferedRequest,
  type JsonAnswer,
  LIMITS,
  OUR_RESPONSE_STATUS,
  parseEventJson,
  readBodyLimited,
  type VoiceAction,
  type VoiceResponseBody,
} from '@ivrkit/protocol';
import type { DialParams, TeleSignClient } from '../client/client.js';
import type { Clock } from '../clock.js';
import { bodyAlreadyRead } from '../frameworks/already-read.js';
import { isStoreUnavailableError, type Store } from '../store/store.js';
import { callQueryRecovery } from './call-query-recovery.js';
import { type CallRuntime, createCallRuntime, type RuntimeNotice, type SendAction } from './call-runtime.js';
import { engineFromFlow } from './engine-from-flow.js';
import type { FlowEngine } from './flow-engine.js';
import type { DeliveryRules } from './input-rules.js';
import { createJsonLogger, type Logger, redacting } from './logger.js';
import type { LookupLeases } from './lookup-leases.js';
import type { RecoveryOptions } from './recovery-rules.js';
import { callQueryRepeatResolver } from './repeat-resolver.js';
import type { Scheduler } from './scheduler.js';
import { createCallbackVerifier, type VerifyOption } from './verify.js';

/**
 * Options of {@link createVoiceApp}.
 *
 * @example
 * const options: VoiceAppOptions = { flow: bankFlow, client, store, verify: 'required', answerBudgetMs: 1_000 };
 */
export interface VoiceAppOptions {
  /** The flow: an `@ivrkit/machines` flow, or any {@link FlowEngine}. */
  flow: Flow | FlowEngine;
  /** Sends actions that do not fit in an event's answer, and places outbound calls. */
  client: Pick<TeleSignClient, 'sendAction' | 'dial'> & Partial<Pick<TeleSignClient, 'calls'>>;
  /** Where calls live. Use `createFileStore` (survives restarts) or a shared store; `createMemoryStore` in tests. */
  store: Store;
  /**
   * Event signature checking: `'required'` (default), `'optional'` or `'off'`, optionally with the credentials to
   * verify with (default: `TELESIGN_CUSTOMER_ID` / `TELESIGN_API_KEY`).
   */
  verify?: VerifyOption;
  /** Largest accepted event body. Default `LIMITS.maxBodyBytes` (64 KiB). */
  maxBodyBytes?: number;
  /** How long an answer may wait for lookups before answering empty and sending later. Default 1,500 ms. */
  answerBudgetMs?: number;
  /** The clock of the answer budget (default `clock`); see `CallRuntimeOptions.budgetClock`. */
  budgetClock?: Clock;
  /** Abort a lookup after this long. Default 30,000 ms. */
  lookupTimeoutMs?: number;
  /**
   * How a repeated event (same content as one applied before) is told from a redelivery, and how lost events are
   * found: `'call-query'` (default when the client has `calls`) asks the `[ours]` Call Query API first — exact where
   * the account has it; a host answering 404 is asked once, then the delivery model's rules decide. `'rules'` never
   * asks (`'window'` is its former name). See ARCHITECTURE.md, "Delivery model".
   */
  repeats?: 'call-query' | 'rules' | 'window';
  /** The delivery model's bounds. Defaults: `REDELIVERY` (`@ivrkit/protocol`). */
  redelivery?: Partial<DeliveryRules>;
  /**
   * Lost-event recovery: its bounds and fallback (re-send the awaited prompt, then a closing prompt and `hangup`).
   * Defaults: `LOST_EVENT_RECOVERY` (`@ivrkit/protocol`).
   */
  recovery?: Partial<RecoveryOptions>;
  /** Live calls whose records this process keeps between inputs (see `CallRuntimeOptions`). Default 10,000. */
  recordCacheSize?: number;
  /** Where calls' deadlines live (see `CallRuntimeOptions.scheduler`): a shared one for several processes. */
  scheduler?: Scheduler;
  /** Leases on pending lookups, for several processes (see `CallRuntimeOptions.leases`). */
  leases?: LookupLeases;
  /** The path events are POSTed to; other paths answer 404. Default: any path. */
  path?: string;
  /** How actions travel outside an answer. Default: `client.sendAction`. */
  send?: SendAction;
  logger?: Logger;
  clock?: Clock;
  /** Environment for credential fallbacks. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The app.
 *
 * @example
 * const app: VoiceApp = createVoiceApp(options);
 * await app.resume();
 * await serve(app, { port: 8080 });
 */
export interface VoiceApp extends BufferedHandler {
  /** The Web-standard handler of the event URL. `GET /healthz` answers 200. */
  fetch(request: Request): Promise<Response>;
  /**
   * The same handler on a request whose body is already read: what `serve(app)` and `toNodeListener(app)` use,
   * without building Web `Request` / `Response` objects. A body over `maxBodyBytes` is refused with 413, but
   * only once read: a server calling this should stop reading at the limit, as `toNodeListener` does.
   */
  handle(request: BufferedRequest): Promise<JsonAnswer>;
  /** The runtime under the handler (also fed by the WebSocket and polling drivers). */
  readonly runtime: CallRuntime;
  /** Places an outbound call running this flow; its record exists before its first event. */
  dial(params: DialParams, options?: { tags?: Record<string, string> }): Promise<VoiceResponseBody>;
  /** Re-arms timers and lookups of live calls after a restart. Call once at start-up. */
  resume(): ReturnType<CallRuntime['resume']>;
  /** Listens to the runtime's notices. */
  subscribe(listener: (notice: RuntimeNotice) => void): () => void;
  /** Resolves when no work is in progress. */
  idle(): Promise<void>;
  /** Stops timers and lookups; the store keeps everything for the next start. */
  close(): Promise<void>;
  /** Where the app logs (the `logger` option, or JSON lines on stderr); the framework helpers log here too. */
  readonly logger: Logger;
}

/**
 * Creates the webhook app of a flow.
 *
 * @example
 * const client = createTeleSignClient();
 * const app = createVoiceApp({ flow: bankFlow, client, store: await createFileStore({ dir: '.ivrkit-data' }) });
 * await app.resume();
 * createServer(toNodeListener(app)).listen(8080);
 */
export function createVoiceApp(options: VoiceAppOptions): VoiceApp {
  const logger = redacting(options.logger ?? createJsonLogger());
  const verifyOption = options.verify ?? 'required';
  const verifyMode = typeof verifyOption === 'string' ? verifyOption : verifyOption.mode;
  const verify = createCallbackVerifier(verifyOption, options.env ?? process.env);
  if (verifyMode === 'off') {
    logger.warn(
      {},
      "verify: 'off' — event signatures are not checked: anyone who can reach the event URL can act on calls",
    );
  }
  const callQuery =
    options.repeats !== 'window' && options.repeats !== 'rules' ? options.client.calls : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.maxBodyBytes;
  const send: SendAction =
    options.send ??
    (async (referenceId, action) => {
      await options.client.sendAction(referenceId, action);
    });
  const runtime = createCallRuntime({
    engine: 'step' in options.flow ? options.flow : engineFromFlow(options.flow),
    store: options.store,
    send,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.budgetClock ? { budgetClock: options.budgetClock } : {}),
    ...(options.answerBudgetMs === undefined ? {} : { answerBudgetMs: options.answerBudgetMs }),
    ...(options.lookupTimeoutMs === undefined ? {} : { lookupTimeoutMs: options.lookupTimeoutMs }),
    ...(options.redelivery ? { redelivery: options.redelivery } : {}),
    ...(options.recovery ? { recovery: options.recovery } : {}),
    ...(options.recordCacheSize === undefined ? {} : { recordCacheSize: options.recordCacheSize }),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.leases ? { leases: options.leases } : {}),
    ...(callQuery
      ? {
          resolveRepeat: callQueryRepeatResolver({ calls: callQuery }),
          recoverEvents: callQueryRecovery({ calls: callQuery }),
        }
      : {}),
  });

  async function handleRequest(request: BufferedRequest): Promise<JsonAnswer> {
    if (request.method === 'GET' && request.path === '/healthz') return json(200, { status: 'ok' });
    if (options.path !== undefined && request.path !== options.path) {
      return json(404, { status: OUR_RESPONSE_STATUS.notFound, message: `no route for ${request.path}` });
    }
    if (request.method !== 'POST') {
      return json(405, { status: OUR_RESPONSE_STATUS.methodNotAllowed, message: 'events are POSTed' });
    }
    const { body } = request;
    const verdict = verify(body, request.headers);
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason }, 'event refused');
      return json(401, { status: 'not_authorized', message: verdict.reason });
    }
    if (!verdict.signed && verifyMode === 'optional') {
      logger.warn(
        { path: request.path },
        "unsigned event accepted (verify: 'optional'): anyone who can reach the event URL can act on calls",
      );
    }
    const parsed = parseEventJson(body, { maxBytes: maxBodyBytes });
    if (!parsed.ok) {
      const { issue } = parsed;
      if (issue.code === 'unknown_event') {
        // TeleSign may add events: accept them so it does not retry, and leave the call alone.
        logger.warn(
          {
            reference_id: issue.referenceId,
            received: issue.received,
          },
          'unknown event type accepted and ignored',
        );
        return { status: 200, body: null };
      }
      if (issue.code === 'too_large') {
        return json(413, { status: OUR_RESPONSE_STATUS.requestTooLarge, message: issue.message });
      }
      logger.warn({ reference_id: issue.referenceId, message: issue.message }, 'invalid event refused');
      return json(400, { status: OUR_RESPONSE_STATUS.invalidRequest, message: issue.message });
    }
    const delivery = await runtime.deliver(parsed.value);
    return answerJson(delivery.actions);
  }

  async function handle(request: BufferedRequest): Promise<JsonAnswer> {
    try {
      return await handleRequest(request);
    } catch (error) {
      if (isStoreUnavailableError(error)) {
        // The store (a shared one's server) cannot be reached: 503, and TeleSign delivers the event again.
        logger.warn({ error }, 'store unavailable: event refused for now');
        return json(503, {
          status: OUR_RESPONSE_STATUS.storeUnavailable,
          message: 'the call state store is unavailable; deliver the event again',
        });
      }
      // A 500 makes TeleSign deliver the event again: nothing was applied, so nothing is lost.
      logger.error({ error }, 'event handling failed');
      return json(500, {
        status: OUR_RESPONSE_STATUS.internalError,
        message: 'the event could not be handled',
      });
    }
  }

  return {
    async fetch(request) {
      let body = '';
      if (request.bodyUsed) {
        const path = new URL(request.url).pathname;
        return toResponse(bodyAlreadyRead('fetch', logger, path));
      }
      if (request.method === 'POST') {
        try {
          body = await readBodyLimited(request, maxBodyBytes);
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            logger.warn({ limit: maxBodyBytes }, 'event body too large');
            return toResponse(
              json(413, { status: OUR_RESPONSE_STATUS.requestTooLarge, message: error.message }),
            );
          }
          logger.warn({ error }, 'event body could not be read');
          return toResponse(
            json(400, { status: OUR_RESPONSE_STATUS.invalidRequest, message: 'the body could not be read' }),
          );
        }
      }
      const path = new URL(request.url).pathname;
      return toResponse(await handle({ method: request.method, path, headers: request.headers, body }));
    },
    handle,
    runtime,
    async dial(params, dialOptions = {}) {
      const answerBody = await options.client.dial(params);
      await runtime.register(answerBody.reference_id, {
        ...(dialOptions.tags ? { tags: dialOptions.tags } : {}),
        dial: { method: 'dial', params },
      });
      logger.info({ reference_id: answerBody.reference_id }, 'call dialled');
      return answerBody;
    },
    resume: () => runtime.resume(),
    subscribe: (listener) => runtime.subscribe(listener),
    idle: () => runtime.idle(),
    close: () => runtime.close(),
    logger,
  };
}

/**
 * The HTTP answer to an event: the action as the body (a JSON array when there are several), or an empty 200.
 *
 * @example
 * answer([{ method: 'hangup', params: {} }]); // 200 {"method":"hangup","params":{}}
 */
export function answer(actions: readonly VoiceAction[]): Response {
  return toResponse(answerJson(actions));
}

/**
 * {@link answer} as a {@link JsonAnswer}.
 *
 * @example
 * answerJson([]); // { status: 200, body: null }
 */
export function answerJson(actions: readonly VoiceAction[]): JsonAnswer {
  if (actions.length === 0) return { status: 200, body: null };
  return json(200, actions.length === 1 ? actions[0] : actions);
}

/**
 * A Web `Response` of a {@link JsonAnswer}.
 *
 * @example
 * toResponse({ status: 200, body: null }); // an empty 200
 */
export function toResponse(answer: JsonAnswer): Response {
  if (answer.body === null) return new Response(null, { status: answer.status });
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
}

function json(status: number, body: unknown): JsonAnswer {
  return { status, body: JSON.stringify(body) };
}
