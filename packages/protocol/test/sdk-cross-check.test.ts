import { createRequire } from 'node:module';
import { test } from '@fast-check/vitest';
import { signRequest } from '@ivrkit/protocol/auth';
import fc from 'fast-check';
import { expect } from 'vitest';

// TeleSign's own Node SDK: the reference our signer must match byte for byte.
const RestClient = createRequire(import.meta.url)('telesignsdk/src/RestClient.js') as {
  generateTeleSignHeaders(
    customerId: string,
    apiKey: string,
    method: string,
    resource: string,
    contentType: string,
    encodedFields: string | null,
    date: string,
    nonce: string,
  ): Record<string, string>;
};

const apiKey = fc
  .uint8Array({ minLength: 16, maxLength: 64 })
  .map((bytes) => Buffer.from(bytes).toString('base64'));
const customerId = fc.uuid().map((id) => id.toUpperCase());
const path = fc
  .array(fc.stringMatching(/^[a-z0-9_]{1,12}$/), { minLength: 1, maxLength: 4 })
  .map((segments) => `/${segments.join('/')}`);
const date = fc
  .date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toUTCString());
const withBody = fc.record({
  method: fc.constantFrom('POST', 'PUT'),
  body: fc.jsonValue().map((value) => JSON.stringify({ value })),
  contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
});
const withoutBody = fc.record({
  method: fc.constantFrom('GET', 'DELETE'),
  body: fc.constant(''),
  contentType: fc.constant(''),
});

test.prop(
  { customerId, apiKey, path, date, nonce: fc.uuid(), request: fc.oneof(withBody, withoutBody) },
  { numRuns: 300 },
)(
  "signRequest produces the same headers as TeleSign's Node SDK",
  ({ customerId, apiKey, path, date, nonce, request }) => {
    const ours = signRequest(
      { customerId, apiKey },
      { method: request.method, path, body: request.body, contentType: request.contentType, date, nonce },
    );
    const theirs = RestClient.generateTeleSignHeaders(
      customerId,
      apiKey,
      request.method,
      path,
      request.contentType,
      request.body === '' ? null : request.body,
      date,
      nonce,
    );
    expect({ ...ours }).toEqual(theirs);
  },
);
