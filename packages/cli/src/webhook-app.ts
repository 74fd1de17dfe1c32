/**
 * The webhook app of `ivrkit serve` and `ivrkit campaign`: a flow on a store (a file store by default, or one named
 * by a store URL: `store-url.ts`), its event URL listener, and —
 * against a simulator — its event socket; credentials from `TELESIGN_*`, or the simulator's demo credentials.
 *
 * @module
 */
import {
  createJsonLogger,
  createSocketTransport,
  createTeleSignClient,
  createVoiceApp,
  isStoreUnavailableError,
  type Logger,
  type RunningServer,
  type SocketTransport,
  type Store,
  serve,
  type TeleSignClient,
  type VerifyMode,
  type VoiceApp,
} from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import { PATHS } from '@ivrkit/protocol';
import { hmacKeyOf } from '@ivrkit/protocol/auth';
import type { RedisConnection } from '@ivrkit/redis';
import { DEMO_CREDENTIALS } from '@ivrkit/simulator';
import { type CallInspector, inspectedEngine } from './inspect/call-inspection.js';
import { type OpenedStore, openStore, type StoreSpec } from './store-url.js';

/** Options of {@link openWebhookApp}. */
export interface WebhookAppOptions {
  flow: Flow;
  /** Stream each call's statechart to this inspector (`--inspect`). */
  inspector?: CallInspector | undefined;
  /** The simulator's URL; absent: TeleSign, with `TELESIGN_*` credentials. */
  simUrl?: string | undefined;
  port: number;
  host: string;
  /** Path of the event URL. */
  path: string;
  verify: VerifyMode;
  /** Where calls live. */
  store: StoreSpec;
  /** Lost-event recovery's margin (`RecoveryOptions.marginMs`); default `LOST_EVENT_RECOVERY.marginMs`. */
  recoveryMarginMs?: number | undefined;
  logger?: Logger;
  env?: Readonly<Record<string, string | undefined>>;
}

/** A running webhook app. */
export interface WebhookApp {
  app: VoiceApp;
  client: TeleSignClient;
  store: Store;
  /** The Redis connection, when the store is on Redis (campaigns pace on it). */
  redis: RedisConnection | undefined;
  server: RunningServer;
  /** The simulator's event socket, with `simUrl`. */
  socket: SocketTransport | undefined;
  /** Where the voice API is. */
  apiUrl: string;
  /** Live calls found in the store and resumed. */
  resumed: number;
  close(): Promise<void>;
}

/** The credentials are missing: a message for people, naming what to set. */
export class MissingCredentialsError extends Error {
  override readonly name = 'MissingCredentialsError';
}

/**
 * Opens the app and its listener (and socket). Throws {@link MissingCredentialsError} without `simUrl` and without
 * `TELESIGN_CUSTOMER_ID` / `TELESIGN_API_KEY`.
 *
 * @example
 * const hook = await openWebhookApp({ flow, simUrl: 'http://127.0.0.1:8787', port: 8080, host: '127.0.0.1', path: '/events', verify: 'required', store: { kind: 'memory' } });
 */
export async function openWebhookApp(options: WebhookAppOptions): Promise<WebhookApp> {
  const env = options.env ?? process.env;
  const simUrl = options.simUrl?.replace(/\/+$/, '');
  const fromEnv = { customerId: env.TELESIGN_CUSTOMER_ID, apiKey: env.TELESIGN_API_KEY };
  const auth =
    simUrl !== undefined && !(fromEnv.customerId && fromEnv.apiKey)
      ? { customerId: DEMO_CREDENTIALS.customerId, apiKey: DEMO_CREDENTIALS.apiKey }
      : fromEnv;
  if (!auth.customerId || !auth.apiKey) {
    throw new MissingCredentialsError(
      'TeleSign credentials are missing: set TELESIGN_CUSTOMER_ID and TELESIGN_API_KEY, ' +
        'or pass --sim <url> to use a local simulator (start one with: ivrkit sim).',
    );
  }
  const credentials = { customerId: auth.customerId, apiKey: auth.apiKey };
  hmacKeyOf(credentials); // an API key that is not base64 is said now, not at the first event
  const logger = options.logger ?? createJsonLogger();
  const client = createTeleSignClient({ ...credentials, ...(simUrl ? { baseUrl: simUrl } : {}), env });
  const opened: OpenedStore = await openStore(options.store, logger);
  const store = opened.store;
  const socket = simUrl
    ? createSocketTransport({
        ...credentials,
        url: `${simUrl.replace(/^http/, 'ws')}${PATHS.eventSocket}`,
        logger,
        env: {},
      })
    : undefined;
  const app = createVoiceApp({
    flow: options.inspector ? inspectedEngine(options.flow, options.inspector) : options.flow,
    client,
    store,
    verify: { mode: options.verify, ...credentials },
    path: options.path,
    logger,
    env,
    ...(options.recoveryMarginMs === undefined ? {} : { recovery: { marginMs: options.recoveryMarginMs } }),
    ...(opened.scheduler ? { scheduler: opened.scheduler } : {}),
    ...(opened.leases ? { leases: opened.leases } : {}),
    ...(socket ? { send: socket.send } : {}),
  });
  const resumed = await app.resume();
  let server: RunningServer;
  try {
    server = await serve(app, { port: options.port, hostname: options.host });
  } catch (error) {
    await opened.stopSharing();
    await app.close();
    await opened.close();
    throw error;
  }
  if (socket) await Promise.race([socket.start(app.runtime), new Promise((done) => setTimeout(done, 3_000))]);
  return {
    app,
    client,
    store,
    redis: opened.redis,
    server,
    socket,
    apiUrl: simUrl ?? client.baseUrl,
    resumed: resumed.calls,
    async close() {
      await socket?.close();
      await server.close();
      await opened.stopSharing();
      await app.close();
      await opened.close();
    },
  };
}

/**
 * {@link openWebhookApp} for a command: missing credentials and an unreachable store are said on stderr, prefixed
 * by the command's name, and answered `undefined` (the command exits 2); any other failure is thrown.
 *
 * @example
 * const hook = await openWebhookAppOrExplain('serve', { flow, simUrl, port: 8080, host: '127.0.0.1', path: '/events', verify: 'required', store });
 * if (!hook) return 2;
 */
export async function openWebhookAppOrExplain(
  command: string,
  options: WebhookAppOptions,
): Promise<WebhookApp | undefined> {
  try {
    return await openWebhookApp(options);
  } catch (error) {
    if (!(error instanceof MissingCredentialsError || isStoreUnavailableError(error))) throw error;
    process.stderr.write(`ivrkit ${command}: ${error.message}\n`);
    return undefined;
  }
}
