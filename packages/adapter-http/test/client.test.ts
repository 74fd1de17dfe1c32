import { authenticateRequest, CredentialsError, parseBasicAuthorization } from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import {
  createManualClock,
  createTeleSignClient,
  type HttpError,
  isHttpError,
  isNetworkError,
  isTeleSignError,
  isTimeoutError,
  NetworkError,
  type TimeoutError,
} from '../src/index.js';
import { credentials, drive, json, scriptedFetch, socketError } from './helpers.js';

const dialParams = { to: '15555551212', caller_id_number: '15554441313' };
const accepted = () => json({ reference_id: 'ref-1', status: 'dial_accepted' }, 202);

function client(answers: Parameters<typeof scriptedFetch>[0], extra: Record<string, unknown> = {}) {
  const clock = createManualClock(Date.parse('2026-11-24T05:00:00Z'));
  const fake = scriptedFetch(answers);
  const telesign = createTeleSignClient({
    ...credentials,
    baseUrl: 'https://telesign.test',
    fetch: fake.fetch,
    clock,
    wallClock: clock.now,
    random: () => 0.5,
    env: {},
    ...extra,
  });
  return { telesign, clock, ...fake };
}

describe('configuration', () => {
  it('falls back to TELESIGN_* environment variables', async () => {
    const fake = scriptedFetch([accepted()]);
    const telesign = createTeleSignClient({
      fetch: fake.fetch,
      auth: 'basic',
      env: {
        TELESIGN_CUSTOMER_ID: 'env-customer',
        TELESIGN_API_KEY: 'ZW52S2V5LWZvci10ZXN0',
        TELESIGN_BASE_URL: 'http://localhost:9999/',
      },
    });
    expect(telesign.baseUrl).toBe('http://localhost:9999');
    await telesign.dial(dialParams);
    expect(fake.requests[0]?.url).toBe('http://localhost:9999/v2/voice');
    expect(parseBasicAuthorization(fake.requests[0]?.headers.get('authorization'))).toEqual({
      customerId: 'env-customer',
      apiKey: 'ZW52S2V5LWZvci10ZXN0',
    });
  });

  it('options win over the environment, and the default host is TeleSign', () => {
    const telesign = createTeleSignClient({ ...credentials, env: { TELESIGN_CUSTOMER_ID: 'other' } });
    expect(telesign.baseUrl).toBe('https://rest-ww.telesign.com');
  });

  it('throws CredentialsError naming the variable, never a value', () => {
    expect(() => createTeleSignClient({ env: { TELESIGN_API_KEY: 'c2VjcmV0' } })).toThrow(
      /TELESIGN_CUSTOMER_ID/,
    );
    expect(() => createTeleSignClient({ customerId: 'c', env: {} })).toThrow(CredentialsError);
  });
});

describe('authentication', () => {
  it('signs with TeleSign HMAC (digest) that a TeleSign-side verifier accepts', async () => {
    const { telesign, requests, bodies, clock } = client([accepted()]);
    await telesign.dial(dialParams);
    const request = requests[0] as Request;
    expect(request.headers.get('authorization')).toMatch(/^TSA FFFFFFFF-EEEE-DDDD-1234-AB1234567890:/);
    const result = authenticateRequest(
      { method: 'POST', path: '/v2/voice', headers: request.headers, body: bodies[0] as string },
      { apiKeyOf: (id) => (id === credentials.customerId ? credentials.apiKey : undefined), now: clock.now },
    );
    expect(result).toEqual({ ok: true, customerId: credentials.customerId, scheme: 'hmac' });
  });

  it('signs a GET without a body or content type', async () => {
    const { telesign, requests, clock } = client([json({ data: [] })]);
    await telesign.phoneNumbers.search({ country_iso2: 'US', voice_capable: true });
    const request = requests[0] as Request;
    expect(new URL(request.url).search).toBe('?country_iso2=US&voice_capable=true');
    const result = authenticateRequest(
      { method: 'GET', path: '/v1/phone_numbers/numbers', headers: request.headers, body: '' },
      { apiKeyOf: () => credentials.apiKey, now: clock.now },
    );
    expect(result.ok).toBe(true);
  });

  it('uses Basic when asked', async () => {
    const { telesign, requests } = client([accepted()], { auth: 'basic' });
    await telesign.dial(dialParams);
    expect(parseBasicAuthorization(requests[0]?.headers.get('authorization'))).toEqual(credentials);
  });
});

describe('endpoints', () => {
  it('sends an action for a live call with its reference_id at the top level', async () => {
    const { telesign, bodies } = client([json({ reference_id: 'abc', status: 'action_accepted' }, 202)]);
    const answer = await telesign.sendAction('abc', { method: 'hangup', params: {} });
    expect(answer.status).toBe('action_accepted');
    expect(JSON.parse(bodies[0] as string)).toEqual({ method: 'hangup', params: {}, reference_id: 'abc' });
  });

  it('calls the phone-number, recording and Call Query paths', async () => {
    const { telesign, requests } = client(
      [json({ data: [] }), json({ data: [] }), new Response(null, { status: 204 }), json({}), json({})],
      { paths: { callQuery: '/custom/calls' } },
    );
    await telesign.phoneNumbers.lease({ country_iso2: 'US', phone_number: '15555550100' });
    await telesign.phoneNumbers.cancel('lease/1');
    await telesign.recordings.delete('ref 1');
    await telesign.calls.get('ref-2');
    await telesign.calls.events('ref-2', 7);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([
      'POST /v1/phone_numbers/leases',
      'DELETE /v1/phone_numbers/leases/lease%2F1',
      'DELETE /v2/call_recording/ref%201',
      'GET /custom/calls/ref-2',
      'GET /custom/calls/ref-2/events?after=7',
    ]);
  });
});

describe('errors', () => {
  it('a 200 to a dial is a refusal carrying TeleSign status, and is not retried', async () => {
    const { telesign, requests } = client([
      json({ reference_id: 'r', status: 'to_number_blocked_by_country' }, 200),
    ]);
    const error = await telesign.dial(dialParams).catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(isTeleSignError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'HttpError',
      httpStatus: 200,
      status: 'to_number_blocked_by_country',
      method: 'POST',
      url: 'https://telesign.test/v2/voice',
    });
    expect((error as HttpError).message).toContain('POST https://telesign.test/v2/voice');
    expect((error as HttpError).message).not.toContain(credentials.apiKey);
    expect(requests).toHaveLength(1);
  });

  it('a 400 carries unsupported_call_state', async () => {
    const { telesign } = client([json({ reference_id: 'r', status: 'unsupported_call_state' }, 400)]);
    await expect(telesign.sendAction('r', { method: 'hangup', params: {} })).rejects.toMatchObject({
      status: 'unsupported_call_state',
      httpStatus: 400,
    });
  });

  it('a network failure is a NetworkError with the original in cause', async () => {
    const failure = socketError('ECONNRESET');
    const { telesign } = client([failure], { retry: 0 });
    const error = await telesign.calls.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isNetworkError(error)).toBe(true);
    expect((error as NetworkError).cause).toBe(failure);
    expect((error as NetworkError).connectFailed).toBe(false);
  });

  it('a request that gets no answer times out per attempt', async () => {
    const never = () => new Promise<Response>(() => {});
    const { telesign, clock } = client([never], { timeout: 2_000, retry: 0 });
    const error = await drive(
      clock,
      telesign.calls.get('x').catch((e: unknown) => e),
    );
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(2_000);
  });
});

describe('retries', () => {
  it('honours Retry-After on a 429, then succeeds', async () => {
    const { telesign, clock, requests } = client([
      json({ status: 'rate_limit_exceeded' }, 429, { 'retry-after': '3' }),
      accepted(),
    ]);
    const started = clock.now();
    const answer = await drive(clock, telesign.dial(dialParams));
    expect(answer.reference_id).toBe('ref-1');
    expect(requests).toHaveLength(2);
    expect(clock.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(clock.now() - started).toBeLessThan(3_200);
    // Each attempt is signed afresh.
    expect(requests[0]?.headers.get('x-ts-nonce')).not.toBe(requests[1]?.headers.get('x-ts-nonce'));
  });

  it('backs off with jitter on 5xx for idempotent requests, up to the limit', async () => {
    const retries: number[] = [];
    const { telesign, clock, requests } = client(
      [json({}, 503), json({}, 502), json({}, 500), json({ reference_id: 'x', status: 'in_progress' })],
      {
        retry: { limit: 3, backoffMs: 100, jitter: 0.5 },
        onRetry: (info: { delayMs: number }) => retries.push(info.delayMs),
      },
    );
    await drive(clock, telesign.calls.get('x'), 10);
    expect(requests).toHaveLength(4);
    // random() = 0.5 → 75% of 100, 200, 400.
    expect(retries).toEqual([75, 150, 300]);
  });

  it('gives up after the limit and throws the last error', async () => {
    const { telesign, clock, requests } = client([json({}, 503), json({}, 503), json({}, 503)], {
      retry: { limit: 2, backoffMs: 10 },
    });
    const error = await drive(
      clock,
      telesign.calls.get('x').catch((e: unknown) => e),
      10,
    );
    expect(error).toMatchObject({ httpStatus: 503 });
    expect(requests).toHaveLength(3);
  });

  it('never retries a dial that may have placed a call (5xx, timeout, reset)', async () => {
    for (const answer of [json({}, 500), socketError('ECONNRESET')]) {
      const { telesign, clock, requests } = client([answer, accepted()]);
      await drive(
        clock,
        telesign.dial(dialParams).catch(() => undefined),
      );
      expect(requests).toHaveLength(1);
    }
    const never = () => new Promise<Response>(() => {});
    const { telesign, clock, requests } = client([never, accepted()], { timeout: 1_000 });
    await drive(
      clock,
      telesign.dial(dialParams).catch(() => undefined),
    );
    expect(requests).toHaveLength(1);
  });

  it('retries a dial whose connection was refused (it never left)', async () => {
    const { telesign, clock, requests } = client([socketError('ECONNREFUSED'), accepted()]);
    await drive(clock, telesign.dial(dialParams));
    expect(requests).toHaveLength(2);
  });

  it('retries an action after a connection reset (actions are repeatable)', async () => {
    const { telesign, clock, requests } = client([
      socketError('ECONNRESET'),
      json({ reference_id: 'r', status: 'action_accepted' }, 202),
    ]);
    await drive(clock, telesign.sendAction('r', { method: 'hangup', params: {} }));
    expect(requests).toHaveLength(2);
  });

  it('an abort during the retry wait rejects with the signal reason', async () => {
    const { telesign, clock } = client([json({}, 503, { 'retry-after': '30' }), json({})]);
    const controller = new AbortController();
    const pending = telesign.calls.get('x', { signal: controller.signal }).catch((e: unknown) => e);
    await clock.advanceAsync(1_000);
    controller.abort(new Error('shutting down'));
    expect(await pending).toMatchObject({ message: 'shutting down' });
  });

  it('a Retry-After beyond maxRetryAfterMs is thrown, not waited for', async () => {
    const { telesign, requests } = client([
      json({ status: 'rate_limit_exceeded' }, 429, { 'retry-after': '3600' }),
    ]);
    await expect(telesign.dial(dialParams)).rejects.toMatchObject({ httpStatus: 429 });
    expect(requests).toHaveLength(1);
  });
});
