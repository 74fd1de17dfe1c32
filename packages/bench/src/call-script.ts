/**
 * The events of one real bench call, recorded once from the simulator, then stamped with fresh `reference_id`s and
 * signed — so a load generator sends exactly what TeleSign (as simulated) would send, in the call's order, without
 * running a simulator itself.
 *
 * @module
 */
import { createMemoryStore, createTeleSignClient, type createVoiceApp } from '@ivrkit/adapter-http';
import type { VoiceEvent } from '@ivrkit/protocol';
import { signCallback } from '@ivrkit/protocol/auth';
import { createSimulator } from '@ivrkit/simulator';
import { createBenchApp } from './bench-app.js';
import { benchCaller, EVENTS_PER_CALL } from './bench-flow.js';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from './credentials.js';

/**
 * Runs one bench call through the simulator and the adapter in-process, and answers the events the simulator
 * delivered, in order. Throws when the call did not take the expected six events.
 *
 * @example
 * const events = await recordBenchCallEvents();
 */
export async function recordBenchCallEvents(): Promise<VoiceEvent[]> {
  let app: ReturnType<typeof createVoiceApp> | undefined;
  const sim = createSimulator({
    credentials: BENCH_CREDENTIALS,
    eventUrl: 'http://adapter.bench/events',
    fetch: (request) => (app as ReturnType<typeof createVoiceApp>).fetch(request),
  });
  const client = createTeleSignClient({
    ...BENCH_CREDENTIALS,
    baseUrl: 'http://sim.bench',
    fetch: sim.fetch,
    env: {},
  });
  app = createBenchApp(createMemoryStore(), client);
  const call = sim.placeInboundCall({ to: BENCH_NUMBER, from: '15558675309', caller: benchCaller() });
  await sim.runUntilIdle();
  const events = sim
    .transcript(call.reference_id)
    .entries.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
  await sim.close();
  if (events.length !== EVENTS_PER_CALL) {
    throw new Error(`the bench call took ${events.length} events, expected ${EVENTS_PER_CALL}`);
  }
  return events;
}

/** One event ready to POST: its body and the callback signature headers. */
export interface SignedEvent {
  body: string;
  headers: Record<string, string>;
}

/**
 * The recorded events re-addressed to `referenceId` and signed with the bench credentials.
 *
 * @example
 * const signed = signedCallEvents(events, 'BENCH0001');
 */
export function signedCallEvents(events: readonly VoiceEvent[], referenceId: string): SignedEvent[] {
  return events.map((event) => {
    const body = JSON.stringify({ ...event, reference_id: referenceId });
    return {
      body,
      headers: { 'content-type': 'application/json', ...signCallback(BENCH_CREDENTIALS, body) },
    };
  });
}
