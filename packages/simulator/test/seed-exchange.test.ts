import type { VoiceEvent } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { hangup, names, seedPlay, testCustomer } from './helpers.js';

const OUR_NUMBER = '15555551212';
const CALLER = '15558675309';

function run(press: { press?: string; afterMs?: number; digitGapMs?: number; bargeIn?: boolean } = {}) {
  const customer = testCustomer((event) => {
    if (event.event === 'incoming_call') return seedPlay();
    if (event.event === 'play_completed') return hangup();
    return undefined;
  });
  const sim = createSimulator({ eventUrl: 'http://customer.test/events', fetch: customer.fetch });
  const call = sim.placeInboundCall({
    to: OUR_NUMBER,
    from: CALLER,
    caller: { rules: [{ prompt: 1, ...press }] },
  });
  return { sim, customer, call };
}

function completed(events: VoiceEvent[]) {
  return events.find((event) => event.event === 'play_completed');
}

describe("the seed's exchange", () => {
  it('incoming_call → play with collect_digits → play_completed with playback_successful and the digits', async () => {
    const { sim, customer, call } = run({ press: '923', afterMs: 500 });
    const result = await sim.runUntilIdle();
    expect(result.reason).toBe('idle');
    expect(names(customer.events)).toEqual(['incoming_call', 'play_completed', 'call_completed']);
    expect(customer.events[0]).toEqual({
      event: 'incoming_call',
      reference_id: call.reference_id,
      data: { to: OUR_NUMBER, from: CALLER },
    });
    // The seed's event: from is our number, to is the caller.
    expect(completed(customer.events)).toEqual({
      event: 'play_completed',
      reference_id: call.reference_id,
      data: { from: OUR_NUMBER, to: CALLER, status: 'playback_successful', collected_digits: '923' },
    });
    expect(customer.badSignatures).toBe(0);
    expect(sim.violations()).toEqual([]);
  });

  it('times the collection: prompt 3 s, digits 500 ms after it with 250 ms gaps, then 3 s inter-digit timeout', async () => {
    const { sim, call } = run({ press: '923', afterMs: 500 });
    await sim.runUntilIdle();
    const entries = sim.transcript(call.reference_id).entries;
    const digits = entries.filter((entry) => entry.kind === 'input').map((entry) => entry.t);
    expect(digits).toEqual([3_500, 3_750, 4_000]);
    const playCompleted = entries.find(
      (entry) => entry.kind === 'event' && entry.event.event === 'play_completed',
    );
    expect(playCompleted?.t).toBe(4_000 + 3_000);
  });

  it('ends collection as soon as max digits were pressed', async () => {
    const { sim, customer, call } = run({ press: '1234567', afterMs: 0, digitGapMs: 100 });
    await sim.runUntilIdle();
    expect(completed(customer.events)?.data).toMatchObject({ collected_digits: '12345' });
    const event = sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'event' && e.sequence === 2);
    expect(event?.t).toBe(3_000 + 400);
  });

  it('answers an empty collected_digits after the first-digit timeout (10 s after the prompt) when nothing is pressed', async () => {
    const { sim, customer, call } = run({});
    await sim.runUntilIdle();
    expect(completed(customer.events)?.data).toMatchObject({
      status: 'playback_successful',
      collected_digits: '',
    });
    const event = sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'event' && e.sequence === 2);
    expect(event?.t).toBe(3_000 + 10_000);
  });

  it('collects digits pressed during the prompt and cuts it short (barge-in)', async () => {
    const { sim, customer, call } = run({ press: '42', afterMs: 1_000, bargeIn: true, digitGapMs: 200 });
    await sim.runUntilIdle();
    expect(completed(customer.events)?.data).toMatchObject({ collected_digits: '42' });
    const event = sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'event' && e.sequence === 2);
    expect(event?.t).toBe(1_200 + 3_000);
  });

  it('ends with call_completed carrying the CDR fields in the documented formats', async () => {
    const { sim, customer } = run({ press: '923', afterMs: 500 });
    await sim.runUntilIdle();
    const done = customer.events.at(-1);
    expect(done?.event).toBe('call_completed');
    expect(done?.data).toEqual({
      duration: 7,
      created_on_utc: '2026-01-01 00:00:00.000',
      answered_on_utc: '2026-01-01 00:00:00.000',
      ended_on_utc: '2026-01-01 00:00:07.000',
      status: 'hangup',
      audio_recording_file_name: '',
      to: OUR_NUMBER,
      from: CALLER,
      direction: 'inbound',
    });
  });
});
