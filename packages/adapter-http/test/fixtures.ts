import { ask, defineFlow, hangup, lookup, menu, say } from '@ivrkit/machines';
import type { VoiceEvent } from '@ivrkit/protocol';

/** A small inbound flow with a lookup: menu → account number → balance lookup → goodbye. */
export function balanceFlow(balance: (input: unknown, options: { signal: AbortSignal }) => Promise<unknown>) {
  return defineFlow({
    id: 'test-balance',
    version: 1,
    direction: 'inbound',
    start: 'main',
    lookups: { balance },
    nodes: {
      main: menu({
        prompt: 'Press 1 for your balance, 2 to leave.',
        options: { '1': 'account', '2': 'bye' },
      }),
      account: ask({ prompt: 'Enter your account number.', max: 4, saveAs: 'account', next: 'fetch' }),
      fetch: lookup({
        name: 'balance',
        input: (data) => ({ account: data.account ?? null }),
        timeoutMs: 20_000,
        saveAs: 'balance',
        next: 'tell',
        onError: 'sorry',
      }),
      tell: say({ prompt: (data) => `Your balance is ${String(data.balance)}.`, next: 'bye' }),
      bye: hangup({ prompt: 'Goodbye.' }),
      sorry: hangup({ prompt: 'Sorry, try later.' }),
    },
  });
}

export const ids = { ref: 'call-0001' };

export function incoming(ref = ids.ref): VoiceEvent {
  return { event: 'incoming_call', reference_id: ref, data: { to: '15555550100', from: '15558675309' } };
}

export function spoken(digits: string, ref = ids.ref): VoiceEvent {
  return {
    event: 'speak_completed',
    reference_id: ref,
    data: { status: 'speak_successful', collected_digits: digits },
  };
}

export function completed(ref = ids.ref, duration = 30): VoiceEvent {
  return {
    event: 'call_completed',
    reference_id: ref,
    data: {
      duration,
      created_on_utc: '2026-11-24 05:00:00.000',
      answered_on_utc: '2026-11-24 05:00:01.000',
      ended_on_utc: '2026-11-24 05:00:31.000',
      status: 'hangup',
      audio_recording_file_name: '',
      to: '15555550100',
      from: '15558675309',
      direction: 'inbound',
    },
  };
}
