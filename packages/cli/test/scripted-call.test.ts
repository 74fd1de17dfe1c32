import { createMemoryStore, createTeleSignClient, createVoiceApp, silentLogger } from '@ivrkit/adapter-http';
import { bankFlow } from '@ivrkit/machines/examples';
import { createSimulator, createVirtualClock } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import { createLiveFeed } from '../src/demo/live-feed.js';
import { pressingCaller } from '../src/demo/pressing-caller.js';
import { formatTranscript, outcomeOf } from '../src/transcript/format-transcript.js';

/** The demo's scripted call, in process and in virtual time: the bank flow served by the adapter. */
async function scriptedCall(presses: string[]) {
  const clock = createVirtualClock();
  let app: ReturnType<typeof createVoiceApp> | undefined;
  const sim = createSimulator({
    clock,
    eventUrl: 'http://adapter.test/events',
    fetch: (request) => (app as ReturnType<typeof createVoiceApp>).fetch(request),
  });
  const adapterClock = {
    now: () => clock.now(),
    setTimeout: (callback: () => void, ms: number) => clock.schedule(ms, callback) as object,
    clearTimeout: (handle: object) => clock.clear(handle as never),
  };
  const client = createTeleSignClient({
    ...sim.credentials,
    baseUrl: 'http://sim.test',
    fetch: sim.fetch,
    clock: adapterClock,
    env: {},
  });
  app = createVoiceApp({
    flow: bankFlow,
    client,
    store: createMemoryStore(),
    verify: { mode: 'required', ...sim.credentials },
    clock: adapterClock,
    logger: silentLogger,
  });
  const feed = createLiveFeed({
    sim,
    flows: [],
    softphoneNumber: '15550009999',
    campaigns: false,
    now: () => clock.now(),
    pollMs: 60_000,
  });
  feed.watchApp(app, 'bank');
  const call = sim.placeInboundCall({
    to: sim.numbers()[0] as string,
    from: '15550001234',
    caller: pressingCaller(presses),
  });
  await sim.runUntilIdle({ maxVirtualMs: 300_000 });
  await app.idle();
  await feed.settled();
  const view = feed.view(call.reference_id);
  feed.close();
  await app.close();
  await sim.close();
  return {
    transcript: sim.transcript(call.reference_id),
    states: view?.states ?? [],
    violations: sim.violations(),
  };
}

describe('the scripted call and its transcript', () => {
  it('presses one group per collecting prompt and reads as prompts, keys and states', async () => {
    const { transcript, states, violations } = await scriptedCall(['1', '12345678', '2']);
    expect(violations).toEqual([]);
    expect(states.map((s) => s.state)).toEqual([
      'call.welcome',
      'call.account',
      'call.readBalance',
      'call.anythingElse',
      'call.goodbye',
      'call.$closing',
      'ended',
    ]);
    const text = formatTranscript(transcript, { states });
    expect(text).toMatch(/^ {2}Call \S+ {2}inbound {2}15550001234 → 15555551212$/m);
    expect(text).toMatch(/\+\d+\.\d\ds {2}prompt {2}"Welcome to Example Bank\./);
    expect(text).toMatch(/key {5}12345678$/m);
    expect(text).toMatch(/state {3}call\.account$/m);
    expect(text).toContain('"The balance of account ending 5678 is 1,234.56 dollars."');
    expect(text).toMatch(/Ended after \d+\.\d s: hangup\. Keys collected: 1 12345678 2\.$/);
    // Lines are in time order.
    const times = [...text.matchAll(/^ +\+(\d+\.\d\d)s/gm)].map((m) => Number(m[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('stays silent after its last group: the flow re-prompts, then says goodbye', async () => {
    const { transcript } = await scriptedCall([]);
    expect(outcomeOf(transcript)).toMatch(/^Ended after \d+\.\d s: hangup\.$/);
    const prompts = transcript.entries
      .filter((e) => e.kind === 'heard')
      .map((e) => (e.kind === 'heard' ? e.text : ''));
    expect(prompts.at(-1)).toBe('Thank you for calling Example Bank. Goodbye.');
    expect(prompts.filter((p) => p?.startsWith('Sorry, I did not hear anything'))).toHaveLength(2);
  });
});
