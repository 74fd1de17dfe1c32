import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { type CallRecord, createManualClock, createMemoryStore, createVoiceApp } from '../src/index.js';
import { callQueryRepeatResolver } from '../src/runtime/repeat-resolver.js';
import { type FakeSnapshot, fakeBankEngine } from './fake-engine.js';
import { incoming, spoken } from './fixtures.js';

/** Two prompts in a row can end with byte-identical events: here the caller presses 2 at the menu and again
 *  during "Goodbye." — two different events with the same JSON. */
function setup(feed?: VoiceEvent[]) {
  const clock = createManualClock(0);
  const client = {
    sendAction: async (reference_id: string) => ({ reference_id, status: 'action_accepted' }),
    dial: async () => ({ reference_id: 'x', status: 'dial_accepted' }),
    ...(feed
      ? {
          calls: {
            events: async (reference_id: string) => ({
              reference_id,
              events: feed.map((event, i) => ({ sequence: i + 1, event })),
              last_sequence: feed.length,
            }),
            get: async () => {
              throw new Error('unused');
            },
            list: async () => ({ calls: [] }),
          },
        }
      : {}),
  };
  const app = createVoiceApp({
    flow: fakeBankEngine(async () => '1.00'),
    client: client as never,
    store: createMemoryStore(),
    verify: 'off',
    clock,
  });
  const post = async (event: VoiceEvent) => {
    clock.advance(6_000);
    const response = await app.fetch(
      new Request('http://a/', { method: 'POST', body: JSON.stringify(event) }),
    );
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as VoiceAction);
  };
  const applied = async () =>
    ((await app.runtime.get('call-0001')) as CallRecord).snapshot as unknown as FakeSnapshot;
  return { app, clock, post, applied };
}

describe('telling a repeated event from a duplicate delivery', () => {
  it('the Call Query feed holding two identical events: the second is new', async () => {
    const { post, applied } = setup([incoming(), spoken('2'), spoken('2')]);
    await post(incoming());
    expect(await post(spoken('2'))).toMatchObject({ method: 'speak' });
    expect(await post(spoken('2'))).toEqual({ method: 'hangup', params: {} });
    expect((await applied()).applied).toEqual(['incoming_call:', 'speak_completed:2', 'speak_completed:2']);
  });

  it('the feed holding it once: a duplicate delivery, answered as before', async () => {
    const { post, applied } = setup([incoming(), spoken('2')]);
    await post(incoming());
    const first = await post(spoken('2'));
    expect(await post(spoken('2'))).toEqual(first);
    expect((await applied()).applied).toEqual(['incoming_call:', 'speak_completed:2']);
  });

  it('the exact resolver counts by content', async () => {
    const resolve = callQueryRepeatResolver({
      calls: {
        events: async () => ({
          reference_id: 'r',
          events: [incoming(), spoken('2'), spoken('1'), spoken('2')].map((event, i) => ({
            sequence: i + 1,
            event,
          })),
          last_sequence: 4,
        }),
      } as never,
    });
    const { eventFingerprint } = await import('../src/index.js');
    const fp = eventFingerprint(spoken('2'));
    expect(await resolve('r', spoken('2'), fp, 1)).toBe('new');
    expect(await resolve('r', spoken('2'), fp, 2)).toBe('duplicate');
  });

  it('without the Call Query API: a copy the awaited prompt cannot produce is a redelivery, answered again a bounded number of times', async () => {
    const { post, applied } = setup();
    await post(incoming());
    const first = await post(spoken('2')); // "Goodbye.", which collects no digits
    for (let i = 0; i < 3; i++) expect(await post(spoken('2'))).toEqual(first);
    expect(await post(spoken('2'))).toBeUndefined(); // a fourth copy: more than TeleSign retries, refused
    expect((await applied()).applied).toEqual(['incoming_call:', 'speak_completed:2']);
  });

  it('without the Call Query API: a copy later than TeleSign retries is refused', async () => {
    const { post, applied, clock } = setup();
    await post(incoming());
    await post(spoken('2'));
    await clock.advanceAsync(60_000);
    expect(await post(spoken('2'))).toBeUndefined();
    expect((await applied()).applied).toEqual(['incoming_call:', 'speak_completed:2']);
  });

  it('without the Call Query API: an identical event the awaited prompt can produce is its completion', async () => {
    const { post, applied } = setup();
    await post(incoming());
    expect(await post(spoken('3'))).toMatchObject({ method: 'speak' }); // "Goodbye."
    // "Goodbye." ends with no digits, exactly like... a different event here; then its copy is a redelivery.
    expect(await post(spoken(''))).toEqual({ method: 'hangup', params: {} });
    expect(await post(spoken(''))).toEqual({ method: 'hangup', params: {} });
    expect((await applied()).applied).toEqual(['incoming_call:', 'speak_completed:3', 'speak_completed:']);
  });
});

describe('a host without the Call Query API', () => {
  it('is asked once, then the delivery rules decide', async () => {
    const { HttpError } = await import('../src/index.js');
    let asked = 0;
    const resolve = callQueryRepeatResolver({
      calls: {
        events: async () => {
          asked++;
          throw new HttpError({
            method: 'GET',
            url: 'u',
            httpStatus: 404,
            body: { status: 'not_found' },
            headers: new Headers(),
          });
        },
      } as never,
    });
    await expect(resolve('r', spoken('2'), 'fp', 1)).rejects.toMatchObject({ httpStatus: 404 });
    expect(await resolve('r', spoken('2'), 'fp', 1)).toBeUndefined();
    expect(asked).toBe(1);
  });
});
