/**
 * WebSocket mode: instead of exposing an event URL, the adapter connects out to a TeleSign-compatible event socket
 * (`PATHS.eventSocket`, `[ours]`; the simulator serves one), receives each event as a text message, and sends
 * actions back on the socket with the call's `reference_id`. A dropped connection is re-opened with backoff;
 * events sent meanwhile wait on the server side, actions wait here, and the runtime's store keeps every call, so
 * no call is lost.
 *
 * @module
 */
import { PATHS, parseEventJson, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { basicAuthorization, signRequest } from '@ivrkit/protocol/auth';
import WebSocket from 'ws';
import { resolveConfig } from '../client/config.js';
import { backoff } from '../client/retry.js';
import type { AuthScheme } from '../client/send-request.js';
import { type Clock, sleep, systemClock, type TimerHandle } from '../clock.js';
import type { CallRuntime, SendAction } from '../runtime/call-runtime.js';
import { type Logger, redacting, silentLogger } from '../runtime/logger.js';

/** Attempts to apply an event received on the socket before giving up on it (100 ms, 200 ms, … apart). */
const DELIVERY_ATTEMPTS = 5;

/**
 * Options of {@link createSocketTransport}.
 *
 * @example
 * const options: SocketTransportOptions = { url: 'ws://127.0.0.1:8080/v2/voice/events/ws', reconnect: { maxMs: 5_000 } };
 */
export interface SocketTransportOptions {
  /** The socket URL, e.g. `ws://127.0.0.1:8080/v2/voice/events/ws`. Default: `TELESIGN_BASE_URL` + `PATHS.eventSocket`. */
  url?: string;
  /** Default `TELESIGN_CUSTOMER_ID`. */
  customerId?: string;
  /** Default `TELESIGN_API_KEY`. */
  apiKey?: string;
  /** How the upgrade request authenticates. Default `digest`. */
  auth?: AuthScheme;
  /** Reconnect backoff: first wait, doubled per failed attempt up to `maxMs`. Defaults 250 ms and 10 s. */
  reconnect?: { minMs?: number; maxMs?: number };
  clock?: Clock;
  logger?: Logger;
  env?: Readonly<Record<string, string | undefined>>;
  /** Told when the server refuses the credentials (close code 1008): the transport gives up. */
  onFatal?: (error: Error) => void;
}

/**
 * The transport.
 *
 * @example
 * const socket: SocketTransport = createSocketTransport(options);
 * await socket.start(app.runtime);
 */
export interface SocketTransport {
  /** Pass as the runtime's `send`: writes the action on the socket, or queues it until reconnected. */
  readonly send: SendAction;
  /** Feeds received events to `runtime` and opens the connection; resolves once connected. */
  start(runtime: CallRuntime): Promise<void>;
  /** Whether a connection is open now. */
  readonly connected: boolean;
  /** Connections opened so far (1 + reconnects). */
  readonly connections: number;
  /** Events received and not yet answered (being applied, or waiting to be retried). */
  readonly handling: number;
  /** Set when the transport gave up (credentials refused). */
  readonly failure: Error | undefined;
  /** Closes for good. */
  close(): Promise<void>;
}

/**
 * Creates the WebSocket transport.
 *
 * @example
 * const socket = createSocketTransport({ url: 'ws://127.0.0.1:8080/v2/voice/events/ws' });
 * const app = createVoiceApp({ flow, client, store, verify: 'off', send: socket.send });
 * await socket.start(app.runtime);
 */
export function createSocketTransport(options: SocketTransportOptions = {}): SocketTransport {
  const config = resolveConfig(options, options.env ?? process.env);
  const url = new URL(options.url ?? `${config.baseUrl.replace(/^http/, 'ws')}${PATHS.eventSocket}`);
  const credentials = { customerId: config.customerId, apiKey: config.apiKey };
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? redacting(options.logger) : silentLogger;
  const minMs = options.reconnect?.minMs ?? 250;
  const maxMs = options.reconnect?.maxMs ?? 10_000;
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let runtime: CallRuntime | undefined;
  let closed = false;
  let failures = 0;
  let connections = 0;
  let handling = 0;
  let retryTimer: TimerHandle | undefined;
  let firstOpen: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;

  const headers = (): Record<string, string> => {
    if (options.auth === 'basic') return { Authorization: basicAuthorization(credentials) };
    const signed = signRequest(credentials, { method: 'GET', path: url.pathname });
    const { 'Content-Type': _contentType, ...rest } = signed;
    return rest;
  };

  const write = (text: string) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  };

  const onMessage = async (text: string) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      logger.warn({ length: text.length }, 'socket message is not JSON');
      return;
    }
    if (typeof message.event !== 'string') {
      // The answer to an action we sent: `{ reference_id, status, message? }`.
      const level =
        message.status === 'action_accepted' || message.status === 'dial_accepted' ? 'debug' : 'warn';
      logger[level](
        { reference_id: message.reference_id, status: message.status, message: message.message },
        'socket answer',
      );
      return;
    }
    const parsed = parseEventJson(text);
    if (!parsed.ok) {
      logger.warn(
        { reference_id: parsed.issue.referenceId, message: parsed.issue.message },
        parsed.issue.code === 'unknown_event'
          ? 'unknown event type accepted and ignored'
          : 'invalid event ignored',
      );
      return;
    }
    if (!runtime) return;
    // Nobody re-sends an event over a socket: a failure of ours (the store down) is retried here, with backoff.
    const referenceId = parsed.value.reference_id;
    handling++;
    try {
      await deliverWithRetries(parsed.value, referenceId);
    } finally {
      handling--;
    }
  };

  const deliverWithRetries = async (event: VoiceEvent, referenceId: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!runtime) return;
        const delivery = await runtime.deliver(event);
        for (const action of delivery.actions) write(actionMessage(referenceId, action));
        return;
      } catch (error) {
        if (attempt >= DELIVERY_ATTEMPTS || closed) {
          logger.error({ reference_id: referenceId, error, attempt }, 'socket event could not be handled');
          return;
        }
        logger.warn({ reference_id: referenceId, error, attempt }, 'socket event handling failed, retrying');
        await sleep(clock, 100 * 2 ** (attempt - 1));
      }
    }
  };

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(url, { headers: headers() });
    socket = ws;
    ws.on('open', () => {
      connections++;
      failures = 0;
      logger.info({ url: url.origin + url.pathname, connections }, 'event socket connected');
      for (const text of outbox.splice(0)) ws.send(text);
      firstOpen?.resolve();
      firstOpen = undefined;
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) void onMessage(String(data));
    });
    ws.on('error', (error) => {
      logger.warn({ error }, 'event socket error');
    });
    ws.on('close', (code) => {
      if (socket === ws) socket = undefined;
      if (closed) return;
      if (code === 1008) {
        // Policy violation: the server refused our credentials. Retrying will not help.
        logger.error({ code }, 'event socket refused our credentials');
        failure = new Error('the event socket refused the credentials (1008)');
        firstOpen?.reject(failure);
        firstOpen = undefined;
        options.onFatal?.(failure);
        return;
      }
      failures++;
      const wait = backoff(failures, { backoffMs: minMs, maxBackoffMs: maxMs, jitter: 0.5 }, Math.random());
      logger.warn({ code, wait_ms: wait }, 'event socket closed, reconnecting');
      retryTimer = clock.setTimeout(connect, wait);
    });
  };

  return {
    send: async (referenceId, action) => write(actionMessage(referenceId, action)),
    start(target) {
      runtime = target;
      return new Promise<void>((resolve, reject) => {
        firstOpen = { resolve, reject };
        connect();
      });
    },
    get connected() {
      return socket?.readyState === WebSocket.OPEN;
    },
    get handling() {
      return handling;
    },
    get connections() {
      return connections;
    },
    get failure() {
      return failure;
    },
    async close() {
      closed = true;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      const ws = socket;
      socket = undefined;
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(1000, 'client closing');
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 1_000).unref();
        });
      }
    },
  };
}

/** An action as a socket message: the action with the call's `reference_id` at the top level. */
function actionMessage(referenceId: string, action: VoiceAction): string {
  return JSON.stringify({ ...action, reference_id: referenceId });
}
