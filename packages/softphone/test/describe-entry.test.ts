import { describe, expect, it } from 'vitest';
import { describeEntry, describeState } from '../src/shared/describe-entry.js';

describe('describeEntry', () => {
  it.each([
    [
      {
        kind: 'event',
        at: 0,
        t: 0,
        event: { event: 'speak_completed', data: { status: 'speak_successful', collected_digits: '1' } },
      },
      { t: 0, kind: 'event', text: 'speak_completed · speak_successful · digits 1' },
    ],
    [
      {
        kind: 'action',
        at: 0,
        t: 5,
        accepted: true,
        action: {
          method: 'speak',
          params: { tts: { message: 'Hi', language: 'en-US' }, collect_digits: { max: 8 } },
        },
      },
      { t: 5, kind: 'action', text: 'speak (en-US) [collect 8]' },
    ],
    [
      { kind: 'heard', at: 0, t: 6, party: 'caller', text: 'Hi', urls: [] },
      { t: 6, kind: 'prompt', text: 'caller hears “Hi”' },
    ],
    [
      { kind: 'input', at: 0, t: 9, party: 'caller', digit: '#' },
      { t: 9, kind: 'key', text: 'caller pressed #' },
    ],
    [
      { kind: 'hangup', at: 0, t: 10, by: 'caller', reason: 'hung up' },
      { t: 10, kind: 'hangup', text: 'hung up by caller (hung up)' },
    ],
  ])('%j', (entry, line) => {
    expect(describeEntry(entry)).toEqual(line);
  });

  it('leaves out deliveries that simply succeeded, and keeps the others', () => {
    expect(describeEntry({ kind: 'delivery', at: 0, t: 0, outcome: 'answered' })).toBeUndefined();
    expect(describeEntry({ kind: 'delivery', at: 0, t: 0, outcome: 'timeout', detail: '5 s' })?.text).toBe(
      'delivery timeout: 5 s',
    );
  });

  it('times a state change from the call’s creation', () => {
    expect(describeState({ state: 'call.menu', at: 1_500, flow: 'bank' }, 1_000)).toEqual({
      t: 500,
      kind: 'state',
      text: '→ call.menu',
    });
  });
});
