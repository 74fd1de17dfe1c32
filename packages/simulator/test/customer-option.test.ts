import { describe, expect, it } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS, IN_PROCESS_EVENT_URL, type Simulator } from '../src/index.js';
import { hangup, names, speak, type TestCustomer, testCustomer } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';

/** A short menu: greet, take one digit, read it back, hang up. */
function menu() {
  return testCustomer((event) => {
    if (event.event === 'incoming_call') return speak('Press a key', { max: 1, timeout: 5_000 });
    if (event.event === 'speak_completed' && event.data.collected_digits !== '') {
      return speak(`You pressed ${event.data.collected_digits}`);
    }
    if (event.event === 'speak_completed') return hangup();
    return undefined;
  });
}

async function oneCall(sim: Simulator, customer: TestCustomer) {
  const call = sim.placeInboundCall({ to: US, from: CALLER, caller: { rules: [{ prompt: 1, press: '7' }] } });
  await sim.runUntilIdle();
  return { events: names(customer.events), transcript: sim.transcript(call.reference_id).entries };
}

describe('the customer option (buffered in-process delivery)', () => {
  it('delivers the same signed events and applies the same answers as fetch delivery', async () => {
    const viaFetch = menu();
    const viaHandle = menu();
    const a = await oneCall(createSimulator({ fetch: viaFetch.fetch }), viaFetch);
    const b = await oneCall(createSimulator({ customer: { handle: viaHandle.handle } }), viaHandle);
    expect(b.events).toEqual(['incoming_call', 'speak_completed', 'speak_completed', 'call_completed']);
    expect(b.events).toEqual(a.events);
    expect(b.transcript).toEqual(a.transcript);
    expect(viaHandle.badSignatures).toBe(0);
    expect(new Set(viaHandle.paths)).toEqual(new Set([new URL(IN_PROCESS_EVENT_URL).pathname]));
  });

  it('posts to the path of the event URL', async () => {
    const customer = menu();
    const sim = createSimulator({ eventUrl: 'http://customer.test/telesign/events', customer });
    await oneCall(sim, customer);
    expect(new Set(customer.paths)).toEqual(new Set(['/telesign/events']));
  });

  it('with replyGraceMs 0, holds time for one turn of the event loop after an empty answer', async () => {
    let sim: Simulator | undefined;
    // Answers incoming_call empty and sends the greeting through the action API within the same turn.
    const customer = testCustomer(async (event) => {
      if (event.event === 'incoming_call') {
        queueMicrotask(() => {
          const body = JSON.stringify({ reference_id: event.reference_id, ...speak('Hello') });
          const auth = `Basic ${btoa(`${DEMO_CREDENTIALS.customerId}:${DEMO_CREDENTIALS.apiKey}`)}`;
          void sim?.fetch(
            new Request('http://sim.test/v2/voice', {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: auth },
              body,
            }),
          );
        });
        return undefined;
      }
      if (event.event === 'speak_completed') return hangup();
      return undefined;
    });
    sim = createSimulator({ customer, eventDelivery: { replyGraceMs: 0 } });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    const greeting = sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'action' && e.action.method === 'speak');
    expect(greeting).toMatchObject({ t: 0, source: 'post', accepted: true });
    expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
  });

  it('refuses fetch and customer together, saying so', () => {
    const customer = menu();
    expect(() => createSimulator({ fetch: customer.fetch, customer })).toThrow(
      'createSimulator: give either fetch or customer, not both',
    );
  });
});
