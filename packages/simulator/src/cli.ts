/**
 * `pnpm sim`: runs the simulator on a real clock over HTTP and WebSocket, printing its URL and credentials.
 *
 * Flags: `--port` (default 8787), `--host` (127.0.0.1), `--customer-id`, `--api-key` (default: the demo
 * credentials), `--numbers` (comma-separated, leased from the start), `--event-url`, `--speed` (default 1),
 * `--seed` (default: a fresh one per run, printed, so that reference ids never repeat across restarts — a
 * customer's store may still hold the last run's calls — while any run can be reproduced).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isLoopbackAddress, PATHS } from '@ivrkit/protocol';
import { hmacKeyOf } from '@ivrkit/protocol/auth';
import { DEMO_CREDENTIALS, DEMO_NUMBER } from './defaults.js';
import { serveSimulator } from './node.js';
import { createSimulator } from './simulator.js';

/**
 * `[sim]` The CLI's default port.
 *
 * @example
 * await main([]); // listens on 127.0.0.1:8787
 */
export const DEFAULT_PORT = 8787;

/**
 * Parses the flags and starts the simulator; resolves to a function that stops it.
 *
 * @example
 * const stop = await main(['--port', '0', '--speed', '10']);
 */
export async function main(
  argv: string[],
  log: (line: string) => void = console.log,
): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      'customer-id': { type: 'string', default: DEMO_CREDENTIALS.customerId },
      'api-key': { type: 'string', default: DEMO_CREDENTIALS.apiKey },
      numbers: { type: 'string', default: DEMO_NUMBER },
      'event-url': { type: 'string' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  const speed = Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port: expected 0-65535, got ${values.port}`);
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new Error(`--speed: expected a number > 0, got ${values.speed}`);
  const credentials = { customerId: values['customer-id'], apiKey: values['api-key'] };
  hmacKeyOf(credentials); // throws CredentialsError for a key that is not base64
  const numbers = values.numbers
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const seed = values.seed ?? String(randomInt(1, 2 ** 47));
  const sim = createSimulator({
    credentials,
    numbers,
    clock: 'real',
    speed,
    ...(values['event-url'] === undefined ? {} : { eventUrl: values['event-url'] }),
    seed,
  });
  const http = await serveSimulator(sim, { port, host: values.host });
  log(`TeleSign simulator listening on ${http.url}  (speed ×${speed})`);
  log(`  customer id:  ${credentials.customerId}`);
  log(`  api key:      ${credentials.apiKey}`);
  log(`  numbers:      ${numbers.join(', ')}`);
  log(`  event URL:    ${values['event-url'] ?? `(none: events go to ${http.socketUrl})`}`);
  log(`  seed:         ${seed}  (--seed ${seed} reproduces this run)`);
  log(`  voice API:    POST ${http.url}${PATHS.voice}`);
  log(`  control API:  ${http.url}${PATHS.simulatorControl}/state`);
  if (!isLoopbackAddress(values.host)) {
    log(
      `  WARNING: bound to ${values.host}, not loopback: the control API (${PATHS.simulatorControl}) is ` +
        'unauthenticated, so anyone who can reach this port can place calls and read their transcripts.',
    );
  }
  return () => http.close();
}

const isEntry =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then(
    (stop) => {
      const shutdown = (): void => {
        void stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
