/**
 * `ivrkit sim`: runs the TeleSign simulator alone on a real clock over HTTP and WebSocket, printing its URL and
 * credentials, until Ctrl-C.
 *
 * `--seed` defaults to a fresh one per run, printed, so that reference ids never repeat across restarts (a
 * customer's store may still hold the last run's calls) while any run can be reproduced.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { isLoopbackAddress, PATHS } from '@ivrkit/protocol';
import { type Credentials, hmacKeyOf } from '@ivrkit/protocol/auth';
import { createSimulator, DEMO_CREDENTIALS, DEMO_NUMBER } from '@ivrkit/simulator';
import { type ServedSimulator, serveSimulator } from '@ivrkit/simulator/node';
import { numberFlag, parseFlags, portFlag } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { untilSignal } from '../signals.js';

/** `ivrkit sim`'s default port (also where `ivrkit call` looks for a simulator when not told). */
export const DEFAULT_SIM_PORT = 8787;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'customer-id': { type: 'string', default: DEMO_CREDENTIALS.customerId },
  'api-key': { type: 'string', default: DEMO_CREDENTIALS.apiKey },
  numbers: { type: 'string', default: DEMO_NUMBER },
  'event-url': { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string' },
  offer: { type: 'string' },
} as const;

const usage = `Usage: ivrkit sim [options]

Runs a local fake of TeleSign's Voice API (/v2/voice, events over HTTP or WebSocket, the control API /_sim) on a
real clock until Ctrl-C.

Options:
  --port <n>          port to listen on (default ${DEFAULT_SIM_PORT}; 0 picks a free one)
  --host <addr>       address to listen on (default 127.0.0.1)
  --customer-id <id>  the customer id it accepts (default: the demo credentials)
  --api-key <base64>  the API key it accepts (default: the demo credentials)
  --numbers <list>    comma-separated numbers leased from the start (default ${DEMO_NUMBER})
  --event-url <url>   where events are posted (default: none; they go over the WebSocket)
  --speed <x>         clock speed, e.g. 10 plays a 10 s prompt in 1 s (default 1)
  --seed <n>          seed of reference ids and generated behaviour (default: a fresh one, printed)
  --offer <list>      [ours] powers beyond TeleSign's API: call-query, event-socket (default: none, or
                      event-socket when there is no --event-url, so that events have somewhere to go)`;

/** The `[ours]` powers `--offer` names; without it, the event socket when events have no URL to go to. */
function offeredPowers(offer: string | undefined, noEventUrl: boolean): string[] {
  if (offer === undefined) return noEventUrl ? ['event-socket'] : [];
  const offered = offer
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of offered) {
    if (item !== 'call-query' && item !== 'event-socket') {
      throw new UsageError(`--offer: expected a list of call-query, event-socket, got ${item}`);
    }
  }
  return offered;
}

function credentialsOf(values: { 'customer-id': string; 'api-key': string }): Credentials {
  const credentials = { customerId: values['customer-id'], apiKey: values['api-key'] };
  try {
    hmacKeyOf(credentials);
  } catch (error) {
    throw new UsageError(`--api-key: ${error instanceof Error ? error.message : String(error)}`);
  }
  return credentials;
}

/**
 * Starts a simulator from `ivrkit sim`'s flags and prints where it is; resolves to the served simulator (the
 * command closes it on Ctrl-C). Exported for tests.
 *
 * @example
 * const served = await startSim(['--port', '0', '--speed', '10'], console.log);
 * await served.close();
 */
export async function startSim(args: string[], log: (line: string) => void): Promise<ServedSimulator> {
  const { values, positionals } = parseFlags(args, FLAGS, true);
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const port = portFlag('--port', values.port, DEFAULT_SIM_PORT);
  const speed = numberFlag('--speed', values.speed, 1, { min: 0.001, max: 10_000 });
  const credentials = credentialsOf(values);
  const numbers = values.numbers
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const seed = values.seed ?? String(randomInt(1, 2 ** 47));
  const offered = offeredPowers(values.offer, values['event-url'] === undefined);
  const sim = createSimulator({
    credentials,
    numbers,
    clock: 'real',
    speed,
    ...(values['event-url'] === undefined ? {} : { eventUrl: values['event-url'] }),
    seed,
    offer: { callQuery: offered.includes('call-query'), eventSocket: offered.includes('event-socket') },
  });
  const served = await serveSimulator(sim, { port, host: values.host });
  log(`TeleSign simulator listening on ${served.url}  (speed ×${speed})`);
  log(`  customer id:  ${credentials.customerId}`);
  log(`  api key:      ${credentials.apiKey}`);
  log(`  numbers:      ${numbers.join(', ')}`);
  log(
    `  event URL:    ${values['event-url'] ?? (offered.includes('event-socket') ? `(none: events go to ${served.socketUrl})` : '(none: set --event-url)')}`,
  );
  log(`  [ours]:       ${offered.length > 0 ? offered.join(', ') : 'none — as TeleSign publishes'}`);
  log(`  seed:         ${seed}  (--seed ${seed} reproduces this run)`);
  log(`  voice API:    POST ${served.url}${PATHS.voice}`);
  log(`  control API:  ${served.url}${PATHS.simulatorControl}/state`);
  if (!isLoopbackAddress(values.host)) {
    log(
      `  WARNING: bound to ${values.host}, not loopback: the control API (${PATHS.simulatorControl}) is ` +
        'unauthenticated, so anyone who can reach this port can place calls and read their transcripts.',
    );
  }
  log('Press Ctrl-C to stop.');
  return served;
}

const command: Command = {
  summary: 'run the TeleSign simulator alone, on a real clock, until Ctrl-C',
  usage,
  async run(args) {
    const served = await startSim(args, console.log);
    await untilSignal();
    await served.close();
    return 0;
  },
};

export default command;
