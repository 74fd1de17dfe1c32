/**
 * A hand-written flow machine using the low-level API, plus a deliberately broken one.
 */
import type { DialAction } from '@ivrkit/protocol';
import { setup } from 'xstate';
import { type CallEnd, defineFlow, type FlowEvent, flowEffects, reply } from '../../src/index.js';

const transferTo: DialAction = {
  method: 'dial',
  params: { to: '15550009999', caller_id_number: '15550001111' },
};

/** Greets, then transfers after the greeting; hangs up after `call_leg_completed`. Every reply is legal. */
export const rawMachine = setup({
  types: { context: {} as { greeted: number }, events: {} as FlowEvent, output: {} as CallEnd },
  actions: { ...flowEffects },
}).createMachine({
  id: 'raw',
  context: { greeted: 0 },
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
      on: { speak_completed: { target: 'bridged', actions: reply('speak_completed', transferTo) } },
    },
    bridged: {
      on: {
        call_leg_completed: {
          target: 'closing',
          actions: reply('call_leg_completed', { method: 'hangup', params: {} }),
        },
      },
    },
    closing: { on: { call_completed: 'ended' } },
    ended: { type: 'final' },
  },
  on: { call_completed: '.ended' },
  output: { reason: 'hung_up', data: {} },
});

export const rawFlow = defineFlow({ id: 'raw', version: 1, direction: 'inbound', machine: rawMachine });

/**
 * Outbound, but broken in three ways the types cannot see: it transfers right after `dial_completed`
 * (`reply` was told `speak_completed`), it replies twice to one event, and it replies to `call_completed`.
 */
export const brokenFlow = defineFlow({
  id: 'broken',
  version: 1,
  direction: 'outbound',
  machine: setup({ types: { events: {} as FlowEvent }, actions: { ...flowEffects } }).createMachine({
    initial: 'idle',
    states: {
      idle: {
        on: {
          dial_completed: { target: 'talking', actions: reply('speak_completed', transferTo) },
          speak_completed: {
            target: 'talking',
            actions: [
              reply('speak_completed', { method: 'speak', params: { tts: { message: 'one' } } }),
              reply('speak_completed', { method: 'speak', params: { tts: { message: 'two' } } }),
            ],
          },
          call_completed: { actions: reply('speak_completed', { method: 'hangup', params: {} }) },
        },
      },
      talking: {},
    },
  }),
});
