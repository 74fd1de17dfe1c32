import { describe, expect, it } from 'vitest';
import {
  createAppointmentReminderFlow,
  createBankFlow,
  createFakeBank,
  createMemoryAlertLog,
  createMemoryAppointmentBook,
  createMemorySurveyResults,
  createSatisfactionSurveyFlow,
  createSchoolClosureFlow,
} from '../src/examples/index.js';
import { placeCall } from '../src/index.js';
import { TestCall } from './support/call.js';
import { callCompleted, dialCompleted, incomingCall, speakCompleted } from './support/wire.js';

describe('bank phone tree', () => {
  it('reads a balance back, with the caller hearing sorry when the bank is down or slow', async () => {
    const flow = createBankFlow({
      bank: createFakeBank({ unavailable: ['11112222'], hanging: ['55556666'] }),
    });
    const call = new TestCall(flow);
    call.step(incomingCall());
    expect(call.lastSpoken).toMatch(/^Welcome to Example Bank\. For your account balance, press 1\./);
    call.step(speakCompleted('1'));
    call.step(speakCompleted('12345678'));
    await call.resolveLookup();
    expect(call.lastSpoken).toBe('The balance of account ending 5678 is 1,234.56 dollars.');

    call.step(speakCompleted(''));
    call.step(speakCompleted('1')); // main menu
    call.step(speakCompleted('1'));
    call.step(speakCompleted('11112222'));
    await call.resolveLookup();
    expect(call.lastSpoken).toBe('Sorry, we cannot reach your account right now. Please try again later.');

    call.step(speakCompleted(''));
    call.step(speakCompleted('1'));
    call.step(speakCompleted('1'));
    call.step(speakCompleted('55556666'));
    expect(call.last?.nextDeadline).toBe(call.now + 3_000);
    call.wake();
    expect(call.lastSpoken).toBe('Sorry, we cannot reach your account right now. Please try again later.');
    expect(call.cancelled).toEqual(['balance#3']);
  });

  it('transfers to an agent after invalid input runs out, showing the caller number', () => {
    const call = new TestCall(createBankFlow({ agentNumber: '15550100099' }));
    call.step(incomingCall());
    call.step(speakCompleted('7'));
    call.step(speakCompleted('8'));
    call.step(speakCompleted('9'));
    expect(call.lastSpoken).toBe('Please hold while we connect you to an agent.');
    expect(call.step(speakCompleted('')).actions).toEqual([
      { method: 'dial', params: { to: '15550100099', caller_id_number: '15552223333' } },
    ]);
  });

  it('says goodbye after two silent re-prompts', () => {
    const call = new TestCall(createBankFlow());
    call.step(incomingCall());
    call.step(speakCompleted(''));
    expect(call.lastSpoken).toMatch(/^Sorry, I did not hear anything\./);
    call.step(speakCompleted(''));
    call.step(speakCompleted(''));
    expect(call.lastSpoken).toBe('Thank you for calling Example Bank. Goodbye.');
  });
});

describe('school closure alert', () => {
  it('repeats on 1 (twice at most) and records the acknowledgement on 2', async () => {
    const log = createMemoryAlertLog();
    const call = new TestCall(createSchoolClosureFlow({ log, message: 'School is closed on Tuesday.' }));
    call.step(dialCompleted('answered', 'closure:42'));
    const first = call.lastSpoken;
    expect(first).toContain('School is closed on Tuesday. To hear this message again, press 1.');
    call.step(speakCompleted('1'));
    expect(call.lastSpoken).toBe(
      'School is closed on Tuesday. To hear this message again, press 1. To acknowledge it, press 2.',
    );
    call.step(speakCompleted('1'));
    expect(call.lastSpoken).toBe('School is closed on Tuesday. To acknowledge it, press 2.');
    call.step(speakCompleted('2'));
    await call.resolveLookup();
    expect(log.acknowledged).toEqual([{ externalId: 'closure:42', to: '15552223333' }]);
    expect(call.lastSpoken).toBe('Thank you. Your acknowledgement has been recorded. Goodbye.');
  });

  it('tells the parent when the acknowledgement could not be recorded', async () => {
    const call = new TestCall(createSchoolClosureFlow({ log: createMemoryAlertLog({ failing: true }) }));
    call.step(dialCompleted());
    call.step(speakCompleted('2'));
    await call.resolveLookup();
    expect(call.lastSpoken).toMatch(/^Sorry, we could not record your acknowledgement/);
  });
});

describe('appointment reminder', () => {
  const start = async (book = createMemoryAppointmentBook()) => {
    const call = new TestCall(createAppointmentReminderFlow({ book, deskNumber: '15550100002' }));
    call.step(dialCompleted('answered', 'appt-1'));
    expect(call.last?.actions).toEqual([]); // finding the appointment first
    await call.resolveLookup();
    return { call, book };
  };

  it('reads the appointment found by external_id, and confirms on 1', async () => {
    const { call, book } = await start();
    expect(call.lastSpoken).toMatch(
      /^Hello Ada Lovelace\. .* appointment on Tuesday, November 24 at 10 AM\./,
    );
    call.step(speakCompleted('1'));
    await call.resolveLookup();
    expect(book.status).toEqual({ 'appt-1': 'confirmed' });
    expect(call.lastSpoken).toBe(
      'Thank you. Your appointment on Tuesday, November 24 at 10 AM is confirmed. Goodbye.',
    );
  });

  it('transfers to the desk on 2, and cancels on 3 after a check', async () => {
    const { call } = await start();
    call.step(speakCompleted('2'));
    expect(call.step(speakCompleted('')).actions).toEqual([
      { method: 'dial', params: { to: '15550100002', caller_id_number: '15550001111' } },
    ]);

    const other = await start();
    other.call.step(speakCompleted('3'));
    other.call.step(speakCompleted('2')); // keep it: back to the reminder
    expect(other.call.lastSpoken).toMatch(/^Hello Ada Lovelace/);
    other.call.step(speakCompleted('3'));
    other.call.step(speakCompleted('1'));
    await other.call.resolveLookup();
    expect(other.book.status).toEqual({ 'appt-1': 'cancelled' });
  });

  it('hangs up politely for an unknown appointment', async () => {
    const call = new TestCall(createAppointmentReminderFlow());
    call.step(dialCompleted('answered', 'appt-404'));
    await call.resolveLookup();
    expect(call.lastSpoken).toBe('Sorry, this reminder from Riverside Clinic is no longer valid. Goodbye.');
  });
});

describe('satisfaction survey', () => {
  it('re-asks invalid ratings, records a valid one and thanks', async () => {
    const results = createMemorySurveyResults();
    const call = new TestCall(createSatisfactionSurveyFlow({ results }));
    call.step(dialCompleted('answered', 'survey:9'));
    call.step(speakCompleted('7'));
    expect(call.lastSpoken).toBe('Sorry, please press a number from 1 to 5.');
    call.step(speakCompleted('4'));
    await call.resolveLookup();
    expect(results.responses).toEqual([{ externalId: 'survey:9', rating: 4 }]);
    expect(call.lastSpoken).toBe('You rated us 4 out of 5. Thank you for your feedback. Goodbye.');
    expect(call.step(speakCompleted('')).actions).toEqual([{ method: 'hangup', params: {} }]);
    expect(call.step(callCompleted()).end?.reason).toBe('hung_up');
  });

  it('ends without a rating after the retries', () => {
    const call = new TestCall(createSatisfactionSurveyFlow());
    call.step(dialCompleted());
    call.step(speakCompleted('0'));
    call.step(speakCompleted('9'));
    call.step(speakCompleted('6'));
    expect(call.lastSpoken).toBe('We did not receive a rating. Thank you for your time. Goodbye.');
  });
});

describe('placeCall', () => {
  it('builds the dial that starts an outbound flow', () => {
    expect(
      placeCall({
        to: '15552223333',
        callerId: '15550001111',
        maxCallDurationSeconds: 600,
        externalId: 'x:1',
      }),
    ).toEqual({
      method: 'dial',
      params: {
        to: '15552223333',
        caller_id_number: '15550001111',
        max_call_duration: '600',
        external_id: 'x:1',
      },
    });
  });

  it.each([
    [{ to: '+1 555', callerId: '15550001111' }, /placeCall.to: not a wire phone number/],
    [{ to: '15552223333', callerId: 'ours' }, /placeCall.callerId/],
    [
      { to: '15552223333', callerId: '15550001111', maxCallDurationSeconds: 14_401 },
      /expected 1..14400, got 14401/,
    ],
  ])('refuses %j', (options, message) => {
    expect(() => placeCall(options)).toThrow(message);
  });
});
