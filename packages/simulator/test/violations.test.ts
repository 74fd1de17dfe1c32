import type { VoiceEvent } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { type CustomerAnswer, hangup, names, speak, testCustomer, voiceRequest } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';

function run(
  decide: (
    event: VoiceEvent,
    sim: ReturnType<typeof createSimulator>,
  ) => CustomerAnswer | Promise<CustomerAnswer>,
) {
  let sim: ReturnType<typeof createSimulator>;
  const customer = testCustomer((event) => decide(event, sim));
  sim = createSimulator({ eventUrl: 'http://c.test/', fetch: customer.fetch });
  const call = sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 30_000 } });
  return { sim, customer, call };
}

describe('inline answers the call state does not allow are protocol violations', () => {
  it('an action not allowed after the event (send_dtmf after incoming_call)', async () => {
    const { sim, call } = run((event) =>
      event.event === 'incoming_call' ? { method: 'send_dtmf', params: { digits: '1' } } : undefined,
    );
    await sim.runUntilIdle();
    expect(sim.violations(call.reference_id)).toEqual([
      expect.objectContaining({
        kind: 'not_allowed_after_event',
        event: 'incoming_call',
        sequence: 1,
        method: 'send_dtmf',
        reference_id: call.reference_id,
      }),
    ]);
    const refused = sim.transcript(call.reference_id).entries.find((e) => e.kind === 'action');
    expect(refused).toMatchObject({ accepted: false, status: 'unsupported_call_state', replyTo: 1 });
  });

  it.each([
    ['malformed JSON', '{"method":'],
    ['an unknown method', '{"method":"teleport","params":{}}'],
    ['two actions in an array', JSON.stringify([hangup(), hangup()])],
    [
      'a bad collect_digits',
      JSON.stringify({
        method: 'play',
        params: { url: 'https://a.test/a.wav', collect_digits: { max: '5' } },
      }),
    ],
  ])('an unreadable answer: %s', async (_name, body) => {
    const { sim } = run((event) => (event.event === 'incoming_call' ? body : undefined));
    await sim.runUntilIdle();
    expect(sim.violations().map((v) => v.kind)).toEqual(['invalid_reply']);
  });

  it('a one-element array (as TeleSign demo servers answer) is an action', async () => {
    const { sim, customer } = run((event) =>
      event.event === 'incoming_call'
        ? [speak('Hi')]
        : event.event === 'speak_completed'
          ? hangup()
          : undefined,
    );
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
    expect(sim.violations()).toEqual([]);
  });

  it('an inline answer to an event the customer already acted on by POST', async () => {
    const { sim, call } = run(async (event, s) => {
      if (event.event !== 'incoming_call') return undefined;
      await s.fetch(voiceRequest({ ...speak('By POST'), reference_id: event.reference_id }));
      return speak('Inline too');
    });
    await sim.runUntilIdle();
    expect(sim.violations(call.reference_id)).toEqual([
      expect.objectContaining({
        kind: 'unsupported_call_state',
        method: 'speak',
        message: 'event 1 was already acted on',
      }),
    ]);
  });

  it('an answer to call_completed is ignored without a violation', async () => {
    const { sim, call } = run((event) => (event.event === 'incoming_call' ? hangup() : hangup()));
    await sim.runUntilIdle();
    expect(sim.violations()).toEqual([]);
    expect(sim.transcript(call.reference_id).entries.at(-1)).toMatchObject({ kind: 'note' });
  });
});

describe('an empty answer means the action comes by POST', () => {
  it('virtual time waits for the POST that follows an empty answer', async () => {
    const { sim, customer, call } = run((event, s) => {
      if (event.event === 'incoming_call') {
        setTimeout(
          () => void s.fetch(voiceRequest({ ...speak('Later'), reference_id: event.reference_id })),
          1,
        );
        return new Response(null, { status: 204 });
      }
      return event.event === 'speak_completed' ? hangup() : undefined;
    });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
    const action = sim.transcript(call.reference_id).entries.find((e) => e.kind === 'action');
    expect(action).toMatchObject({ source: 'post', t: 0, accepted: true });
  });
});
