import { describe, expect, it } from 'vitest';
import { assign, fromPromise, SimulatedClock, setup } from 'xstate';
import {
  ContractViolationError,
  defineFlow,
  FlowDefinitionError,
  type FlowEvent,
  hangup,
  isContractViolationError,
  type MenuFlowSpec,
  menu,
  runFlow,
  say,
  stepFlow,
  transfer,
  UnsupportedInFlowError,
} from '../src/index.js';
import { TestCall } from './support/call.js';
import { brokenFlow, rawFlow } from './support/raw-machine.js';
import {
  callCompleted,
  callLegCompleted,
  dialCompleted,
  incomingCall,
  speakCompleted,
} from './support/wire.js';

describe('the contract at run time', () => {
  it('refuses a reply the contract forbids after the event being answered, naming what is allowed', () => {
    let caught: unknown;
    try {
      stepFlow(brokenFlow, undefined, dialCompleted(), { now: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isContractViolationError(caught)).toBe(true);
    const error = caught as ContractViolationError;
    expect(error).toMatchObject({
      name: 'ContractViolationError',
      answering: 'dial_completed',
      method: 'dial',
    });
    expect(error.message).toBe(
      'flow sent "dial" in state "idle" as the reply to "dial_completed", which allows ' +
        '"speak", "play", "play_multiple", "hangup", "send_dtmf"',
    );
  });

  it('refuses a second reply to the same event', () => {
    expect(() => stepFlow(brokenFlow, undefined, speakCompleted(), { now: 0 })).toThrow(
      /no event awaits a reply/,
    );
  });

  it('refuses any reply to call_completed', () => {
    expect(() => stepFlow(brokenFlow, undefined, callCompleted(), { now: 0 })).toThrow(
      'flow sent "hangup" in state "idle" as the reply to "call_completed", which allows no reply',
    );
  });

  it('rejects the live call with the same error', async () => {
    const sent: unknown[] = [];
    const call = runFlow(brokenFlow, { clock: new SimulatedClock(), onAction: (a) => sent.push(a) });
    call.send(dialCompleted());
    await expect(call.done).rejects.toBeInstanceOf(ContractViolationError);
    expect(sent).toEqual([]);
  });

  it('lets a hand-written machine that keeps the contract run through the pure step', () => {
    const call = new TestCall(rawFlow);
    expect(call.step(incomingCall()).actions).toEqual([
      { method: 'speak', params: { tts: { message: 'Hello 15552223333' } } },
    ]);
    expect(call.step(speakCompleted()).actions[0]?.method).toBe('dial');
    expect(call.step(callLegCompleted()).actions).toEqual([{ method: 'hangup', params: {} }]);
    expect(call.step(callCompleted())).toMatchObject({ done: true, end: { reason: 'hung_up' } });
  });
});

describe('what a flow machine may not use', () => {
  const machineWith = (state: Record<string, unknown>) =>
    defineFlow({
      id: 'bad',
      version: 1,
      direction: 'inbound',
      machine: setup({
        types: { events: {} as FlowEvent },
        actors: { work: fromPromise(async () => 1) },
      }).createMachine({
        initial: 'idle',
        states: { idle: { on: { incoming_call: 'busy' } }, busy: state as never, done: {} },
      }),
    });

  it('refuses invoke, whose child cannot be persisted as JSON', () => {
    expect(() =>
      stepFlow(machineWith({ invoke: { src: 'work' } }), undefined, incomingCall(), { now: 0 }),
    ).toThrow(new UnsupportedInFlowError('invoke', '"idle"'));
  });

  it('refuses an actor spawned from assign, which no effect announces', () => {
    expect(() =>
      stepFlow(
        machineWith({ entry: assign({ worker: ({ spawn }) => spawn('work') }) }),
        undefined,
        incomingCall(),
        { now: 0 },
      ),
    ).toThrow(new UnsupportedInFlowError('invoke', '"busy"'));
  });

  it('refuses after, whose timer is lost on restore (XState #5331)', () => {
    expect(() =>
      stepFlow(machineWith({ after: { 1000: 'done' } }), undefined, incomingCall(), { now: 0 }),
    ).toThrow(/scheduled a delayed event .* use armTimer instead/);
  });
});

describe('the contract at definition time', () => {
  const base = { id: 'x', version: 1 } as const;

  it('refuses an outbound flow that starts with a transfer (dial is not allowed after dial_completed)', () => {
    expect(() =>
      defineFlow({
        ...base,
        direction: 'outbound',
        start: 'agent',
        nodes: { agent: transfer({ to: '15550009999', onFailed: 'bye' }), bye: hangup() },
      }),
    ).toThrow(
      new FlowDefinitionError(
        'flow "x": the start node "agent" answers "dial_completed" with "dial", which the contract forbids',
      ),
    );
  });

  it('sees through lookups: a failed transfer cannot lead (via a lookup) to another transfer', () => {
    expect(() =>
      defineFlow({
        ...base,
        direction: 'inbound',
        start: 'agent',
        lookups: { noop: async () => null },
        nodes: {
          agent: transfer({ to: '15550009999', onFailed: 'check' }),
          check: { kind: 'lookup', name: 'noop', timeoutMs: 10, next: 'agent', onError: 'bye' },
          bye: hangup(),
        },
      }),
    ).toThrow(/onFailed: node "check" answers "dial_completed" with "dial"/);
  });

  it('refuses play_multiple after call_leg_completed', () => {
    expect(() =>
      defineFlow({
        ...base,
        direction: 'inbound',
        start: 'agent',
        nodes: {
          agent: transfer({ to: '15550009999', onFailed: 'bye', afterLeg: 'survey' }),
          survey: say({ prompt: { playAll: ['https://example.com/a.wav'] }, next: 'bye' }),
          bye: hangup(),
        },
      }),
    ).toThrow(/afterLeg: node "survey" answers "call_leg_completed" with "play_multiple"/);
  });

  it.each([
    [
      'a missing target',
      { main: menu({ prompt: 'p', options: { 1: 'nowhere' } }) },
      /options.1: no node named "nowhere"/,
    ],
    [
      'a bad option key',
      { main: menu({ prompt: 'p', options: { x: 'main' } }) },
      /"x" is not made of 0-9, \* and #/,
    ],
    ['an empty menu', { main: menu({ prompt: 'p', options: {} }) }, /at least one option/],
    ['a reserved name', { $main: hangup() }, /a node name is a letter/],
    [
      'a lookup without implementation',
      { main: { kind: 'lookup', name: 'nope', timeoutMs: 5, next: 'main', onError: 'main' } },
      /no lookup named "nope"/,
    ],
    [
      'a transfer to a non-number',
      { main: transfer({ to: '+1 555', onFailed: 'main' }) },
      /not a wire phone number/,
    ],
    [
      'an ask with min > max',
      { main: { kind: 'ask', prompt: 'p', min: 5, max: 4, saveAs: 'x', next: 'main' } },
      /min: expected 1..4, got 5/,
    ],
  ] as const)('refuses %s', (_label, nodes, message) => {
    // Untyped input (a flow loaded from JSON, say): the checks the types would make are made again at run time.
    const spec: MenuFlowSpec = { ...base, direction: 'inbound', start: Object.keys(nodes)[0] ?? '', nodes };
    expect(() => defineFlow(spec)).toThrow(message);
  });

  it('refuses a bad id, version or start', () => {
    const nodes = { bye: hangup() };
    expect(() => defineFlow({ ...base, id: '', direction: 'inbound', start: 'bye', nodes })).toThrow(
      /flow.id/,
    );
    expect(() => defineFlow({ ...base, version: 0, direction: 'inbound', start: 'bye', nodes })).toThrow(
      /positive integer/,
    );
    // @ts-expect-error the start must name a node
    expect(() => defineFlow({ ...base, direction: 'inbound', start: 'hi', nodes })).toThrow(
      /start: no node named "hi"/,
    );
  });
});
