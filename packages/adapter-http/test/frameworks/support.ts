/**
 * What the framework tests share: a simulator delivering signed events over real loopback HTTP to a framework's
 * server, a voice app for it, and a signed event posted by hand (signed with the function the simulator uses).
 */
import { signCallback } from '@ivrkit/protocol/auth';
import { createSimulator, createVirtualClock, type Simulator } from '@ivrkit/simulator';
import type { WebhookTarget } from '../../src/frameworks/dispatch.js';
import {
  createMemoryLogger,
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  systemClock,
  type VoiceApp,
} from '../../src/index.js';
import { balanceFlow, incoming } from '../fixtures.js';
import { adapterClock } from '../sim-helpers.js';

/** A server of a framework on an ephemeral loopback port. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Creates an app; `serveWith` mounts it in a framework and returns the server, whose URL the simulator posts to. */
export async function simulatedCall(
  serveWith: (app: WebhookTarget) => Promise<Served>,
  eventPath = '/events',
) {
  const clock = createVirtualClock();
  const logger = createMemoryLogger();
  let app: VoiceApp | undefined;
  // The server needs its URL before the simulator exists, and the app needs the simulator's credentials.
  const forward = {
    handle: (request: Parameters<VoiceApp['handle']>[0]) => (app as VoiceApp).handle(request),
    logger,
  };
  const served = await serveWith(forward);
  const sim: Simulator = createSimulator({
    clock,
    eventUrl: `${served.url}${eventPath}`,
    // Over real sockets an answer takes real milliseconds: hold virtual time long enough for it.
    eventDelivery: { replyGraceMs: 250 },
  });
  app = createVoiceApp({
    flow: balanceFlow(async () => '12.50'),
    client: createTeleSignClient({
      ...sim.credentials,
      baseUrl: 'http://sim.test',
      fetch: sim.fetch,
      clock: systemClock,
      env: {},
    }),
    store: createMemoryStore(),
    verify: { mode: 'required', ...sim.credentials },
    clock: adapterClock(clock),
    budgetClock: systemClock,
    logger,
  });
  const call = sim.placeInboundCall({
    to: sim.numbers()[0] as string,
    from: '15558675309',
    caller: {
      rules: [
        { prompt: 1, press: '1' },
        { prompt: 2, press: '1234' },
      ],
    },
  });
  try {
    await sim.runUntilIdle({ maxVirtualMs: 120_000 });
    const heard = sim
      .transcript(call.reference_id)
      .entries.flatMap((entry) => (entry.kind === 'heard' ? [entry.text] : []));
    return { heard, violations: sim.violations(), logger };
  } finally {
    await sim.close();
    await app.close();
    await served.close();
  }
}

/** The prompts of the simulated call, in order, when every event was answered. */
export const WHOLE_CALL = [
  'Press 1 for your balance, 2 to leave.',
  'Enter your account number.',
  'Your balance is 12.50.',
  'Goodbye.',
];

/** Test credentials for hand-posted events. */
export const credentials = { customerId: 'FFFFFFFF-EEEE-DDDD-1234-AB1234567890', apiKey: 'eW91ckFwaUtleQ==' };

/** An app verifying signatures with {@link credentials}, logging to memory. */
export function testApp() {
  const logger = createMemoryLogger();
  const app = createVoiceApp({
    flow: balanceFlow(async () => '1.00'),
    client: {
      sendAction: async (reference_id) => ({ reference_id, status: 'action_accepted' }),
      dial: async () => ({ reference_id: 'x', status: 'dial_accepted' }),
    },
    store: createMemoryStore(),
    verify: { mode: 'required', ...credentials },
    logger,
  });
  return { app, logger };
}

/**
 * POSTs a signed `incoming_call` and gives up after 5 s: a hang fails the test with "timeout" instead of hanging it.
 */
export async function postSignedEvent(url: string) {
  const body = JSON.stringify(incoming());
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signCallback(credentials, body) },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
  };
}
