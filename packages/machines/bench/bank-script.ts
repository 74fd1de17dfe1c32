/**
 * A scripted bank call that visits most of the flow: re-prompts, a balance lookup read back, the card sub-menu,
 * a failed transfer, and the goodbye.
 */
import type { StepInput } from '../src/index.js';

const REF = 'bench-ref';
const speak = (digits: string): StepInput => ({
  event: 'speak_completed',
  reference_id: REF,
  data: { status: 'speak_successful', collected_digits: digits },
});

/** The script; the lookup result uses the id the flow gives its first lookup. */
export function bankScript(): StepInput[] {
  return [
    { event: 'incoming_call', reference_id: REF, data: { to: '15550001111', from: '15552223333' } },
    speak(''),
    speak('7'),
    speak('1'),
    speak('12345678'),
    { type: 'lookup.done', id: 'balance#1', output: '1,234.56' },
    speak(''),
    speak('1'),
    speak('2'),
    speak('2'),
    speak('1234'),
    speak(''),
    speak('1'),
    speak('0'),
    speak(''),
    {
      event: 'dial_completed',
      reference_id: REF,
      data: { to: '15550100000', from: '15552223333', status: 'busy' },
    },
    speak(''),
    speak('2'),
    speak(''),
    {
      event: 'call_completed',
      reference_id: REF,
      data: {
        duration: 60,
        created_on_utc: '2026-11-24 10:00:00.000',
        answered_on_utc: '2026-11-24 10:00:01.000',
        ended_on_utc: '2026-11-24 10:01:01.000',
        status: 'hangup',
        audio_recording_file_name: '',
        to: '15550001111',
        from: '15552223333',
        direction: 'inbound',
      },
    },
  ];
}
