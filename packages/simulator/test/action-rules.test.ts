import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { voiceRequest } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';
const play = { method: 'play', params: { url: 'https://a.test/a.wav', collect_digits: { max: 1 } } };

/** POSTs an action to a call and answers its status string. */
async function post(
  sim: ReturnType<typeof createSimulator>,
  referenceId: string,
  action: object,
): Promise<string> {
  const response = await sim.fetch(voiceRequest({ ...action, reference_id: referenceId }));
  return ((await response.json()) as { status: string }).status;
}

describe('which POSTed action each call state allows', () => {
  it.each([['incoming_call', ['speak', 'play', 'play_multiple', 'dial', 'hangup'], ['send_dtmf']]] as const)(
    'after %s: allowed %j, refused %j',
    async (_event, allowed, refused) => {
      for (const method of allowed) {
        const sim = createSimulator({ delivery: 'off' });
        const call = sim.placeInboundCall({ to: US, from: CALLER });
        const params =
          method === 'speak'
            ? { tts: { message: 'Hi' } }
            : method === 'play'
              ? { url: 'https://a.test/a.wav' }
              : method === 'play_multiple'
                ? { urls: ['https://a.test/a.wav'] }
                : method === 'dial'
                  ? { to: '15550002222', caller_id_number: US }
                  : {};
        expect(await post(sim, call.reference_id, { method, params })).toMatch(/accepted$/);
      }
      for (const method of refused) {
        const sim = createSimulator({ delivery: 'off' });
        const call = sim.placeInboundCall({ to: US, from: CALLER });
        expect(await post(sim, call.reference_id, { method, params: { digits: '1' } })).toBe(
          'unsupported_call_state',
        );
      }
    },
  );

  it('while a prompt collects digits only hangup is allowed; after play_completed a transfer is', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    expect(await post(sim, call.reference_id, play)).toBe('action_accepted');
    expect(await post(sim, call.reference_id, play)).toBe('unsupported_call_state');
    expect(await post(sim, call.reference_id, { method: 'send_dtmf', params: { digits: '1' } })).toBe(
      'unsupported_call_state',
    );
    await sim.clock.advance(10_000);
    expect(sim.call(call.reference_id)?.last_sequence).toBe(2);
    expect(await post(sim, call.reference_id, { method: 'send_dtmf', params: { digits: '1' } })).toBe(
      'unsupported_call_state',
    );
    expect(
      await post(sim, call.reference_id, {
        method: 'dial',
        params: { to: '15550002222', caller_id_number: US },
      }),
    ).toBe('dial_accepted');
  });

  it('after dial_completed send_dtmf is allowed and keeps the call waiting for the next action', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const response = await sim.fetch(
      voiceRequest({ method: 'dial', params: { to: '15550002222', caller_id_number: US } }),
    );
    const id = ((await response.json()) as { reference_id: string }).reference_id;
    expect(await post(sim, id, play)).toBe('unsupported_call_state'); // still ringing
    await sim.clock.advance(3_000);
    expect(await post(sim, id, { method: 'send_dtmf', params: { digits: '12#' } })).toBe('action_accepted');
    expect(await post(sim, id, { method: 'send_dtmf', params: { digits: '3' } })).toBe('action_accepted');
    expect(await post(sim, id, play)).toBe('action_accepted');
    expect(await post(sim, id, { method: 'dial', params: { to: '15550003333', caller_id_number: US } })).toBe(
      'unsupported_call_state',
    );
  });
});
