import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import {
  defineFlow,
  type FlowEvent,
  flowEffects,
  hangup,
  menu,
  reply,
  say,
  stepFlow,
  transfer,
} from '../src/index.js';
import { TestCall } from './support/call.js';
import { incomingCall, speakCompleted } from './support/wire.js';

// The README's code, verbatim where it is code.
const frontDesk = defineFlow({
  id: 'front-desk',
  version: 1,
  direction: 'inbound', // starts on `incoming_call`
  start: 'main',
  nodes: {
    main: menu({
      prompt: 'For opening hours press 1, for our address press 2, to speak to someone press 0.',
      options: { 1: 'hours', 2: 'address', 0: 'person' },
      noInput: { next: 'bye' }, // after 2 re-prompts (the default)
      invalid: { next: 'bye' },
    }),
    hours: say({ prompt: 'We are open from 9 to 5, Monday to Friday.', next: 'main' }),
    address: say({ prompt: 'We are at 1 Main Street.', next: 'main' }),
    person: transfer({ to: '15550009999', callerId: 'caller', onFailed: 'bye', afterLeg: 'bye' }),
    bye: hangup({ prompt: 'Goodbye.' }),
  },
});

const machine = setup({ types: { events: {} as FlowEvent }, actions: { ...flowEffects } }).createMachine({
  initial: 'idle',
  states: {
    idle: {
      on: {
        incoming_call: {
          target: 'greeting',
          actions: reply('incoming_call', ({ event }) => ({
            method: 'speak',
            params: { tts: { message: `Hello ${event.event.data.from}` } },
          })),
        },
      },
    },
    greeting: {
      on: {
        speak_completed: {
          target: 'done',
          actions: reply('speak_completed', { method: 'hangup', params: {} }),
        },
      },
    },
    done: { type: 'final', output: { reason: 'hung_up', data: {} } },
  },
});
const raw = defineFlow({ id: 'raw', version: 1, direction: 'inbound', machine });

describe('the README', () => {
  it('quick start: the first answer and the hours', () => {
    const call = new TestCall(frontDesk);
    expect(JSON.stringify(call.step(incomingCall()).actions[0])).toBe(
      '{"method":"speak","params":{"tts":{"message":"For opening hours press 1, for our address press 2, ' +
        'to speak to someone press 0.","language":"en-US"},"collect_digits":{"max":1}}}',
    );
    call.step(speakCompleted('1'));
    expect(call.lastSpoken).toBe('We are open from 9 to 5, Monday to Friday.');
    call.step(speakCompleted(''));
    expect(call.lastSpoken).toMatch(/^For opening hours/);
  });

  it('low-level API: the hand-written machine', () => {
    const first = stepFlow(raw, undefined, incomingCall(), { now: 0 });
    expect(first.actions).toEqual([{ method: 'speak', params: { tts: { message: 'Hello 15552223333' } } }]);
    const second = stepFlow(raw, first.snapshot, speakCompleted(), { now: 1 });
    expect(second).toMatchObject({ actions: [{ method: 'hangup' }], done: true, end: { reason: 'hung_up' } });
  });
});
