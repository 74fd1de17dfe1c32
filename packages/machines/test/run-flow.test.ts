import type { VoiceAction } from '@ivrkit/protocol';
import { createInspector } from '@statelyai/inspect';
import { describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { bankFlow, createBankFlow, createFakeBank } from '../src/examples/index.js';
import { type CallEnd, defineFlow, hangup, runFlow, stepFlow } from '../src/index.js';
import { frontDesk } from './support/flows.js';
import { callCompleted, incomingCall, speakCompleted } from './support/wire.js';

/** Lets settled promises deliver their results to the actor. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

function live(flow = bankFlow) {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const sent: VoiceAction[] = [];
  const call = runFlow(flow, { clock, onAction: (a) => sent.push(a) });
  const spoken = () => sent.flatMap((a) => (a.method === 'speak' ? [a.params.tts.message] : []));
  return { clock, sent, call, spoken };
}

describe('runFlow: the same flow as a live actor', () => {
  it('runs the bank flow end to end, with the lookup run in-process', async () => {
    const { call, spoken, sent } = live();
    call.send(incomingCall());
    call.send(speakCompleted('1'));
    call.send(speakCompleted('12345678'));
    await flush();
    expect(spoken().at(-1)).toBe('The balance of account ending 5678 is 1,234.56 dollars.');
    call.send(speakCompleted('')); // the read-back ended: "for the main menu press 1, to end press 2"
    call.send(speakCompleted('2'));
    expect(spoken().at(-1)).toBe('Thank you for calling Example Bank. Goodbye.');
    call.send(speakCompleted(''));
    expect(sent.at(-1)).toEqual({ method: 'hangup', params: {} });
    call.send(callCompleted());
    await expect(call.done).resolves.toMatchObject({ reason: 'hung_up', data: { account: '12345678' } });
  });

  it('times a hanging lookup out on the injected clock, aborting it, and says sorry', async () => {
    const signals: AbortSignal[] = [];
    const flow = createBankFlow({
      bank: {
        balance: (_account, signal) => {
          signals.push(signal);
          return new Promise(() => {});
        },
      },
    });
    const { call, clock, spoken } = live(flow);
    call.send(incomingCall());
    call.send(speakCompleted('1'));
    call.send(speakCompleted('12345678'));
    await flush();
    clock.increment(2_999);
    expect(spoken().at(-1)).toBe('Please enter your eight digit account number.');
    expect(signals[0]?.aborted).toBe(false);
    clock.increment(1);
    expect(spoken().at(-1)).toBe('Sorry, we cannot reach your account right now. Please try again later.');
    expect(signals[0]?.aborted).toBe(true);
    call.stop();
  });

  it('says sorry when the data source fails', async () => {
    const { call, spoken } = live(createBankFlow({ bank: createFakeBank({ unavailable: ['12345678'] }) }));
    call.send(incomingCall());
    call.send(speakCompleted('1'));
    call.send(speakCompleted('12345678'));
    await flush();
    expect(spoken().at(-1)).toMatch(/^Sorry, we cannot reach your account/);
    call.stop();
  });

  it('aborts running lookups when the caller hangs up, and runs the cleanup hook once', async () => {
    const ends: CallEnd[] = [];
    let signal: AbortSignal | undefined;
    const flow = defineFlow({
      id: 'desk',
      version: 1,
      direction: 'inbound',
      machine: frontDesk().machine,
      lookups: {
        hours: (_input, options) => {
          signal = options.signal;
          return new Promise(() => {});
        },
      },
      onEnd: (end) => {
        ends.push(end);
      },
    });
    const { call } = live(flow);
    call.send(incomingCall());
    call.send(speakCompleted('1'));
    await flush();
    call.send(callCompleted());
    await expect(call.done).resolves.toEqual({ reason: 'caller_hung_up', data: {} });
    expect(signal?.aborted).toBe(true);
    expect(ends).toEqual([{ reason: 'caller_hung_up', data: {} }]);
  });

  it('streams to a @statelyai/inspect inspector', async () => {
    const events: string[] = [];
    const inspector = createInspector({ send: (event) => events.push(event.type) });
    const clock = new SimulatedClock();
    const call = runFlow(bankFlow, { clock, onAction: () => {}, inspect: inspector.inspect });
    call.send(incomingCall());
    call.stop();
    // the inspector itself defers each event with setTimeout(0): let it run
    await vi.waitFor(() => expect(events).toContain('@xstate.snapshot'));
    inspector.stop();
    expect(events).toContain('@xstate.actor');
    expect(events).toContain('@xstate.event');
    expect(events).toContain('@xstate.snapshot');
  });

  it('hands over to the pure step, and resumes from a pure-step snapshot with its deadlines', () => {
    const { call, sent } = live();
    call.send(incomingCall());
    call.send(speakCompleted('9'));
    const handed = call.getCallSnapshot();
    call.stop();
    expect(handed.timers['call.cap']).toBe(1_700_000_000_000 + 14_460_000);
    // the pure step carries on from the live actor's state: a second invalid input re-prompts again
    const r = stepFlow(bankFlow, JSON.parse(JSON.stringify(handed)), speakCompleted('9'), {
      now: 1_700_000_001_000,
    });
    expect(r.actions[0]).toEqual(sent.at(-1));

    // and back: a pure-step snapshot waiting on the cap resumes live, and the cap fires on the clock
    const clock = new SimulatedClock();
    clock.set(1_700_000_001_000);
    const resumed = runFlow(bankFlow, { clock, onAction: () => {}, snapshot: r.snapshot });
    clock.increment(14_460_000);
    return expect(resumed.done).resolves.toMatchObject({ reason: 'max_duration' });
  });

  it('fails a lookup that was running when the snapshot was taken, since its promise is gone', async () => {
    const step1 = stepFlow(bankFlow, undefined, incomingCall(), { now: 0 });
    const step2 = stepFlow(bankFlow, step1.snapshot, speakCompleted('1'), { now: 1 });
    const step3 = stepFlow(bankFlow, step2.snapshot, speakCompleted('12345678'), { now: 2 });
    expect(step3.lookups).toHaveLength(1);
    const sent: VoiceAction[] = [];
    const clock = new SimulatedClock();
    clock.set(3);
    const resumed = runFlow(bankFlow, { clock, onAction: (a) => sent.push(a), snapshot: step3.snapshot });
    expect(sent).toEqual([
      {
        method: 'speak',
        params: {
          tts: {
            message: 'Sorry, we cannot reach your account right now. Please try again later.',
            language: 'en-US',
          },
        },
      },
    ]);
    resumed.stop();
  });

  it('stops cleanly: no timers fire after stop()', () => {
    const flow = defineFlow({
      id: 'bye',
      version: 1,
      direction: 'inbound',
      start: 'bye',
      nodes: { bye: hangup() },
    });
    const { call, clock, sent } = live(flow);
    call.send(incomingCall());
    expect(sent).toEqual([{ method: 'hangup', params: {} }]);
    call.stop();
    clock.increment(120_000);
    expect(call.actor.getSnapshot().status).toBe('stopped');
  });
});
