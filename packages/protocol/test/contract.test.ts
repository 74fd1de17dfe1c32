import {
  ACTION_METHODS,
  ALLOWED_REPLIES,
  EVENT_NAMES,
  httpStatusOf,
  isAcceptedVoiceResponse,
  isAllowedReply,
  VOICE_RESPONSE_STATUS,
} from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';

describe('ALLOWED_REPLIES', () => {
  it('names every event and only known methods', () => {
    expect(Object.keys(ALLOWED_REPLIES).sort()).toEqual([...EVENT_NAMES].sort());
    for (const methods of Object.values(ALLOWED_REPLIES)) {
      for (const method of methods) expect(ACTION_METHODS).toContain(method);
    }
  });
  it('answers per docs/protocol.md (Events)', () => {
    expect(isAllowedReply('incoming_call', 'dial')).toBe(true);
    expect(isAllowedReply('incoming_call', 'send_dtmf')).toBe(false);
    expect(isAllowedReply('dial_completed', 'send_dtmf')).toBe(true);
    expect(isAllowedReply('dial_completed', 'dial')).toBe(false);
    expect(isAllowedReply('call_leg_completed', 'play_multiple')).toBe(false);
    expect(isAllowedReply('call_completed', 'hangup')).toBe(false);
  });
});

describe('/v2/voice statuses', () => {
  it('map to the documented HTTP codes', () => {
    expect(VOICE_RESPONSE_STATUS.dial_accepted).toBe(202);
    expect(VOICE_RESPONSE_STATUS.to_number_blocked_by_telesign).toBe(200);
    expect(httpStatusOf('unsupported_call_state')).toBe(400);
    expect(httpStatusOf('not_authorized')).toBe(401);
    expect(httpStatusOf('rate_limit_exceeded')).toBe(429);
  });
  it('treat a 200 as a refusal', () => {
    expect(isAcceptedVoiceResponse(200)).toBe(false);
    expect(isAcceptedVoiceResponse(202)).toBe(true);
  });
});
