/**
 * Small flows the tests share.
 */
import { ask, defineFlow, type Flow, hangup, lookup, menu, say, transfer } from '../../src/index.js';

/** A three-option menu with a lookup behind option 1, a transfer behind 2 and a goodbye behind 3. */
export function frontDesk(lookups: Flow['lookups'] = { hours: async () => '9 to 5' }): Flow {
  return defineFlow({
    id: 'front-desk',
    version: 1,
    direction: 'inbound',
    start: 'main',
    lookups: { ...lookups },
    nodes: {
      main: menu({
        prompt: 'For opening hours press 1, for a person press 2, to hang up press 3.',
        options: { 1: 'hours', 2: 'person', 3: 'bye' },
        noInput: { retries: 2, prompt: 'Are you there? Press 1, 2 or 3.', next: 'bye' },
        invalid: { retries: 1, prompt: 'Please press 1, 2 or 3.' },
      }),
      hours: lookup({
        name: 'hours',
        timeoutMs: 2_000,
        saveAs: 'hours',
        next: 'readHours',
        onError: 'sorry',
      }),
      readHours: say({ prompt: (d) => `We are open ${d.hours}.`, next: 'main' }),
      sorry: say({ prompt: 'Sorry, something went wrong.', next: 'main' }),
      person: transfer({ to: '15550009999', callerId: 'caller', onFailed: 'sorry' }),
      bye: hangup({ prompt: 'Goodbye.' }),
    },
  });
}

/** An outbound flow that asks a 4-digit PIN. */
export function pinCheck(): Flow {
  return defineFlow({
    id: 'pin-check',
    version: 1,
    direction: 'outbound',
    start: 'pin',
    nodes: {
      pin: ask({
        prompt: { play: 'https://example.com/enter-pin.wav' },
        min: 4,
        max: 4,
        timeout: 6_000,
        interDigitTimeout: 2_000,
        validate: (d) => d !== '0000',
        saveAs: 'pin',
        next: 'ok',
        invalid: {
          retries: 1,
          prompt: { playAll: ['https://example.com/bad.wav', 'https://example.com/again.wav'] },
        },
      }),
      ok: hangup(),
    },
  });
}
