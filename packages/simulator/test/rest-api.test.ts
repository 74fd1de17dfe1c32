import { PATHS, type VoiceEvent } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS } from '../src/index.js';
import { getRequest, hangup, speak, testCustomer, voiceRequest } from './helpers.js';

const US = '15555551212';
const CALLER = '15558675309';

async function body(response: Response | Promise<Response>): Promise<Record<string, unknown>> {
  return (await (await response).json()) as Record<string, unknown>;
}

function authed(path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set('Authorization', basicAuthorization(DEMO_CREDENTIALS));
  return new Request(`http://sim.test${path}`, { ...init, headers });
}

describe('the [ours] powers, off by default as on TeleSign', () => {
  it('a default simulator answers 404 on the Call Query paths', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    for (const path of [
      PATHS.callQuery,
      `${PATHS.callQuery}/${call.reference_id}`,
      `${PATHS.callQuery}/${call.reference_id}/events`,
    ]) {
      const response = await sim.fetch(getRequest(path));
      expect(response.status).toBe(404);
      expect(await body(response)).toMatchObject({ status: 'not_found' });
    }
    expect(sim.offers).toEqual({ callQuery: false, eventSocket: false });
  });

  it('a default simulator delivers over HTTP and refuses WebSocket delivery unless offered', () => {
    expect(() => createSimulator({ delivery: 'websocket' })).toThrow(/offer: \{ eventSocket: true \}/);
    expect(createSimulator({ delivery: 'websocket', offer: { eventSocket: true } }).offers.eventSocket).toBe(
      true,
    );
  });
});

describe('the Call Query API with event posting off', () => {
  it('lists calls, answers a call status, and feeds its events after a sequence; the customer drives by POST', async () => {
    const sim = createSimulator({ delivery: 'off', offer: { callQuery: true } });
    sim.placeInboundCall({ to: US, from: CALLER, caller: { rules: [{ prompt: 1, press: '5' }] } });
    const list = await body(sim.fetch(getRequest(`${PATHS.callQuery}?state=ringing`)));
    const calls = list.calls as Array<{ reference_id: string; state: string }>;
    expect(calls).toHaveLength(1);
    const id = calls[0]?.reference_id as string;
    const feed = await body(sim.fetch(getRequest(`${PATHS.callQuery}/${id}/events?after=0`)));
    expect(
      (feed.events as Array<{ sequence: number; event: VoiceEvent }>).map((e) => [e.sequence, e.event.event]),
    ).toEqual([[1, 'incoming_call']]);
    await sim.fetch(voiceRequest({ ...speak('Press five', { max: 1 }), reference_id: id }));
    await sim.runUntilIdle({ maxVirtualMs: 5_000 });
    const next = await body(sim.fetch(getRequest(`${PATHS.callQuery}/${id}/events?after=1`)));
    expect(next).toMatchObject({
      reference_id: id,
      last_sequence: 2,
      events: [{ sequence: 2, event: { event: 'speak_completed' } }],
    });
    await sim.fetch(voiceRequest({ ...hangup(), reference_id: id }));
    const status = await body(sim.fetch(getRequest(`${PATHS.callQuery}/${id}`)));
    expect(status).toMatchObject({
      reference_id: id,
      state: 'completed',
      status: 'hangup',
      direction: 'inbound',
      last_sequence: 3,
    });
  });

  it.each([
    [`${PATHS.callQuery}?state=sleeping`, 400, 'invalid_request'],
    [`${PATHS.callQuery}/NOPE`, 404, 'call_not_found'],
    [`${PATHS.callQuery}/NOPE/things`, 404, 'not_found'],
  ])('refuses %s with %i %s', async (path, code, status) => {
    const sim = createSimulator({ offer: { callQuery: true } });
    const response = await sim.fetch(getRequest(path));
    expect(response.status).toBe(code);
    expect(await body(response)).toMatchObject({ status });
  });

  it('refuses a bad after parameter and unauthenticated queries', async () => {
    const sim = createSimulator({ delivery: 'off', offer: { callQuery: true } });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    const bad = await sim.fetch(getRequest(`${PATHS.callQuery}/${call.reference_id}/events?after=-1`));
    expect(bad.status).toBe(400);
    const anonymous = await sim.fetch(new Request(`http://sim.test${PATHS.callQuery}`));
    expect(anonymous.status).toBe(401);
    expect(await body(anonymous)).toMatchObject({ status: 'credentials_not_provided' });
  });
});

describe('phone numbers', () => {
  it('search → lease (JSON) → caller id accepted → cancel → caller id refused', async () => {
    const sim = createSimulator({ numbers: [] });
    const search = await body(
      sim.fetch(getRequest(`${PATHS.phoneNumberSearch}?country_iso2=US&voice_capable=true`)),
    );
    const number = (search.data as Array<{ phone_number: string }>)[0]?.phone_number as string;
    const dial = () =>
      voiceRequest({ method: 'dial', params: { to: '15550002222', caller_id_number: number } });
    expect((await body(sim.fetch(dial()))).status).toBe('caller_id_number_not_owned');
    const lease = await body(
      sim.fetch(
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ country_iso2: 'US', phone_number: number }),
        }),
      ),
    );
    const record = (lease.data as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(
      [
        'capabilities',
        'country_iso2',
        'lease',
        'number_type',
        'phone_number',
        'price_currency',
        'recurrence_period',
        'recurring_price',
        'setup_price',
      ].sort(),
    );
    expect((await body(sim.fetch(dial()))).status).toBe('dial_accepted');
    const leaseId = (record.lease as { lease_id: string }).lease_id;
    const cancelled = await sim.fetch(authed(`${PATHS.phoneNumberLeases}/${leaseId}`, { method: 'DELETE' }));
    expect(cancelled.status).toBe(200);
    expect((await body(sim.fetch(dial()))).status).toBe('caller_id_number_not_owned');
  });

  it.each([
    ['search without a country', () => getRequest(PATHS.phoneNumberSearch), 400, 'invalid_request'],
    [
      'search with a bad voice_capable',
      () => getRequest(`${PATHS.phoneNumberSearch}?country_iso2=US&voice_capable=maybe`),
      400,
      'invalid_request',
    ],
    [
      'lease without a number',
      () =>
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"country_iso2":"US"}',
        }),
      400,
      'invalid_request',
    ],
    [
      'lease a malformed number',
      () =>
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'country_iso2=US&phone_number=%2B15550100001',
        }),
      400,
      'invalid_phone_number',
    ],
    [
      'lease a number not offered',
      () =>
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"country_iso2":"US","phone_number":"15559990000"}',
        }),
      400,
      'invalid_request',
    ],
    [
      'lease with XML',
      () =>
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml' },
          body: '<a/>',
        }),
      415,
      'unsupported_content_type',
    ],
    [
      'lease with malformed JSON',
      () =>
        authed(PATHS.phoneNumberLeases, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{',
        }),
      400,
      'invalid_request',
    ],
    [
      'cancel an unknown lease',
      () => authed(`${PATHS.phoneNumberLeases}/L999`, { method: 'DELETE' }),
      404,
      'not_found',
    ],
    [
      'PUT a lease',
      () => authed(PATHS.phoneNumberLeases, { method: 'PUT', body: '{}' }),
      405,
      'method_not_allowed',
    ],
  ] as const)('%s → %i %s', async (_name, request, code, status) => {
    const sim = createSimulator();
    const response = await sim.fetch(request());
    expect(response.status).toBe(code);
    const json = await body(response);
    expect(json.status).toBe(status);
    expect(typeof json.message).toBe('string');
  });
});

describe('recordings', () => {
  it('lists, reads and deletes the simulated recordings of recorded calls', async () => {
    const customer = testCustomer((event) =>
      event.event === 'incoming_call' ? speak('Recorded') : hangup(),
    );
    const sim = createSimulator({ eventUrl: 'http://c.test/', fetch: customer.fetch, recording: true });
    const first = sim.placeInboundCall({ to: US, from: CALLER });
    sim.placeInboundCall({ to: US, from: CALLER });
    sim.placeInboundCall({ to: US, from: CALLER, recording: false });
    await sim.runUntilIdle();
    const page = await body(
      sim.fetch(getRequest(`${PATHS.callRecordings}?pagesize=1&start_date_time=2026-01-01T00:00:00Z`)),
    );
    expect(page.data).toHaveLength(1);
    expect(page.next_token).toBe('1');
    const rest = await body(sim.fetch(getRequest(`${PATHS.callRecordings}?pagesize=1&token=1`)));
    expect(rest).toMatchObject({ next_token: null });
    const one = await body(sim.fetch(getRequest(`${PATHS.callRecordings}/${first.reference_id}`)));
    expect(one).toMatchObject({
      reference_id: first.reference_id,
      file_name: `${first.reference_id}.wav`,
      status: 'available',
    });
    const wav = await sim.fetch(new Request(one.url as string));
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    const removed = await sim.fetch(
      authed(`${PATHS.callRecordings}/${first.reference_id}`, { method: 'DELETE' }),
    );
    expect(removed.status).toBe(204);
    expect((await body(sim.fetch(getRequest(`${PATHS.callRecordings}/${first.reference_id}`)))).status).toBe(
      'deleted',
    );
    expect(
      (await sim.fetch(authed(`${PATHS.callRecordings}/${first.reference_id}`, { method: 'DELETE' }))).status,
    ).toBe(404);
    const bad = await sim.fetch(getRequest(`${PATHS.callRecordings}?start_date_time=yesterday`));
    expect(bad.status).toBe(400);
  });
});

describe('recording faults', () => {
  it('a failed delete answers 503 failed_delete and leaves the recording', async () => {
    const customer = testCustomer((event) =>
      event.event === 'incoming_call' ? speak('Recorded') : hangup(),
    );
    const sim = createSimulator({
      eventUrl: 'http://c.test/',
      fetch: customer.fetch,
      recording: true,
      faults: { recordingDeleteFailure: 1 },
    });
    const call = sim.placeInboundCall({ to: US, from: CALLER });
    await sim.runUntilIdle();
    const response = await sim.fetch(
      authed(`${PATHS.callRecordings}/${call.reference_id}`, { method: 'DELETE' }),
    );
    expect(response.status).toBe(503);
    expect(await body(response)).toMatchObject({ status: 'failed_delete' });
    expect((await body(sim.fetch(getRequest(`${PATHS.callRecordings}/${call.reference_id}`)))).status).toBe(
      'available',
    );
  });
});

describe('the control API', () => {
  it('places a call, presses digits, reads the transcript, advances the clock, hangs up', async () => {
    const sim = createSimulator({ delivery: 'off' });
    const control = (path: string, method = 'GET', json?: unknown) =>
      sim.fetch(
        new Request(`http://sim.test${PATHS.simulatorControl}${path}`, {
          method,
          ...(json === undefined
            ? {}
            : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } }),
        }),
      );
    const placed = await control('/calls', 'POST', { to: US, from: CALLER, caller: { hangupAtMs: 60_000 } });
    expect(placed.status).toBe(201);
    const id = (await body(placed)).reference_id as string;
    await sim.fetch(voiceRequest({ ...speak('Enter your code', { max: 3 }), reference_id: id }));
    expect((await control(`/calls/${id}/press`, 'POST', { digits: '12' })).status).toBe(200);
    expect((await control(`/calls/${id}/press`, 'POST', { digits: 'xyz' })).status).toBe(400);
    expect(await body(control('/clock/advance', 'POST', { ms: 10_000 }))).toMatchObject({
      now: Date.UTC(2026, 0, 1) + 10_000,
    });
    const transcript = await body(control(`/calls/${id}/transcript`));
    const events = (transcript.entries as Array<{ kind: string; event?: VoiceEvent }>).filter(
      (e) => e.kind === 'event',
    );
    expect(events.map((e) => e.event?.data)).toContainEqual(
      expect.objectContaining({ collected_digits: '12' }),
    );
    expect(await body(control('/callees/15550002222', 'PUT', { outcome: 'busy' }))).toMatchObject({
      number: '15550002222',
    });
    expect(await body(control(`/calls/${id}/hangup`, 'POST', {}))).toMatchObject({
      state: 'completed',
      status: 'hangup',
    });
    expect(await body(control('/run-until-idle', 'POST', {}))).toMatchObject({ reason: 'idle' });
    expect(await body(control('/state'))).toMatchObject({ clock: 'virtual', live: 0 });
    expect(await body(control('/violations'))).toEqual({ violations: [] });
    expect(((await body(control('/calls'))).calls as unknown[]).length).toBe(1);
  });

  it.each([
    ['/calls', 'POST', { to: '15550001111', from: CALLER }, 400, 'invalid_request'],
    ['/calls', 'POST', { from: CALLER }, 400, 'invalid_request'],
    ['/calls', 'POST', { to: US, from: CALLER, caller: { rules: 'x' } }, 400, 'invalid_request'],
    [
      '/calls',
      'POST',
      { to: US, from: CALLER, caller: { rules: [{ press: '1x' }] } },
      400,
      'invalid_request',
    ],
    ['/calls', 'POST', { to: US, from: '+1 555' }, 400, 'invalid_request'],
    ['/callees/15550001111', 'PUT', { outcome: 'maybe' }, 400, 'invalid_request'],
    ['/callees/15550001111', 'PUT', { ringMs: -1 }, 400, 'invalid_request'],
    ['/calls', 'POST', '{"to":', 400, 'invalid_request'],
    ['/calls', 'DELETE', undefined, 405, 'method_not_allowed'],
    ['/calls/NOPE/transcript', 'GET', undefined, 404, 'call_not_found'],
    ['/clock/advance', 'POST', { ms: -5 }, 400, 'invalid_request'],
    ['/calls', 'POST', { to: US, from: CALLER, faults: { delay: null } }, 400, 'invalid_request'],
    ['/calls', 'POST', { to: US, from: CALLER, faults: { lose: 2 } }, 400, 'invalid_request'],
    ['/calls', 'POST', { to: US, from: CALLER, faults: { lsoe: 0.1 } }, 400, 'invalid_request'],
    [
      '/calls',
      'POST',
      { to: US, from: CALLER, faults: { delay: { probability: 1, minMs: 9, maxMs: 1 } } },
      400,
      'invalid_request',
    ],
    ['/callees/15550001111', 'PUT', { faults: { delay: { probability: 1 } } }, 400, 'invalid_request'],
    ['/nothing', 'GET', undefined, 404, 'not_found'],
  ] as const)('%s %s → %i %s', async (path, method, json, code, status) => {
    const sim = createSimulator();
    const response = await sim.fetch(
      new Request(`http://sim.test${PATHS.simulatorControl}${path}`, {
        method,
        ...(json === undefined
          ? {}
          : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } }),
      }),
    );
    expect(response.status).toBe(code);
    expect(await body(response)).toMatchObject({ status });
  });

  it.each([
    ['POST', '/calls', 'text/plain'],
    ['POST', '/calls/ANY/hangup', 'text/plain'],
    ['POST', '/calls/ANY/press', 'application/x-www-form-urlencoded'],
    ['PUT', '/callees/15550001111', 'multipart/form-data; boundary=x'],
    ['POST', '/clock/advance', 'text/plain'],
  ])('%s %s with %s (what a page of another site can send) → 415', async (method, path, type) => {
    const sim = createSimulator({ delivery: 'off' });
    const id = sim.placeInboundCall({ to: US, from: CALLER }).reference_id;
    const response = await sim.fetch(
      new Request(`http://sim.test${PATHS.simulatorControl}${path.replace('ANY', id)}`, {
        method,
        body: '{"to":"15555551212","from":"15558675309","digits":"1","ms":1}',
        headers: { 'Content-Type': type },
      }),
    );
    expect(response.status).toBe(415);
    expect(sim.call(id)?.state).not.toBe('completed');
    expect(sim.calls()).toHaveLength(1);
  });

  it('refuses to advance a real clock', async () => {
    const sim = createSimulator({ clock: 'real' });
    const response = await sim.fetch(
      new Request(`http://sim.test${PATHS.simulatorControl}/clock/advance`, {
        method: 'POST',
        body: '{"ms":5}',
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    expect(response.status).toBe(400);
    await sim.close();
  });
});
