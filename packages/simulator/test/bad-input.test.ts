import { test } from '@fast-check/vitest';
import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS } from '../src/index.js';

const sim = createSimulator({ delivery: 'off' });
const live = sim.placeInboundCall({ to: '15555551212', from: '15558675309' });

const path = fc.oneof(
  fc.constantFrom(
    PATHS.voice,
    PATHS.callQuery,
    `${PATHS.callQuery}/${live.reference_id}`,
    `${PATHS.callQuery}/${live.reference_id}/events?after=x`,
    PATHS.phoneNumberSearch,
    `${PATHS.phoneNumberSearch}?country_iso2=%00`,
    PATHS.phoneNumberLeases,
    `${PATHS.phoneNumberLeases}/L1/extra`,
    PATHS.callRecordings,
    `${PATHS.callRecordings}?pagesize=0`,
    PATHS.eventSocket,
    `${PATHS.simulatorControl}/calls`,
    `${PATHS.simulatorControl}/callees/1555`,
    `${PATHS.simulatorControl}/clock/advance`,
    `${PATHS.simulatorControl}/calls/${live.reference_id}/press`,
  ),
  fc.webPath(),
);
const json = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value));
const action = fc
  .record({
    method: fc.constantFrom('dial', 'speak', 'play', 'play_multiple', 'send_dtmf', 'hangup', 'x'),
    params: fc.dictionary(
      fc.constantFrom('to', 'caller_id_number', 'url', 'urls', 'tts', 'digits', 'collect_digits'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    reference_id: fc.option(fc.constantFrom(live.reference_id, 'NOPE', ''), { nil: undefined }),
  })
  .map((value) => JSON.stringify(value));
const body = fc.oneof(
  json,
  action,
  fc.string({ maxLength: 200 }),
  fc.constant(''),
  fc.constant('{"a":'.repeat(40)),
);

test.prop(
  {
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
    path,
    contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
    body,
    authorized: fc.boolean(),
  },
  { numRuns: 400 },
)('any request gets an answer with a status string and a message, never a crash', async (input) => {
  const headers: Record<string, string> = {};
  if (input.contentType) headers['Content-Type'] = input.contentType;
  if (input.authorized) headers.Authorization = basicAuthorization(DEMO_CREDENTIALS);
  const init: RequestInit = { method: input.method, headers };
  if (input.method !== 'GET') init.body = input.body;
  const response = await sim.fetch(new Request(`http://sim.test${input.path}`, init));
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    const answer = (await response.json()) as { status?: unknown; message?: unknown };
    expect(typeof answer.status).toBe('string');
    expect(typeof answer.message).toBe('string');
  } else {
    await response.arrayBuffer();
  }
});
