import { describe, expect, it } from 'vitest';
import { createMemoryLogger, createMemoryStore, createTeleSignClient, createVoiceApp } from '../src/index.js';
import { balanceFlow } from './fixtures.js';
import { simulatorWithClock } from './sim-helpers.js';

describe('simulator in-process over HTTP', () => {
  it('runs an inbound call with a lookup to the end', async () => {
    let app: ReturnType<typeof createVoiceApp> | undefined;
    const { sim, adapter } = simulatorWithClock({
      eventUrl: 'http://adapter.test/events',
      fetch: (request) => (app as ReturnType<typeof createVoiceApp>).fetch(request),
    });
    const logger = createMemoryLogger();
    const client = createTeleSignClient({
      ...sim.credentials,
      baseUrl: 'http://sim.test',
      fetch: sim.fetch,
      clock: adapter,
      env: {},
    });
    app = createVoiceApp({
      flow: balanceFlow(async () => '12.50'),
      client,
      store: createMemoryStore(),
      verify: { mode: 'required', ...sim.credentials },
      clock: adapter,
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
    const run = await sim.runUntilIdle({ maxVirtualMs: 120_000 });
    const heard = sim
      .transcript(call.reference_id)
      .entries.flatMap((entry) => (entry.kind === 'heard' ? [entry.text] : []));
    expect(heard).toEqual([
      'Press 1 for your balance, 2 to leave.',
      'Enter your account number.',
      'Your balance is 12.50.',
      'Goodbye.',
    ]);
    expect(sim.violations()).toEqual([]);
    expect(run.reason).toBe('idle');
  });
});
