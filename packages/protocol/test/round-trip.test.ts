import { test } from '@fast-check/vitest';
import { parseActionJson, parseEventJson } from '@ivrkit/protocol';
import { voiceActionArb, voiceEventArb } from '@ivrkit/protocol/testing';
import { expect } from 'vitest';

test.prop([voiceActionArb()], { numRuns: 500 })('parse(serialise(action)) equals the action', (action) => {
  const result = parseActionJson(JSON.stringify(action));
  expect(result).toEqual({ ok: true, value: action });
});

test.prop([voiceEventArb()], { numRuns: 500 })('parse(serialise(event)) equals the event', (event) => {
  const result = parseEventJson(JSON.stringify(event));
  expect(result).toEqual({ ok: true, value: event });
});

test.prop([voiceEventArb(), voiceActionArb()])(
  'unknown extra fields are tolerated and kept',
  (event, action) => {
    const withExtras = {
      ...event,
      added_by_telesign_later: { x: 1 },
      data: { ...event.data, new_field: 'y' },
    };
    expect(parseEventJson(JSON.stringify(withExtras))).toEqual({ ok: true, value: withExtras });
    const actionWithExtras = { ...action, params: { ...action.params, future_param: true } };
    expect(parseActionJson(JSON.stringify(actionWithExtras))).toEqual({ ok: true, value: actionWithExtras });
  },
);
