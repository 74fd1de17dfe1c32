import { describe, expect, it } from 'vitest';
import { backoff, parseRetryAfter } from '../src/client/retry.js';
import { HttpError, NetworkError, retryDecision, TimeoutError } from '../src/index.js';
import { socketError } from './helpers.js';

const at = { method: 'POST', url: 'https://t/v2/voice' };
const http = (status: number, headers: Record<string, string> = {}) =>
  new HttpError({ ...at, httpStatus: status, body: {}, headers: new Headers(headers) });
const now = Date.parse('2026-11-24T05:00:00Z');

describe('retryDecision', () => {
  it.each([
    ['idempotent', http(429), true],
    ['idempotent', http(503), true],
    ['idempotent', http(500), true],
    ['idempotent', http(400), false],
    ['idempotent', http(401), false],
    ['idempotent', http(200), false],
    ['idempotent', new TimeoutError({ ...at, timeoutMs: 1 }), true],
    ['idempotent', new NetworkError({ ...at, cause: socketError('ECONNRESET') }), true],
    ['once', http(429), true],
    ['once', http(500), false],
    ['once', http(503), false],
    ['once', new TimeoutError({ ...at, timeoutMs: 1 }), false],
    ['once', new NetworkError({ ...at, cause: socketError('ECONNRESET') }), false],
    ['once', new NetworkError({ ...at, cause: socketError('ECONNREFUSED') }), true],
    ['once', new NetworkError({ ...at, cause: socketError('ENOTFOUND') }), true],
    ['idempotent', new Error('a bug'), false],
  ] as const)('%s after %o → retry %s', (safety, error, expected) => {
    expect(retryDecision({ attempt: 1, error, safety, now, random: 0 }).retry).toBe(expected);
  });

  it('stops after the limit', () => {
    expect(retryDecision({ attempt: 3, error: http(503), safety: 'idempotent', now, random: 0 })).toEqual({
      retry: false,
      reason: 'gave up after 3 attempts',
    });
    expect(
      retryDecision({
        attempt: 3,
        error: http(503),
        safety: 'idempotent',
        now,
        random: 0,
        options: { limit: 5 },
      }).retry,
    ).toBe(true);
  });

  it('waits what Retry-After says, in seconds or as a date', () => {
    expect(
      retryDecision({
        attempt: 1,
        error: http(429, { 'retry-after': '2' }),
        safety: 'once',
        now,
        random: 0.9,
      }),
    ).toEqual({
      retry: true,
      delayMs: 2_000,
    });
    const date = new Date(now + 5_000).toUTCString();
    expect(
      retryDecision({
        attempt: 1,
        error: http(503, { 'retry-after': date }),
        safety: 'idempotent',
        now,
        random: 0,
      }),
    ).toEqual({ retry: true, delayMs: 5_000 });
  });
});

describe('backoff', () => {
  const options = { backoffMs: 100, maxBackoffMs: 1_000, jitter: 0.5 };
  it('doubles per attempt, caps, and randomises the jitter share', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { ...options, jitter: 0 }, 0.99))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoff(2, options, 0)).toBe(100);
    expect(backoff(2, options, 0.999999)).toBe(200);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, dates, and ignores junk', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
