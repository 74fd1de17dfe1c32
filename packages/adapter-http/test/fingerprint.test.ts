import { describe, expect, it } from 'vitest';
import { eventFingerprint } from '../src/index.js';

const spoken = {
  event: 'speak_completed',
  reference_id: 'ABC',
  external_id: undefined,
  data: {
    to: '1555',
    from: '1444',
    status: 'speak_successful',
    collected_digits: '12',
    extra: [1, 'a', null, { z: 1, a: [true] }],
  },
} as never;

describe('eventFingerprint', () => {
  it('keeps its values: records written before an upgrade still recognise their duplicates', () => {
    expect(eventFingerprint(spoken)).toBe('pHFz3x3CTtNtaAAkJpwtGL');
    const odd = {
      reference_id: 'X\u00e9\u{1F600}"q',
      data: { b: 1.5e-7, a: -0, c: '' },
      event: 'incoming_call',
    };
    expect(eventFingerprint(odd as never)).toBe('MDjDn_k3cqGSZrYdza1R4n');
  });

  it('ignores key order and undefined members, and tells apart any change of content', () => {
    const reordered = JSON.parse(
      '{"data":{"extra":[1,"a",null,{"a":[true],"z":1}],"collected_digits":"12","status":"speak_successful","from":"1444","to":"1555"},"reference_id":"ABC","event":"speak_completed"}',
    );
    expect(eventFingerprint(reordered)).toBe(eventFingerprint(spoken));
    const changed = structuredClone(reordered);
    changed.data.extra[3].a = [false];
    expect(eventFingerprint(changed)).not.toBe(eventFingerprint(spoken));
  });
});
