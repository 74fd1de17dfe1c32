import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { createSimulator, type FaultOptions, REORDER_WINDOW_MS } from '../src/index.js';
import { getRequest, hangup, memorySocket, names, speak, testCustomer, voiceRequest } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';

/** A customer that greets, then hangs up after the greeting. */
const greeter = (event: VoiceEvent): VoiceAction | undefined =>
  event.event === 'incoming_call' ? speak('Hello') : event.event === 'speak_completed' ? hangup() : undefined;

function withFaults(faults: FaultOptions, options: Parameters<typeof createSimulator>[0] = {}) {
  const customer = testCustomer(greeter);
  const sim = createSimulator({
    eventUrl: 'http://customer.test/events',
    fetch: customer.fetch,
    faults,
    ...options,
  });
  const call = sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 600_000 } });
  const deliveries = () =>
    sim
      .transcript(call.reference_id)
      .entries.flatMap((entry) =>
        entry.kind === 'delivery' ? [[entry.t, entry.sequence, entry.outcome, entry.attempt ?? 0]] : [],
      );
  return { sim, customer, call, deliveries };
}

describe('event faults', () => {
  it('duplicate: every event arrives twice; the answer to the copy is ignored, not a violation', async () => {
    const { sim, customer, call } = withFaults({ duplicate: 1 });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual([
      'incoming_call',
      'incoming_call',
      'speak_completed',
      'speak_completed',
      'call_completed',
      'call_completed',
    ]);
    const actions = sim.transcript(call.reference_id).entries.filter((e) => e.kind === 'action');
    // Answers to the copies are noted, never acted on: each event is answered once.
    expect(actions.map((a) => (a.kind === 'action' ? a.accepted : null))).toEqual([true, true]);
    const notes = sim
      .transcript(call.reference_id)
      .entries.flatMap((e) => (e.kind === 'note' ? [e.message] : []));
    expect(notes.filter((note) => /duplicated delivery of event 1 \(speak\)/.test(note))).toHaveLength(1);
    expect(sim.violations()).toEqual([]);
  });

  it('reorder: an event is held back and delivered after the next one', async () => {
    const customer = testCustomer(() => undefined);
    const sim = createSimulator({
      eventUrl: 'http://customer.test/events',
      fetch: customer.fetch,
      callees: { '15550002222': { outcome: 'busy' } },
      faults: { reorder: 1 },
    });
    await sim.fetch(voiceRequest({ method: 'dial', params: { to: '15550002222', caller_id_number: US } }));
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['call_completed', 'dial_completed']);
  });

  it('reorder with no following event: the held event goes out after the reorder window', async () => {
    const { sim, deliveries } = withFaults({ reorder: 1 });
    await sim.runUntilIdle();
    expect(deliveries().slice(0, 2)).toEqual([
      [0, 1, 'held_back', 0],
      [REORDER_WINDOW_MS, 1, 'answered', 1],
    ]);
  });

  it('delay: delivery starts late, by a seeded amount', async () => {
    const { sim, deliveries } = withFaults({ delay: { probability: 1, minMs: 700, maxMs: 700 } });
    await sim.runUntilIdle();
    expect(deliveries().slice(0, 2)).toEqual([
      [0, 1, 'delayed', 0],
      [700, 1, 'answered', 1],
    ]);
  });

  it('lose: the customer receives nothing, the Call Query feed still has every event', async () => {
    const customer = testCustomer(greeter);
    const sim = createSimulator({
      eventUrl: 'http://c.test/',
      fetch: customer.fetch,
      faults: { lose: 1 },
      offer: { callQuery: true },
    });
    const call = sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 10_000 } });
    await sim.runUntilIdle();
    expect(customer.events).toEqual([]);
    const feed = (await (
      await sim.fetch(getRequest(`/v2/voice/calls/${call.reference_id}/events`))
    ).json()) as {
      events: Array<{ sequence: number; event: VoiceEvent }>;
    };
    expect(feed.events.map((item) => item.event.event)).toEqual(['incoming_call', 'call_completed']);
  });

  it('slow event URL: an answer slower than the timeout is discarded and the event retried with back-off', async () => {
    const { sim, customer, deliveries } = withFaults(
      { slowEventUrl: { probability: 1, minMs: 6_000, maxMs: 6_000 } },
      { eventDelivery: { timeoutMs: 5_000, attempts: 3, backoffMs: 1_000 } },
    );
    await sim.runUntilIdle({ maxVirtualMs: 60_000 });
    expect(deliveries().slice(0, 4)).toEqual([
      [5_000, 1, 'timeout', 1],
      [11_000, 1, 'timeout', 2],
      [18_000, 1, 'timeout', 3],
      [18_000, 1, 'gave_up', 3],
    ]);
    // The customer saw every attempt; TeleSign never saw an answer, so no prompt was played.
    expect(names(customer.events)).toEqual(['incoming_call', 'incoming_call', 'incoming_call']);
    expect(sim.call(sim.calls()[0]?.reference_id as string)?.state).toBe('ringing');
  });

  it('slow event URL within the timeout: the answer is taken when it arrives', async () => {
    const { sim, call } = withFaults({ slowEventUrl: { probability: 1, minMs: 1_200, maxMs: 1_200 } });
    await sim.runUntilIdle();
    const action = sim.transcript(call.reference_id).entries.find((e) => e.kind === 'action');
    expect(action?.t).toBe(1_200);
  });

  it('failing event URL: attempts fail and retry at 5, 10, 15 s (EVENT_DELIVERY_DEFAULTS), then give up', async () => {
    const { sim, customer, deliveries } = withFaults({ failEventUrl: 1 });
    await sim.runUntilIdle({ maxVirtualMs: 40_000 });
    expect(deliveries().slice(0, 5)).toEqual([
      [0, 1, 'failed', 1],
      [5_000, 1, 'failed', 2],
      [15_000, 1, 'failed', 3],
      [30_000, 1, 'failed', 4],
      [30_000, 1, 'gave_up', 4],
    ]);
    expect(customer.events).toEqual([]);
  });

  it('the first n attempts fail, then delivery succeeds', async () => {
    const { sim, customer, deliveries } = withFaults({ failFirstAttempts: 2 });
    await sim.runUntilIdle();
    expect(deliveries().slice(0, 3)).toEqual([
      [0, 1, 'failed', 1],
      [5_000, 1, 'failed', 2],
      [15_000, 1, 'answered', 3],
    ]);
    expect(names(customer.events)[0]).toBe('incoming_call');
  });

  it('an event URL answering 500 is retried like a failure', async () => {
    let calls = 0;
    const customer = testCustomer((event) => {
      calls++;
      return calls === 1 ? new Response('oops', { status: 500 }) : greeter(event);
    });
    const sim = createSimulator({ eventUrl: 'http://c.test/', fetch: customer.fetch });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    const first = sim.transcript(call.reference_id).entries.find((e) => e.kind === 'delivery');
    expect(first).toMatchObject({ outcome: 'failed', detail: 'HTTP 500' });
    expect(sim.call(call.reference_id)?.status).toBe('hangup');
  });

  it('per-call faults override the simulator-wide ones', async () => {
    const customer = testCustomer(greeter);
    const sim = createSimulator({ eventUrl: 'http://c.test/', fetch: customer.fetch, faults: { lose: 1 } });
    sim.placeInboundCall({ to: US, from: CALLER, faults: { lose: 0 } });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
  });

  it('the same seed draws the same faults; another seed draws others', async () => {
    const run = async (seed: number) => {
      const customer = testCustomer(greeter);
      const sim = createSimulator({
        eventUrl: 'http://c.test/',
        fetch: customer.fetch,
        seed,
        faults: { duplicate: 0.5 },
      });
      for (let i = 0; i < 20; i++) sim.placeInboundCall({ to: US, from: CALLER });
      await sim.runUntilIdle();
      return names(customer.events).join(',');
    };
    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });
});

describe('/v2/voice faults', () => {
  it('answers 503 internal_error and 429 rate_limit_exceeded at the configured rates', async () => {
    const failing = createSimulator({ faults: { voiceServerError: 1 } });
    const dial = { method: 'dial', params: { to: '15550002222', caller_id_number: US } };
    const error = await failing.fetch(voiceRequest(dial));
    expect(error.status).toBe(503);
    expect(await error.json()).toMatchObject({ status: 'internal_error' });
    const limited = createSimulator({ faults: { voiceRateLimited: 1 } });
    const refused = await limited.fetch(voiceRequest(dial));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: 'rate_limit_exceeded' });
    const some = createSimulator({ faults: { voiceServerError: 0.5 }, seed: 3 });
    const codes = new Set<number>();
    for (let i = 0; i < 30; i++) codes.add((await some.fetch(voiceRequest(dial))).status);
    expect([...codes].sort()).toEqual([202, 503]);
  });
});

describe('WebSocket faults', () => {
  it('a disconnect mid-call closes the socket; the event waits and arrives on the next connection', async () => {
    const sim = createSimulator({
      delivery: 'websocket',
      offer: { eventSocket: true },
      faults: { socketDisconnect: 1 },
    });
    const first = memorySocket();
    expect(sim.acceptSocket(first.port, getRequest('/v2/voice/events/ws'))).toBe(true);
    const call = sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 5_000 } });
    expect(first.client.closed).toBe(1012);
    expect(first.client.received).toEqual([]);
    const second = memorySocket();
    sim.acceptSocket(second.port, getRequest('/v2/voice/events/ws'));
    expect(second.client.received.map((text) => JSON.parse(text).event)).toEqual(['incoming_call']);
    await sim.runUntilIdle();
    const outcomes = sim
      .transcript(call.reference_id)
      .entries.flatMap((e) => (e.kind === 'delivery' ? [e.outcome] : []));
    expect(outcomes).toEqual([
      'socket_disconnected',
      'queued_socket',
      'socket_disconnected',
      'queued_socket',
    ]);
  });
});

describe('an in-process WebSocket customer in virtual time', () => {
  it('answers each event over the socket; time waits for its actions', async () => {
    const sim = createSimulator({ delivery: 'websocket', offer: { eventSocket: true } });
    const { port, client } = memorySocket();
    client.onMessage = (text) => {
      const message = JSON.parse(text) as { event?: string; reference_id?: string };
      if (message.event === 'incoming_call')
        client.send(JSON.stringify({ ...speak('Hi there'), reference_id: message.reference_id }));
      if (message.event === 'speak_completed')
        client.send(JSON.stringify({ ...hangup(), reference_id: message.reference_id }));
    };
    expect(sim.acceptSocket(port, getRequest('/v2/voice/events/ws'))).toBe(true);
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    const started = performance.now();
    expect((await sim.runUntilIdle()).reason).toBe('idle');
    expect(performance.now() - started).toBeLessThan(1_000);
    const received = client.received.map((text) => JSON.parse(text) as { event?: string; status?: string });
    expect(received.map((m) => m.event ?? m.status)).toEqual([
      'incoming_call',
      'action_accepted',
      'speak_completed',
      'action_accepted',
      'call_completed',
    ]);
    expect(sim.call(call.reference_id)?.status).toBe('hangup');
  });
});

describe('runUntilIdle and undelivered events', () => {
  it('is not idle until the ended call’s call_completed, retried after a failure, is delivered', async () => {
    const { sim, customer } = withFaults({ failFirstAttempts: 1 });
    const run = await sim.runUntilIdle();
    expect(run.reason).toBe('idle');
    // Every event's first attempt failed; call_completed's retry came after the call had ended.
    expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
  });
});
