/**
 * Entry of a server child process (spawned by `spawnServer`): serves one event URL on 127.0.0.1 and talks to its
 * parent over IPC. Modes:
 * - `bare`: a plain `node:http` server answering every POST, once its body is read, with one constant action —
 *   the floor any webhook server pays for HTTP;
 * - `adapter`: `createVoiceApp` with the bench flow, signature checking required, on a memory or file store,
 *   served by the adapter's own `node:http` listener.
 *
 * IPC: the child sends `{ type: 'ready', port, runs }` (`runs`: the adapter module it resolved and its Node
 * flags); it answers `{ type: 'memory' }` with `{ type: 'memory', usage }` (after a full GC when run with
 * `--expose-gc`).
 *
 * Arguments: `--mode bare|adapter --store memory|file --dir <path> --port <n> [--telesign <base url>]`. With
 * `--telesign` (a simulator's URL) the adapter gets a real TeleSign client, so it tells repeated events from
 * duplicate deliveries through the Call Query API; without it, no REST call is possible and it uses its time
 * window (fine for the throughput figure, whose calls have no two events with the same content).
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import {
  createFileStore,
  createMemoryStore,
  createTeleSignClient,
  type Store,
  serve,
} from '@ivrkit/adapter-http';
import { createBenchApp, INLINE_ONLY_CLIENT, scaledClock } from '../bench-app.js';
import { BENCH_CREDENTIALS } from '../credentials.js';

/** The action the bare server answers with: the size and shape of the adapter's first answer. */
export const CONSTANT_ACTION = JSON.stringify({
  method: 'speak',
  params: {
    tts: { message: 'Welcome to Example Bank. For your balance, press 1.', language: 'en-US' },
    collect_digits: { max: 1 },
  },
});

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'adapter' },
    store: { type: 'string', default: 'memory' },
    dir: { type: 'string', default: '' },
    port: { type: 'string', default: '0' },
    telesign: { type: 'string' },
    speed: { type: 'string', default: '1' },
  },
});
const port = Number(values.port);

async function startBare(): Promise<number> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(CONSTANT_ACTION),
      });
      response.end(CONSTANT_ACTION);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startAdapter(): Promise<number> {
  const store: Store =
    values.store === 'file' ? await createFileStore({ dir: String(values.dir) }) : createMemoryStore();
  const app = createBenchApp(
    store,
    values.telesign
      ? createTeleSignClient({ ...BENCH_CREDENTIALS, baseUrl: values.telesign, env: {} })
      : INLINE_ONLY_CLIENT,
    Number(values.speed) === 1 ? undefined : scaledClock(Number(values.speed)),
  );
  await app.resume();
  const running = await serve(app, { port, hostname: '127.0.0.1' });
  return running.port;
}

const boundPort = values.mode === 'bare' ? await startBare() : await startAdapter();
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'memory', usage: process.memoryUsage() });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
// What this process runs, for the parent to show: the adapter module it resolved (`src/…ts` through the source
// condition, or `dist/…js`), and Node's flags (a loader shows here).
process.send?.({
  type: 'ready',
  port: boundPort,
  runs: { adapter: import.meta.resolve('@ivrkit/adapter-http'), execArgv: process.execArgv },
});
