import type {
  AllowedReply,
  AllowedReplyMethod,
  HangupAction,
  SpeakAction,
  VoiceAction,
} from '@ivrkit/protocol';
import { describe, expectTypeOf, it } from 'vitest';

describe('the event → allowed-replies contract, as types', () => {
  it('lets incoming_call be answered by dial but not send_dtmf', () => {
    expectTypeOf<AllowedReplyMethod<'incoming_call'>>().toEqualTypeOf<
      'hangup' | 'speak' | 'play' | 'play_multiple' | 'dial'
    >();
    const speak: AllowedReply<'incoming_call'> = { method: 'speak', params: { tts: { message: 'Hello' } } };
    expectTypeOf(speak).toExtend<VoiceAction>();
    // @ts-expect-error send_dtmf is not allowed after incoming_call
    const dtmf: AllowedReply<'incoming_call'> = { method: 'send_dtmf', params: { digits: '1' } };
    void dtmf;
  });

  it('allows nothing after call_completed', () => {
    expectTypeOf<AllowedReply<'call_completed'>>().toBeNever();
  });

  it('allows send_dtmf only after dial_completed', () => {
    expectTypeOf<AllowedReplyMethod<'dial_completed'>>().toExtend<string>();
    expectTypeOf<'send_dtmf'>().toExtend<AllowedReplyMethod<'dial_completed'>>();
    expectTypeOf<'send_dtmf'>().not.toExtend<AllowedReplyMethod<'play_completed'>>();
    expectTypeOf<HangupAction | SpeakAction>().toExtend<AllowedReply<'call_leg_completed'>>();
  });
});
