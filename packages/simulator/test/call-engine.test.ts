import type { VoiceEvent } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { type Caller, createSimulator, type HeardPrompt, speechDurationMs } from '../src/index.js';
import { hangup, names, speak, testCustomer, voiceRequest } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';
const CALLEE = '15550002222';

function simWith(
  decide: Parameters<typeof testCustomer>[0],
  options: Parameters<typeof createSimulator>[0] = {},
) {
  const customer = testCustomer(decide);
  const sim = createSimulator({ eventUrl: 'http://customer.test/events', fetch: customer.fetch, ...options });
  return { sim, customer };
}

async function dialOut(sim: ReturnType<typeof createSimulator>, params: Record<string, unknown> = {}) {
  const response = await sim.fetch(
    voiceRequest({ method: 'dial', params: { to: CALLEE, caller_id_number: US, ...params } }),
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { reference_id: string }).reference_id;
}

describe('outbound calls', () => {
  it('answered: dial_completed answered, then prompts, then call_completed outbound', async () => {
    const { sim, customer } = simWith((event) =>
      event.event === 'dial_completed'
        ? speak('Your appointment is tomorrow')
        : event.event === 'speak_completed'
          ? hangup()
          : undefined,
    );
    const id = await dialOut(sim, { external_id: 'campaign-7' });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['dial_completed', 'speak_completed', 'call_completed']);
    expect(customer.events[0]).toEqual({
      event: 'dial_completed',
      reference_id: id,
      external_id: 'campaign-7',
      data: { to: CALLEE, from: US, status: 'answered' },
    });
    expect(customer.events[1]?.data).toEqual({
      from: US,
      to: CALLEE,
      status: 'speak_successful',
      collected_digits: '',
    });
    const done = customer.events[2] as Extract<VoiceEvent, { event: 'call_completed' }>;
    expect(done.data).toMatchObject({
      direction: 'outbound',
      to: CALLEE,
      from: US,
      status: 'hangup',
      answered_on_utc: '2026-01-01 00:00:03.000',
    });
    expect(done.data.duration).toBe(Math.round(speechDurationMs('Your appointment is tomorrow') / 1000));
  });

  it.each([
    ['busy', 2_000],
    ['no_answer', 30_000],
    ['failed', 500],
  ] as const)(
    '%s: dial_completed with the failure, then call_completed with it and no answer time',
    async (outcome, ringMs) => {
      const { sim, customer } = simWith(() => undefined, { callees: { [CALLEE]: { outcome } } });
      await dialOut(sim);
      await sim.runUntilIdle();
      expect(names(customer.events)).toEqual(['dial_completed', 'call_completed']);
      expect(customer.events[0]?.data).toMatchObject({ status: outcome });
      expect(customer.events[1]?.data).toMatchObject({ status: outcome, duration: 0, answered_on_utc: '' });
      expect(sim.clock.now() - Date.UTC(2026, 0, 1)).toBe(ringMs);
    },
  );

  it('sends dial.send_dtmf to the callee once answered, and honours max_call_duration', async () => {
    const heard: string[] = [];
    const callee: Caller = { onDtmf: (digits) => heard.push(digits) };
    const { sim, customer } = simWith(() => undefined, {
      callees: { [CALLEE]: { caller: callee, ringMs: 1_000 } },
    });
    await dialOut(sim, { send_dtmf: '12w#', max_call_duration: '60' });
    await sim.runUntilIdle();
    expect(heard).toEqual(['12w#']);
    expect(customer.events.at(-1)?.data).toMatchObject({ status: 'max_duration_reached', duration: 60 });
  });
});

describe('transfers and bridged legs', () => {
  it('dial on a live call bridges a leg; the callee hanging up sends call_leg_completed; the customer carries on', async () => {
    const { sim, customer } = simWith(
      (event) => {
        if (event.event === 'incoming_call')
          return { method: 'dial', params: { to: CALLEE, caller_id_number: US } };
        if (event.event === 'call_leg_completed') return speak('Thanks for waiting');
        if (event.event === 'speak_completed') return hangup();
        return undefined;
      },
      { callees: { [CALLEE]: { ringMs: 2_000, caller: { hangupAtMs: 60_000 } } } },
    );
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual([
      'incoming_call',
      'dial_completed',
      'call_leg_completed',
      'speak_completed',
      'call_completed',
    ]);
    expect(customer.events[1]?.data).toEqual({ to: CALLEE, from: US, status: 'answered' });
    expect(customer.events[2]?.data).toEqual({ to: CALLEE, from: US, status: 'hangup' });
    const leg = sim.transcript(call.reference_id).entries.find((e) => e.kind === 'event' && e.sequence === 3);
    expect(leg?.t).toBe(62_000);
  });

  it('a busy transfer target leaves the caller on the line after dial_completed busy', async () => {
    const { sim, customer } = simWith(
      (event) => {
        if (event.event === 'incoming_call')
          return { method: 'dial', params: { to: CALLEE, caller_id_number: CALLER } };
        if (event.event === 'dial_completed') return speak('Nobody is free');
        return event.event === 'speak_completed' ? hangup() : undefined;
      },
      { callees: { [CALLEE]: { outcome: 'busy' } } },
    );
    sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual([
      'incoming_call',
      'dial_completed',
      'speak_completed',
      'call_completed',
    ]);
    expect(customer.events[1]?.data).toMatchObject({ status: 'busy' });
  });

  it("a transfer's external_id is echoed in the answer and every later event", async () => {
    const { sim, customer } = simWith((event) => (event.event === 'dial_completed' ? hangup() : undefined));
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    const response = await sim.fetch(
      voiceRequest({
        method: 'dial',
        params: { to: CALLEE, caller_id_number: US, external_id: 'transfer-9' },
        reference_id: call.reference_id,
      }),
    );
    expect(await response.json()).toMatchObject({ status: 'dial_accepted', external_id: 'transfer-9' });
    await sim.runUntilIdle();
    expect(customer.events.map((e) => e.external_id)).toEqual([undefined, 'transfer-9', 'transfer-9']);
  });

  it('the caller hanging up while bridged ends the whole call without call_leg_completed', async () => {
    const { sim, customer } = simWith((event) =>
      event.event === 'incoming_call'
        ? { method: 'dial', params: { to: CALLEE, caller_id_number: US } }
        : undefined,
    );
    sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 30_000 } });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['incoming_call', 'dial_completed', 'call_completed']);
    expect(customer.events[2]?.data).toMatchObject({ status: 'hangup', duration: 30 });
  });

  it('send_dtmf after dial_completed reaches the bridged callee', async () => {
    const heard: string[] = [];
    const { sim } = simWith(
      (event) => {
        if (event.event === 'incoming_call')
          return { method: 'dial', params: { to: CALLEE, caller_id_number: US } };
        if (event.event === 'dial_completed') return { method: 'send_dtmf', params: { digits: '4321' } };
        return undefined;
      },
      { callees: { [CALLEE]: { caller: { onDtmf: (digits) => heard.push(digits), hangupAtMs: 5_000 } } } },
    );
    sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 20_000 } });
    await sim.runUntilIdle();
    expect(heard).toEqual(['4321']);
    expect(sim.violations()).toEqual([]);
  });
});

describe('hang-ups, prompts and the four-hour cap', () => {
  it('a caller hanging up during a prompt ends the call with hangup and no *_completed', async () => {
    const { sim, customer } = simWith((event) =>
      event.event === 'incoming_call'
        ? speak('This is a rather long message about nothing in particular at all')
        : undefined,
    );
    sim.placeInboundCall({ to: US, from: CALLER, caller: { hangupAtMs: 1_000 } });
    await sim.runUntilIdle();
    expect(names(customer.events)).toEqual(['incoming_call', 'call_completed']);
    expect(customer.events[1]?.data).toMatchObject({ status: 'hangup', duration: 1 });
  });

  it('a code caller hears each prompt and reacts to what it says', async () => {
    const heard: HeardPrompt[] = [];
    const caller: Caller = {
      onPrompt: (prompt) => {
        heard.push(prompt);
        return prompt.text?.includes('balance')
          ? { press: '1' }
          : prompt.text?.includes('PIN')
            ? { press: '2468' }
            : undefined;
      },
    };
    const { sim, customer } = simWith((event) => {
      if (event.event === 'incoming_call') return speak('For your balance press 1', { max: 1 });
      if (event.event === 'speak_completed' && event.data.collected_digits === '1')
        return speak('Enter your PIN', { max: 4 });
      return hangup();
    });
    sim.placeInboundCall({ to: US, from: CALLER, caller });
    await sim.runUntilIdle();
    expect(heard.map((p) => [p.index, p.method, p.collectsDigits])).toEqual([
      [1, 'speak', true],
      [2, 'speak', true],
    ]);
    expect(
      customer.events.filter((e) => e.event === 'speak_completed').map((e) => e.data.collected_digits),
    ).toEqual(['1', '2468']);
  });

  it('play_multiple plays its URLs back to back at their configured lengths; a failing URL gives playback_failed', async () => {
    const { sim, customer } = simWith(
      (event) => {
        if (event.event === 'incoming_call')
          return {
            method: 'play_multiple',
            params: { urls: ['https://a.test/1.wav', 'https://a.test/2.wav'] },
          };
        if (event.event === 'play_completed' && event.data.status === 'playback_successful') {
          return { method: 'play', params: { url: 'https://a.test/broken.wav' } };
        }
        return hangup();
      },
      {
        prompts: {
          playDurations: { 'https://a.test/1.wav': 1_500 },
          defaultPlayMs: 2_000,
          failingUrls: ['https://a.test/broken.wav'],
        },
      },
    );
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    const plays = customer.events.filter((e) => e.event === 'play_completed');
    expect(plays.map((e) => e.data.status)).toEqual(['playback_successful', 'playback_failed']);
    const first = sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'event' && e.sequence === 2);
    expect(first?.t).toBe(3_500);
  });

  it('a four-hour call ends at the cap with max_duration_reached, in milliseconds of real time', async () => {
    let prompts = 0;
    const { sim, customer } = simWith(
      (event) => {
        if (event.event === 'call_completed') return undefined;
        prompts++;
        return { method: 'play', params: { url: 'https://a.test/hold-music.wav' } };
      },
      { prompts: { defaultPlayMs: 60_000 } },
    );
    const started = performance.now();
    sim.placeInboundCall({ to: US, from: CALLER });
    const result = await sim.runUntilIdle();
    const realMs = performance.now() - started;
    expect(result.reason).toBe('idle');
    expect(customer.events.at(-1)?.data).toMatchObject({
      status: 'max_duration_reached',
      duration: 14_400,
      ended_on_utc: '2026-01-01 04:00:00.000',
    });
    expect(prompts).toBe(240);
    expect(realMs).toBeLessThan(2_000);
  });

  it('records calls when recording is on', async () => {
    const { sim, customer } = simWith((event) => (event.event === 'incoming_call' ? speak('Hi') : hangup()), {
      recording: true,
    });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    expect(customer.events.at(-1)?.data).toMatchObject({
      audio_recording_file_name: `${call.reference_id}.wav`,
    });
  });

  it('replays exactly from the same seed', async () => {
    const once = async () => {
      const { sim } = simWith(
        (event) => (event.event === 'incoming_call' ? speak('Pick', { max: 2 }) : hangup()),
        {
          seed: 'replay',
          faults: { duplicate: 0.5, delay: { probability: 0.5, minMs: 10, maxMs: 900 } },
        },
      );
      const call = sim.placeInboundCall({
        to: US,
        from: CALLER,
        caller: { rules: [{ prompt: 1, press: '77' }] },
      });
      await sim.runUntilIdle();
      return JSON.stringify(sim.transcript(call.reference_id));
    };
    expect(await once()).toBe(await once());
  });
});

describe('driving time by hand', () => {
  it('clock.advance steps timer by timer and lets every delivery finish before time moves on', async () => {
    const { sim, customer } = simWith((event) =>
      event.event === 'incoming_call'
        ? {
            method: 'play',
            params: {
              url: 'https://a.test/menu.wav',
              collect_digits: { max: 3, inter_digit_timeout: 2_000 },
            },
          }
        : event.event === 'play_completed'
          ? hangup()
          : undefined,
    );
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.clock.advance(1_000);
    expect(sim.transcript(call.reference_id).entries.some((e) => e.kind === 'heard')).toBe(true);
    sim.press(call.reference_id, '12');
    await sim.clock.advance(1_999);
    expect(names(customer.events)).toEqual(['incoming_call']);
    await sim.clock.advance(1);
    expect(names(customer.events)).toEqual(['incoming_call', 'play_completed', 'call_completed']);
    expect(customer.events[1]?.data).toMatchObject({ collected_digits: '12' });
    expect(sim.clock.now() - Date.UTC(2026, 0, 1)).toBe(3_000);
  });

  it('forget drops ended calls only', async () => {
    const { sim } = simWith((event) => (event.event === 'incoming_call' ? hangup() : undefined));
    const ended = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    const live = sim.placeInboundCall({ to: US, from: CALLER });
    expect(sim.forget(live.reference_id)).toBe(false);
    expect(sim.forget(ended.reference_id)).toBe(true);
    expect(sim.call(ended.reference_id)).toBeUndefined();
    expect(() => sim.placeInboundCall({ to: US, from: '+1 555' })).toThrow(RangeError);
  });
});

describe('runUntilIdle', () => {
  it('stops at a virtual-time bound, and reports stalled when calls are live but nothing is scheduled', async () => {
    const sim = createSimulator({ delivery: 'off' });
    sim.placeInboundCall({ to: US, from: CALLER });
    expect(await sim.runUntilIdle({ maxVirtualMs: 60_000 })).toMatchObject({
      reason: 'bound',
      now: Date.UTC(2026, 0, 1) + 60_000,
    });
    await sim.close();
    expect((await sim.runUntilIdle()).reason).toBe('stalled');
  });
});
