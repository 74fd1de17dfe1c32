import type {
  DialAction,
  PlayMultipleAction,
  SendDtmfAction,
  VoiceAction,
  VoiceEvent,
} from '@ivrkit/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ask,
  type CallSnapshot,
  defineFlow,
  type Flow,
  FlowDefinitionError,
  type FlowEvent,
  hangup,
  type LookupRequest,
  type MenuNode,
  menu,
  placeCall,
  reply,
  type StepInput,
  type StepResult,
  say,
  stepFlow,
} from '../src/index.js';

const dial: DialAction = { method: 'dial', params: { to: '15550009999', caller_id_number: '15550001111' } };
const dtmf: SendDtmfAction = { method: 'send_dtmf', params: { digits: '1' } };
const speak = { method: 'speak', params: { tts: { message: 'Hi' } } } as const;
const playAll: PlayMultipleAction = {
  method: 'play_multiple',
  params: { urls: ['https://example.com/a.wav'] },
};

describe('reply: the contract as types', () => {
  it('accepts what the contract allows after each event', () => {
    reply('incoming_call', dial);
    reply('incoming_call', speak);
    reply('dial_completed', dtmf);
    reply('speak_completed', dial);
    reply('play_completed', playAll);
    reply('call_leg_completed', { method: 'hangup', params: {} });
  });

  it('refuses what it forbids', () => {
    // @ts-expect-error dial is not allowed after dial_completed
    reply('dial_completed', dial);
    // @ts-expect-error send_dtmf is only allowed after dial_completed
    reply('speak_completed', dtmf);
    // @ts-expect-error play_multiple is not allowed after call_leg_completed
    reply('call_leg_completed', playAll);
    // @ts-expect-error nothing may answer call_completed
    reply('call_completed', { method: 'hangup', params: {} });
    // @ts-expect-error send_dtmf is not allowed after incoming_call
    reply('incoming_call', () => dtmf);
  });

  it('types computed replies by the same rule', () => {
    reply('dial_completed', ({ context }) => ({
      method: 'speak',
      params: { tts: { message: String(context) } },
    }));
    // @ts-expect-error a computed dial after dial_completed
    reply('dial_completed', () => dial);
  });
});

describe('the step API', () => {
  it('has the documented shapes', () => {
    expectTypeOf(stepFlow).parameters.toEqualTypeOf<
      [Flow, CallSnapshot | undefined, StepInput, { now: number }]
    >();
    expectTypeOf<StepResult['actions']>().toEqualTypeOf<VoiceAction[]>();
    expectTypeOf<StepResult['lookups']>().toEqualTypeOf<LookupRequest[]>();
    expectTypeOf<StepResult['nextDeadline']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StepResult['done']>().toEqualTypeOf<boolean>();
    expectTypeOf<StepResult['snapshot']['flowId']>().toEqualTypeOf<string>();
    expectTypeOf<VoiceEvent>().toMatchTypeOf<StepInput>();
    expectTypeOf<Flow['id']>().toEqualTypeOf<string>();
    expectTypeOf<Flow['version']>().toEqualTypeOf<number>();
    expectTypeOf(placeCall).returns.toEqualTypeOf<DialAction>();
  });

  it('refuses malformed runtime inputs', () => {
    const ok: StepInput[] = [
      { type: 'timer' },
      { type: 'lookup.done', id: 'a#1', output: 1 },
      { type: 'lookup.failed', id: 'a#1', error: new Error('x') },
    ];
    // @ts-expect-error a lookup result needs its id
    const noId: StepInput = { type: 'lookup.done', output: 1 };
    // @ts-expect-error not an input
    const other: StepInput = { type: 'tick' };
    void [ok, noId, other];
  });

  it('types machine events by name, with the wire event inside', () => {
    type Speak = Extract<FlowEvent, { type: 'speak_completed' }>;
    expectTypeOf<Speak['event']['data']['collected_digits']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<FlowEvent, { type: 'ivr.timeout' }>['id']>().toEqualTypeOf<string>();
  });
});

describe('the builder', () => {
  it('types node specs', () => {
    menu({ prompt: 'p', options: { 1: 'a' }, noInput: { retries: 1, next: 'b' } });
    menu({ prompt: (data) => `balance ${data.balance}`, options: { 1: 'a' } });
    // @ts-expect-error a menu needs options
    menu({ prompt: 'p' });
    // @ts-expect-error a prompt is text, { say }, { play } or { playAll }
    hangup({ prompt: { play: 1 } });
  });

  it('checks targets and the start against the node names', () => {
    expectTypeOf(menu({ prompt: 'p', options: { 1: 'a', 2: 'b' }, noInput: { next: 'c' } })).toEqualTypeOf<
      MenuNode<'a' | 'b' | 'c'>
    >();
    const nodes = {
      main: menu({ prompt: 'p', options: { 1: 'hours' }, invalid: { next: 'bye' } }),
      hours: say({ prompt: 'Nine to five.', next: 'main' }),
      bye: hangup(),
    };
    defineFlow({ id: 'ok', version: 1, direction: 'inbound', start: 'main', nodes });
    // @ts-expect-error the start names no node
    expect(() => defineFlow({ id: 'x', version: 1, direction: 'inbound', start: 'welcome', nodes })).toThrow(
      FlowDefinitionError,
    );
    expect(() =>
      // @ts-expect-error "hour" is a typo: no such node (TS: '"hour"' is not assignable … Did you mean '"hours"'?)
      defineFlow({
        id: 'x',
        version: 1,
        direction: 'inbound',
        start: 'main',
        nodes: {
          main: menu({ prompt: 'p', options: { 1: 'hour' } }),
          hours: say({ prompt: 'Nine to five.', next: 'main' }),
        },
      }),
    ).toThrow(FlowDefinitionError);
    expect(() =>
      // @ts-expect-error a retry destination is checked too
      defineFlow({
        id: 'x',
        version: 1,
        direction: 'inbound',
        start: 'main',
        nodes: {
          main: menu({ prompt: 'p', options: { 1: 'hours' } }),
          hours: ask({ prompt: 'PIN?', max: 4, saveAs: 'pin', next: 'main', invalid: { next: 'nope' } }),
        },
      }),
    ).toThrow(FlowDefinitionError);
  });
});
