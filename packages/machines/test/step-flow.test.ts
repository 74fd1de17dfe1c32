import { MAX_CALL_DURATION_SECONDS } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { bankFlow } from '../src/examples/index.js';
import { stepFlow } from '../src/index.js';
import { TestCall } from './support/call.js';
import { frontDesk, pinCheck } from './support/flows.js';
import {
  callCompleted,
  callLegCompleted,
  dialCompleted,
  incomingCall,
  playCompleted,
  speakCompleted,
} from './support/wire.js';

const MENU = 'For opening hours press 1, for a person press 2, to hang up press 3.';

describe('stepFlow: starting a call', () => {
  it('answers incoming_call with the first prompt and arms the call cap', () => {
    const call = new TestCall(frontDesk());
    const r = call.step(incomingCall());
    expect(r.actions).toEqual([
      { method: 'speak', params: { tts: { message: MENU, language: 'en-US' }, collect_digits: { max: 1 } } },
    ]);
    expect(r.done).toBe(false);
    expect(r.nextDeadline).toBe(call.now + MAX_CALL_DURATION_SECONDS * 1000 + 60_000);
    expect(r.snapshot).toMatchObject({ format: 1, flowId: 'front-desk', flowVersion: 1, answering: null });
  });

  it('is pure: the same inputs give the same outputs, and the input snapshot is not mutated', () => {
    const flow = frontDesk();
    const first = stepFlow(flow, undefined, incomingCall(), { now: 5 });
    const frozen = JSON.stringify(first.snapshot);
    const a = stepFlow(flow, first.snapshot, speakCompleted('1'), { now: 10 });
    const b = stepFlow(flow, JSON.parse(frozen), speakCompleted('1'), { now: 10 });
    expect(JSON.stringify(first.snapshot)).toBe(frozen);
    expect(a).toEqual(b);
  });

  it('steps a returned snapshot object and its stored copy alike, along whole calls', () => {
    const flow = frontDesk();
    const digits = ['', '7', '9', '1', '', '2', '3', '', '4'];
    let actions = 0;
    for (let start = 0; start < digits.length; start++) {
      let kept: ReturnType<typeof stepFlow> = stepFlow(flow, undefined, incomingCall(), { now: 0 });
      let stored: ReturnType<typeof stepFlow> = stepFlow(flow, undefined, incomingCall(), { now: 0 });
      for (let i = 0; i < 6 && !kept.done; i++) {
        const input = speakCompleted(digits[(start + i) % digits.length] as string);
        const now = 1_000 * (i + 1);
        kept = stepFlow(flow, kept.snapshot, input, { now });
        stored = stepFlow(flow, JSON.parse(JSON.stringify(stored.snapshot)), input, { now });
        expect(kept).toEqual(stored);
        actions += kept.actions.length;
      }
    }
    expect(actions).toBeGreaterThan(15);
  });

  it('starts an outbound flow on an answered dial_completed, with the parties the right way round', () => {
    const call = new TestCall(pinCheck());
    const r = call.step(dialCompleted('answered', 'campaign:7'));
    expect(r.actions).toEqual([
      {
        method: 'play',
        params: {
          url: 'https://example.com/enter-pin.wav',
          collect_digits: { max: 4, timeout: 6_000, inter_digit_timeout: 2_000 },
        },
      },
    ]);
    expect(call.snapshot?.machine.context).toMatchObject({
      call: { ours: '15550001111', theirs: '15552223333', externalId: 'campaign:7' },
    });
  });

  it.each(['busy', 'no_answer', 'failed'] as const)(
    'ends an outbound flow whose dial_completed is %s',
    (status) => {
      const r = new TestCall(pinCheck()).step(dialCompleted(status));
      expect(r).toMatchObject({ actions: [], done: true, end: { reason: 'not_answered' } });
      expect(r.nextDeadline).toBeUndefined();
    },
  );

  it('ends with unexpected_event when the first event is not one the flow starts on', () => {
    expect(new TestCall(frontDesk()).step(speakCompleted('1')).end?.reason).toBe('unexpected_event');
    expect(new TestCall(pinCheck()).step(incomingCall()).end?.reason).toBe('unexpected_event');
  });
});

describe('stepFlow: digits, re-prompts and retries', () => {
  it('re-prompts on no input, then goes to the no-input destination after the last retry', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    expect(call.step(speakCompleted('')).actions[0]).toMatchObject({
      params: { tts: { message: 'Are you there? Press 1, 2 or 3.' }, collect_digits: { max: 1 } },
    });
    call.step(speakCompleted('', 'speak_failed')); // a prompt that failed to play counts as no input
    expect(call.state).toEqual({ call: 'main' });
    call.step(speakCompleted(''));
    expect(call.state).toEqual({ call: 'bye' });
    expect(call.lastSpoken).toBe('Goodbye.');
  });

  it('counts invalid input separately, and hangs up after its last retry when no destination is given', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    call.step(speakCompleted('')); // one no-input
    expect(call.step(speakCompleted('7')).actions[0]).toMatchObject({
      params: { tts: { message: 'Please press 1, 2 or 3.' } },
    });
    const r = call.step(speakCompleted('8'));
    expect(r.actions).toEqual([{ method: 'hangup', params: {} }]);
    expect(call.state).toEqual({ call: '$closing' });
  });

  it('resets the counters when a node is entered again', () => {
    const call = new TestCall(frontDesk({ hours: async () => 'late' }));
    call.step(incomingCall());
    call.step(speakCompleted('9')); // invalid 1 of 1
    call.step(speakCompleted('1'));
    call.step({ type: 'lookup.done', id: call.started[0]?.id ?? '', output: 'late' });
    call.step(speakCompleted('')); // readHours ended → main again
    expect(call.state).toEqual({ call: 'main' });
    expect(call.step(speakCompleted('9')).actions[0]).toMatchObject({ method: 'speak' }); // a re-prompt, not a hang-up
  });

  it('validates multi-digit entry (length, digits, validate) and stores it', () => {
    const call = new TestCall(pinCheck());
    call.step(dialCompleted());
    const bad = call.step(playCompleted('0000'));
    expect(bad.actions[0]).toMatchObject({
      method: 'play_multiple',
      params: {
        urls: ['https://example.com/bad.wav', 'https://example.com/again.wav'],
        collect_digits: { max: 4 },
      },
    });
    call.step(playCompleted('4321'));
    expect(call.snapshot?.machine.context).toMatchObject({ data: { pin: '4321' } });
    expect(call.last?.actions).toEqual([{ method: 'hangup', params: {} }]);
  });
});

describe('stepFlow: lookups and deadlines', () => {
  const toLookup = () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    const r = call.step(speakCompleted('1'));
    return { call, r };
  };

  it('asks the runtime to start a lookup, sends nothing meanwhile, and wakes at its timeout', () => {
    const { call, r } = toLookup();
    expect(r.actions).toEqual([]);
    expect(r.lookups).toEqual([{ id: 'hours#1', name: 'hours', input: null }]);
    expect(r.nextDeadline).toBe(call.now + 2_000);
    expect(r.snapshot.answering).toBe('speak_completed');
    expect(r.snapshot.lookups).toEqual({ 'hours#1': 'hours' });
  });

  it('answers the pending event with the lookup output read back', async () => {
    const { call } = toLookup();
    const r = await call.resolveLookup();
    expect(r.actions).toEqual([
      { method: 'speak', params: { tts: { message: 'We are open 9 to 5.', language: 'en-US' } } },
    ]);
    expect(r.snapshot.lookups).toEqual({});
    expect(r.nextDeadline).toBeGreaterThan(call.now + 3_600_000); // back to the call cap only
  });

  it('says sorry when the lookup fails', () => {
    const { call } = toLookup();
    const r = call.step({ type: 'lookup.failed', id: 'hours#1', error: new Error('db down') });
    expect(call.lastSpoken).toBe('Sorry, something went wrong.');
    expect(r.cancelLookups).toEqual([]);
  });

  it('says sorry at the timeout, cancels the lookup, and drops its late result', () => {
    const { call } = toLookup();
    const early = call.step({ type: 'timer' }, 500); // before the deadline: nothing is due
    expect(early.actions).toEqual([]);
    expect(call.state).toEqual({ call: 'hours' });
    const r = call.wake();
    expect(call.lastSpoken).toBe('Sorry, something went wrong.');
    expect(r.cancelLookups).toEqual(['hours#1']);
    const late = call.step({ type: 'lookup.done', id: 'hours#1', output: 'too late' });
    expect(late.actions).toEqual([]);
    expect(late.snapshot).toEqual(r.snapshot);
  });

  it('ignores a stray event while the lookup runs: the reply still answers the event that started it', () => {
    const { call } = toLookup();
    const stray = call.step(incomingCall()); // a duplicate delivery of the call's first event
    expect(stray.actions).toEqual([]);
    expect(stray.snapshot.answering).toBe('speak_completed');
    const r = call.step({ type: 'lookup.done', id: 'hours#1', output: 'late' });
    expect(r.actions).toHaveLength(1);
    expect(r.snapshot.answering).toBe(null);
  });

  it('restores pending deadlines from the persisted snapshot alone (XState #5331)', () => {
    const { r } = toLookup();
    const revived = JSON.parse(JSON.stringify(r.snapshot));
    const deadline = r.nextDeadline ?? 0;
    const woken = stepFlow(frontDesk(), revived, { type: 'timer' }, { now: deadline });
    expect(woken.actions[0]).toMatchObject({ params: { tts: { message: 'Sorry, something went wrong.' } } });
  });
});

describe('stepFlow: the end of the call', () => {
  it('ends cleanly when the caller hangs up at any moment, cancelling a running lookup', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    call.step(speakCompleted('1'));
    const r = call.step(callCompleted());
    expect(r).toMatchObject({
      done: true,
      actions: [],
      cancelLookups: ['hours#1'],
      end: { reason: 'caller_hung_up' },
    });
    expect(r.nextDeadline).toBeUndefined();
    expect(r.snapshot.timers).toEqual({});
    expect(call.step(speakCompleted('1')).actions).toEqual([]); // nothing after the end
  });

  it('hangs up after the goodbye, then ends on call_completed', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    call.step(speakCompleted('3'));
    expect(call.step(speakCompleted('')).actions).toEqual([{ method: 'hangup', params: {} }]);
    expect(call.last?.done).toBe(false);
    expect(call.step(callCompleted()).end).toEqual({ reason: 'hung_up', data: {} });
  });

  it('gives up waiting for a lost call_completed after the closing grace', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    call.step(speakCompleted('3'));
    call.step(speakCompleted(''));
    const r = call.wake();
    expect(r).toMatchObject({ done: true, end: { reason: 'hung_up' } });
  });

  it('ends with max_duration when nothing arrives past the cap', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    expect(call.wake()).toMatchObject({ done: true, actions: [], end: { reason: 'max_duration' } });
  });

  it('bridges a transfer, sorries a failed one, and hangs up after the other leg ends', () => {
    const call = new TestCall(frontDesk());
    call.step(incomingCall());
    expect(call.step(speakCompleted('2')).actions).toEqual([
      { method: 'dial', params: { to: '15550009999', caller_id_number: '15552223333' } },
    ]);
    expect(call.step(dialCompleted('answered')).actions).toEqual([]);
    expect(call.state).toEqual({ call: { person: 'bridged' } });
    expect(call.step(callLegCompleted()).actions).toEqual([{ method: 'hangup', params: {} }]);

    const failed = new TestCall(frontDesk());
    failed.step(incomingCall());
    failed.step(speakCompleted('2'));
    failed.step(dialCompleted('busy'));
    expect(failed.lastSpoken).toBe('Sorry, something went wrong.');
  });
});

describe('snapshots', () => {
  it('stay small for the bank flow through a long call (under 2 KB)', async () => {
    const call = new TestCall(bankFlow);
    const sizes: number[] = [];
    const track = () => sizes.push(JSON.stringify(call.snapshot).length);
    call.step(incomingCall());
    track();
    for (const input of [
      speakCompleted('2'),
      speakCompleted('2'),
      speakCompleted('1234'),
      speakCompleted(''),
    ]) {
      call.step(input);
      track();
    }
    expect(call.state).toEqual({ call: 'anythingElse' });
    call.step(speakCompleted('1')); // main menu
    call.step(speakCompleted('1')); // balance
    call.step(speakCompleted('12345678'));
    await call.resolveLookup();
    track();
    expect(call.lastSpoken).toBe('The balance of account ending 5678 is 1,234.56 dollars.');
    expect(Math.max(...sizes)).toBeLessThan(2048);
  });
});
