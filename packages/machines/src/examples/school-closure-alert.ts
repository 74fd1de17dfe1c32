/**
 * Example 2 — a school closure alert (outbound mass alert): the message, press 1 to repeat (twice at most), 2 to
 * acknowledge.
 *
 * @module
 */
import { defineFlow } from '../builder/define-flow.js';
import { hangup, lookup, menu } from '../builder/node-builders.js';
import type { Flow } from '../core/flow.js';

/**
 * Where acknowledgements are recorded. {@link createMemoryAlertLog} keeps them in memory.
 *
 * @example
 * const log: AlertLog = { acknowledge: async (a) => { await db.insert('acks', a); } };
 */
export interface AlertLog {
  acknowledge(ack: { externalId: string | null; to: string }, signal: AbortSignal): Promise<void>;
}

/**
 * An in-memory {@link AlertLog} whose `acknowledged` list tests can read; `failing` makes every write reject.
 *
 * @example
 * const log = createMemoryAlertLog();
 * log.acknowledged; // [{ externalId: 'alert-1:42', to: '15552223333' }] after a parent pressed 2
 */
export function createMemoryAlertLog(options: { failing?: boolean } = {}): AlertLog & {
  acknowledged: Array<{ externalId: string | null; to: string }>;
} {
  const acknowledged: Array<{ externalId: string | null; to: string }> = [];
  return {
    acknowledged,
    acknowledge(ack) {
      if (options.failing) return Promise.reject(new Error('alert log unavailable'));
      acknowledged.push(ack);
      return Promise.resolve();
    },
  };
}

/**
 * Options of {@link createSchoolClosureFlow}.
 *
 * @example
 * const options: SchoolClosureOptions = { school: 'Lincoln Elementary', message: 'School is closed on Tuesday because of snow.' };
 */
export interface SchoolClosureOptions {
  school?: string;
  message?: string;
  log?: AlertLog;
}

/**
 * Builds the school closure alert. Place each call with `placeCall`; the flow starts on its `dial_completed`.
 *
 * @example
 * const flow = createSchoolClosureFlow({ message: 'School is closed today.' });
 * const dial = placeCall({ to: '15552223333', callerId: '15550001111', externalId: 'closure-2026-11-24:1' });
 */
export function createSchoolClosureFlow(options: SchoolClosureOptions = {}): Flow {
  const log = options.log ?? createMemoryAlertLog();
  const school = options.school ?? 'Lincoln Elementary School';
  const message = options.message ?? 'The school will be closed tomorrow because of severe weather.';
  const choices = 'To hear this message again, press 1. To acknowledge it, press 2.';
  return defineFlow({
    id: 'school-closure-alert',
    version: 1,
    direction: 'outbound',
    start: 'alert',
    lookups: {
      acknowledge: (input, { signal }) =>
        log.acknowledge(input as { externalId: string | null; to: string }, signal),
    },
    nodes: {
      alert: menu({
        prompt: `This is an important message from ${school}. ${message} ${choices}`,
        options: { 1: 'again', 2: 'record' },
        timeout: 8_000,
        noInput: { retries: 1, prompt: `${message} ${choices}`, next: 'unacknowledged' },
        invalid: { retries: 2, prompt: `Sorry, that is not an option. ${choices}`, next: 'unacknowledged' },
      }),
      // The message is repeated twice at most: a caller who keeps pressing 1 is not kept on the line forever.
      again: menu({
        prompt: `${message} ${choices}`,
        options: { 1: 'lastTime', 2: 'record' },
        timeout: 8_000,
        noInput: { retries: 1, next: 'unacknowledged' },
        invalid: { retries: 2, prompt: `Sorry, that is not an option. ${choices}`, next: 'unacknowledged' },
      }),
      lastTime: menu({
        prompt: `${message} To acknowledge it, press 2.`,
        options: { 2: 'record' },
        timeout: 8_000,
        noInput: { retries: 1, next: 'unacknowledged' },
        invalid: {
          retries: 1,
          prompt: 'Sorry, that is not an option. To acknowledge it, press 2.',
          next: 'unacknowledged',
        },
      }),
      record: lookup({
        name: 'acknowledge',
        input: (_, call) => ({ externalId: call.externalId, to: call.theirs }),
        timeoutMs: 2_000,
        next: 'thanks',
        onError: 'notRecorded',
      }),
      thanks: hangup({ prompt: 'Thank you. Your acknowledgement has been recorded. Goodbye.' }),
      notRecorded: hangup({
        prompt: 'Sorry, we could not record your acknowledgement. Please call the school office. Goodbye.',
      }),
      unacknowledged: hangup({
        prompt: `We did not receive your acknowledgement. Please contact ${school}. Goodbye.`,
      }),
    },
  });
}

/**
 * The school closure alert with an in-memory log.
 *
 * @example
 * const first = stepFlow(schoolClosureFlow, undefined, dialCompletedAnswered, { now: 0 });
 */
export const schoolClosureFlow: Flow = createSchoolClosureFlow();
