import {
  authenticateRequest,
  basicAuthorization,
  CredentialsError,
  createNonceCache,
  parseBasicAuthorization,
  signCallback,
  signRequest,
  verifyCallback,
} from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import { callbackSignature } from '../src/auth/callback-signing.js';

const key = 'ABC12345yusumoN6BYsBVkh+yRJ5czgsnCehZaOYldPJdmFh6NeX8kunZ2zU1YWaUw/0wV6xfw==';
const credentials = { customerId: 'FFFFFFFF-EEEE-DDDD-1234-AB1234567890', apiKey: key };
const date = 'Wed, 14 Dec 2016 18:20:12 GMT';
const nonce = 'A1592C6F-E384-4CDB-BC42-C3AB970369E9';
const signatureOf = (authorization: string) => authorization.split(':').pop();

describe('the test vectors of TeleSign (docs/protocol.md, Authentication)', () => {
  it('signs POST /v2/voice with a dial body', () => {
    const body = '{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313"}}';
    const headers = signRequest(credentials, { method: 'POST', path: '/v2/voice', body, date, nonce });
    expect(signatureOf(headers.Authorization)).toBe('uRzzXzCNZAjlfGWfQ30d7aQCRPZVUvRH4pCgDMcZjEo=');
    expect(headers['Content-Type']).toBe('application/json');
  });

  it('signs GET /v1/phone_numbers/numbers without a body', () => {
    const headers = signRequest(credentials, {
      method: 'GET',
      path: '/v1/phone_numbers/numbers',
      date,
      nonce,
    });
    expect(signatureOf(headers.Authorization)).toBe('y0dBr8l1rsIecPKSQkjUMGksFjIBa/VyE9bN2wM2Hn8=');
    expect(headers['Content-Type']).toBe('');
  });

  it('signs a callback body', () => {
    const body =
      '{"event":"incoming_call","reference_id":"534e1848-235f-482d-983d-e3e11a04f58a","data":{"to":"15555551212","from":"15558675309"}}';
    expect(callbackSignature(credentials, body)).toBe('sOX3RrtywMldgR3KHHHBb8pDomUEtHf234pGg89+3vo=');
    const headers = signCallback(credentials, body);
    expect(headers['X-TS-Authorization']).toBe('sOX3RrtywMldgR3KHHHBb8pDomUEtHf234pGg89+3vo=');
    expect(headers.Authorization).toBe(
      `TSA ${credentials.customerId}:sOX3RrtywMldgR3KHHHBb8pDomUEtHf234pGg89+3vo=`,
    );
  });

  it("matches TeleSign's Node SDK test vector", () => {
    const headers = signRequest(
      { customerId: 'FFFFFFFF-EEEE-DDDD-1234-AB1234567890', apiKey: 'yourApiKey' },
      { method: 'POST', path: '/v1/resource', body: '{"key":"value"}', date, nonce },
    );
    expect(signatureOf(headers.Authorization)).toBe('q5n15bclH8MY7OmbZnuVxwb9uivpmafJAlLcFnN/U8A=');
  });
});

describe('Basic', () => {
  it('builds and parses the header', () => {
    const header = basicAuthorization({ customerId: 'cust', apiKey: 'key:with:colons' });
    expect(parseBasicAuthorization(header)).toEqual({ customerId: 'cust', apiKey: 'key:with:colons' });
  });
  it('answers null for what is not Basic', () => {
    expect(parseBasicAuthorization('Bearer x')).toBeNull();
    expect(parseBasicAuthorization(undefined)).toBeNull();
    expect(parseBasicAuthorization(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeNull();
  });
});

describe('callback verification', () => {
  const body = '{"event":"call_completed"}';
  const headersOf = (record: Record<string, string>) => new Headers(record);
  it('accepts its own signature, with either or both headers', () => {
    const signed = signCallback(credentials, body);
    expect(verifyCallback(credentials, body, headersOf({ ...signed }))).toBe(true);
    expect(
      verifyCallback(credentials, body, headersOf({ 'X-TS-Authorization': signed['X-TS-Authorization'] })),
    ).toBe(true);
    expect(verifyCallback(credentials, body, headersOf({ Authorization: signed.Authorization }))).toBe(true);
  });
  it('refuses a changed body, a wrong customer, a missing signature', () => {
    const signed = signCallback(credentials, body);
    expect(verifyCallback(credentials, `${body} `, headersOf({ ...signed }))).toBe(false);
    expect(
      verifyCallback(
        { ...credentials, customerId: 'other' },
        body,
        headersOf({ Authorization: signed.Authorization }),
      ),
    ).toBe(false);
    expect(verifyCallback(credentials, body, headersOf({}))).toBe(false);
    expect(verifyCallback(credentials, body, headersOf({ 'X-TS-Authorization': 'garbage' }))).toBe(false);
  });
  it('throws a typed configuration error for unusable keys', () => {
    expect(() => signCallback({ customerId: 'c', apiKey: '' }, body)).toThrow(CredentialsError);
    expect(() => signCallback({ customerId: 'c', apiKey: 'not base64 !' }, body)).toThrow(/not base64/);
    expect(() => signCallback({ customerId: '', apiKey: key }, body)).toThrow(/customer id is missing/);
  });
});

describe('request verification', () => {
  const now = Date.parse(date);
  const apiKeyOf = (id: string) => (id === credentials.customerId ? key : undefined);
  const body = '{"method":"hangup","params":{}}';
  const request = (headers: Record<string, string>, overrides: { body?: string; path?: string } = {}) => ({
    method: 'POST',
    path: overrides.path ?? '/v2/voice',
    headers: new Headers(headers),
    body: overrides.body ?? body,
  });
  const signed = (n = nonce) => ({
    ...signRequest(credentials, { method: 'POST', path: '/v2/voice', body, date, nonce: n }),
  });

  it('accepts a signed request, then refuses its replay', () => {
    const nonces = createNonceCache({ ttlMs: 60_000, now: () => now });
    expect(authenticateRequest(request(signed()), { apiKeyOf, nonces, now: () => now })).toEqual({
      ok: true,
      customerId: credentials.customerId,
      scheme: 'hmac',
    });
    const replay = authenticateRequest(request(signed()), { apiKeyOf, nonces, now: () => now });
    expect(replay).toMatchObject({
      ok: false,
      status: 'not_authorized',
      message: expect.stringMatching(/replay/),
    });
  });

  it('refuses a stale Date', () => {
    const result = authenticateRequest(request(signed()), { apiKeyOf, now: () => now + 16 * 60_000 });
    expect(result).toMatchObject({
      ok: false,
      status: 'not_authorized',
      message: expect.stringMatching(/Date/),
    });
  });

  it('refuses a tampered body or path', () => {
    expect(
      authenticateRequest(request(signed(), { body: `${body} ` }), { apiKeyOf, now: () => now }).ok,
    ).toBe(false);
    expect(authenticateRequest(request(signed(), { path: '/v1/x' }), { apiKeyOf, now: () => now }).ok).toBe(
      false,
    );
  });

  it('says when credentials are missing, unknown or malformed', () => {
    expect(authenticateRequest(request({}), { apiKeyOf })).toMatchObject({
      status: 'credentials_not_provided',
    });
    expect(authenticateRequest(request({ Authorization: 'Bearer x' }), { apiKeyOf })).toMatchObject({
      status: 'not_authorized',
    });
    const basic = basicAuthorization({ customerId: credentials.customerId, apiKey: key });
    expect(authenticateRequest(request({ Authorization: basic }), { apiKeyOf })).toMatchObject({
      ok: true,
      scheme: 'basic',
    });
    const wrong = basicAuthorization({ customerId: credentials.customerId, apiKey: 'wrong' });
    expect(authenticateRequest(request({ Authorization: wrong }), { apiKeyOf })).toMatchObject({ ok: false });
  });
});
