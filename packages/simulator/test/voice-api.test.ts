import { PATHS, VOICE_RESPONSE_STATUS } from '@ivrkit/protocol';
import { signRequest } from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS } from '../src/index.js';
import { hangup, speak, voiceRequest } from './helpers.js';

const CALLER_ID = '15555551212';
const dial = (params: Record<string, unknown> = {}) => ({
  method: 'dial',
  params: { to: '15550009999', caller_id_number: CALLER_ID, ...params },
});

async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v2/voice: TeleSign status strings and HTTP codes', () => {
  const cases: Array<[string, () => Request, number, string]> = [
    ['a dial', () => voiceRequest(dial()), 202, 'dial_accepted'],
    [
      'no Authorization header',
      () => voiceRequest(dial(), { headers: { Authorization: '' } }),
      401,
      'credentials_not_provided',
    ],
    [
      'a wrong API key',
      () =>
        voiceRequest(dial(), {
          credentials: { customerId: DEMO_CREDENTIALS.customerId, apiKey: 'd3Jvbmc=' },
        }),
      401,
      'not_authorized',
    ],
    [
      'a caller id we do not lease',
      () => voiceRequest(dial({ caller_id_number: '15550001234' })),
      400,
      'caller_id_number_not_owned',
    ],
    [
      'no caller id',
      () => voiceRequest(dial({ caller_id_number: undefined })),
      400,
      'caller_id_number_not_provided',
    ],
    ['no to', () => voiceRequest(dial({ to: undefined })), 400, 'to_number_not_provided'],
    ['a malformed to', () => voiceRequest(dial({ to: '+1 555 000 9999' })), 400, 'invalid_phone_number'],
    ['a premium number', () => voiceRequest(dial({ to: '19005550100' })), 200, 'premium_to_number_rejected'],
    ['malformed JSON', () => voiceRequest('{"method": "dial",'), 400, 'invalid_request'],
    ['a JSON array', () => voiceRequest('[]'), 400, 'invalid_request'],
    ['an unknown method', () => voiceRequest({ method: 'teleport', params: {} }), 400, 'invalid_request'],
    ['an action without reference_id', () => voiceRequest(hangup()), 400, 'invalid_request'],
    [
      'an unknown reference_id',
      () => voiceRequest({ ...hangup(), reference_id: 'NOPE' }),
      404,
      'call_not_found',
    ],
    [
      'a form-encoded body',
      () => voiceRequest('method=dial', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_content_type',
    ],
    ['an oversized body', () => voiceRequest('x'.repeat(70_000)), 413, 'request_too_large'],
    ['a GET', () => voiceRequest(undefined, { method: 'GET' }), 405, 'method_not_allowed'],
    ['an unknown path', () => voiceRequest(dial(), { path: '/v2/voicemail' }), 404, 'not_found'],
  ];
  it.each(cases)('%s → %i %s', async (_name, request, httpStatus, status) => {
    const sim = createSimulator();
    const { status: code, body } = await answer(await sim.fetch(request()));
    expect(code).toBe(httpStatus);
    expect(body.status).toBe(status);
    if (httpStatus !== 202) expect(typeof body.message).toBe('string');
    expect(VOICE_RESPONSE_STATUS[status as keyof typeof VOICE_RESPONSE_STATUS]).toBe(httpStatus);
  });

  it('refuses an oversized streamed body without a Content-Length, without buffering it all', async () => {
    const sim = createSimulator();
    const chunk = new Uint8Array(16 * 1024).fill(120);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://sim.test/v2/voice', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: voiceRequest({}).headers.get('authorization') as string,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    const { status, body: json } = await answer(await sim.fetch(request));
    expect(status).toBe(413);
    expect(json.status).toBe('request_too_large');
    expect(pulled).toBeLessThan(10);
  });

  it('accepts TSA-signed requests and refuses a stale Date', async () => {
    const sim = createSimulator();
    const body = JSON.stringify(dial());
    const signed = signRequest(DEMO_CREDENTIALS, { method: 'POST', path: PATHS.voice, body });
    const ok = await sim.fetch(
      new Request('http://sim.test/v2/voice', { method: 'POST', headers: { ...signed }, body }),
    );
    expect(ok.status).toBe(202);
    const stale = signRequest(DEMO_CREDENTIALS, {
      method: 'POST',
      path: PATHS.voice,
      body,
      date: new Date(Date.now() - 3_600_000).toUTCString(),
    });
    const refused = await answer(
      await sim.fetch(
        new Request('http://sim.test/v2/voice', { method: 'POST', headers: { ...stale }, body }),
      ),
    );
    expect(refused).toMatchObject({ status: 401, body: { status: 'not_authorized' } });
  });

  it('answers 429 rate_limit_exceeded past the configured rate, in simulated time', async () => {
    const sim = createSimulator({ rateLimit: { requests: 2, perMs: 1_000 } });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await sim.fetch(voiceRequest(dial()))).status);
    expect(codes).toEqual([202, 202, 429]);
    await sim.clock.advance(1_000);
    expect((await sim.fetch(voiceRequest(dial()))).status).toBe(202);
  });

  it('refuses other configured numbers with their 200 status', async () => {
    const sim = createSimulator({ dialRefusals: { '15550009999': 'to_number_blocked_by_customer' } });
    const { status, body } = await answer(await sim.fetch(voiceRequest(dial())));
    expect(status).toBe(200);
    expect(body.status).toBe('to_number_blocked_by_customer');
    expect(body.reference_id).toMatch(/^[0-9A-F]{32}$/);
  });
});

describe('the Customer Action API: actions POSTed with a reference_id', () => {
  it('accepts an allowed action (202 action_accepted) and refuses one the state does not allow (400 unsupported_call_state)', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const call = sim.placeInboundCall({ to: CALLER_ID, from: '15558675309' });
    const refer = (action: object) => voiceRequest({ ...action, reference_id: call.reference_id });
    // send_dtmf may not answer incoming_call.
    const refused = await answer(await sim.fetch(refer({ method: 'send_dtmf', params: { digits: '1' } })));
    expect(refused).toMatchObject({
      status: 400,
      body: { status: 'unsupported_call_state', reference_id: call.reference_id },
    });
    const accepted = await answer(await sim.fetch(refer(speak('Hello there'))));
    expect(accepted).toMatchObject({ status: 202, body: { status: 'action_accepted' } });
    // While the prompt plays, another prompt is not allowed; hangup always is.
    const busy = await answer(await sim.fetch(refer(speak('Again'))));
    expect(busy.body.status).toBe('unsupported_call_state');
    expect((await sim.fetch(refer(hangup()))).status).toBe(202);
    const after = await answer(await sim.fetch(refer(hangup())));
    expect(after).toMatchObject({
      status: 400,
      body: { status: 'unsupported_call_state', message: 'the call has ended' },
    });
    expect(sim.call(call.reference_id)?.state).toBe('completed');
  });

  it('refuses a transfer from a caller id that is neither ours nor the caller', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const call = sim.placeInboundCall({ to: CALLER_ID, from: '15558675309' });
    const transfer = (callerId: string) =>
      voiceRequest({
        method: 'dial',
        params: { to: '15550007777', caller_id_number: callerId },
        reference_id: call.reference_id,
      });
    expect((await answer(await sim.fetch(transfer('15550001111')))).body.status).toBe(
      'caller_id_number_not_owned',
    );
    expect((await answer(await sim.fetch(transfer('15558675309')))).body.status).toBe('dial_accepted');
  });
});
