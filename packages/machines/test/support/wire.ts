/**
 * Wire events for tests, built the way TeleSign (and our simulator) sends them.
 */
import type {
  CallCompletedEvent,
  CallLegCompletedEvent,
  DialCompletedEvent,
  DialStatus,
  IncomingCallEvent,
  PlayCompletedEvent,
  SpeakCompletedEvent,
} from '@ivrkit/protocol';

export const OURS = '15550001111';
export const THEIRS = '15552223333';
export const REF = '534e1848235f482d983de3e11a04f58a';

export const incomingCall = (): IncomingCallEvent => ({
  event: 'incoming_call',
  reference_id: REF,
  data: { to: OURS, from: THEIRS },
});

export const dialCompleted = (status: DialStatus = 'answered', externalId?: string): DialCompletedEvent => ({
  event: 'dial_completed',
  reference_id: REF,
  ...(externalId !== undefined ? { external_id: externalId } : {}),
  data: { to: THEIRS, from: OURS, status },
});

export const speakCompleted = (
  digits = '',
  status: 'speak_successful' | 'speak_failed' = 'speak_successful',
): SpeakCompletedEvent => ({
  event: 'speak_completed',
  reference_id: REF,
  data: { status, collected_digits: digits },
});

export const playCompleted = (digits = ''): PlayCompletedEvent => ({
  event: 'play_completed',
  reference_id: REF,
  data: { status: 'playback_successful', collected_digits: digits },
});

export const callLegCompleted = (): CallLegCompletedEvent => ({
  event: 'call_leg_completed',
  reference_id: REF,
  data: { to: '15550100000', from: THEIRS, status: 'hangup' },
});

export const callCompleted = (): CallCompletedEvent => ({
  event: 'call_completed',
  reference_id: REF,
  data: {
    duration: 42,
    created_on_utc: '2026-11-24 10:15:00.123',
    answered_on_utc: '2026-11-24 10:15:02.000',
    ended_on_utc: '2026-11-24 10:15:44.000',
    status: 'hangup',
    audio_recording_file_name: '',
    to: OURS,
    from: THEIRS,
    direction: 'inbound',
  },
});
