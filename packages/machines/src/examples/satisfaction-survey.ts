/**
 * Example 4 — a satisfaction survey (outbound): rate 1–5, invalid input re-asked, thanks.
 *
 * @module
 */
import { defineFlow } from '../builder/define-flow.js';
import { ask, hangup, lookup } from '../builder/node-builders.js';
import type { Flow } from '../core/flow.js';

/**
 * A survey answer.
 *
 * @example
 * const r: SurveyResponse = { externalId: 'survey-9:17', rating: 4 };
 */
export interface SurveyResponse {
  externalId: string | null;
  rating: number;
}

/**
 * Where ratings go. {@link createMemorySurveyResults} keeps them in memory.
 *
 * @example
 * const results: SurveyResults = { record: async (r) => { await db.insert('ratings', r); } };
 */
export interface SurveyResults {
  record(response: SurveyResponse, signal: AbortSignal): Promise<void>;
}

/**
 * In-memory {@link SurveyResults} with a readable `responses` list; `failing` makes writes reject.
 *
 * @example
 * const results = createMemorySurveyResults();
 */
export function createMemorySurveyResults(options: { failing?: boolean } = {}): SurveyResults & {
  responses: SurveyResponse[];
} {
  const responses: SurveyResponse[] = [];
  return {
    responses,
    record(response) {
      if (options.failing) return Promise.reject(new Error('results store unavailable'));
      responses.push(response);
      return Promise.resolve();
    },
  };
}

/**
 * Builds the satisfaction survey.
 *
 * @example
 * const flow = createSatisfactionSurveyFlow({ results: createMemorySurveyResults() });
 */
export function createSatisfactionSurveyFlow(
  options: { results?: SurveyResults; company?: string } = {},
): Flow {
  const results = options.results ?? createMemorySurveyResults();
  const company = options.company ?? 'Example Telecom';
  return defineFlow({
    id: 'satisfaction-survey',
    version: 1,
    direction: 'outbound',
    start: 'rate',
    lookups: { record: (input, { signal }) => results.record(input as SurveyResponse, signal) },
    nodes: {
      rate: ask({
        prompt:
          `Hello, this is ${company} with a one-question survey. How satisfied were you with our service? ` +
          'Press a number from 1, not satisfied, to 5, very satisfied.',
        max: 1,
        validate: (digits) => /^[1-5]$/.test(digits),
        saveAs: 'rating',
        next: 'save',
        noInput: { retries: 1, next: 'noRating' },
        invalid: { retries: 2, prompt: 'Sorry, please press a number from 1 to 5.', next: 'noRating' },
      }),
      save: lookup({
        name: 'record',
        input: (d, call) => ({ externalId: call.externalId, rating: Number(d.rating) }),
        timeoutMs: 2_000,
        next: 'thanks',
        onError: 'thanksUnsaved',
      }),
      thanks: hangup({
        prompt: (d) => `You rated us ${d.rating} out of 5. Thank you for your feedback. Goodbye.`,
      }),
      thanksUnsaved: hangup({ prompt: 'Thank you for your time. Goodbye.' }),
      noRating: hangup({ prompt: 'We did not receive a rating. Thank you for your time. Goodbye.' }),
    },
  });
}

/**
 * The survey with in-memory results.
 *
 * @example
 * const first = stepFlow(satisfactionSurveyFlow, undefined, dialCompletedAnswered, { now: 0 });
 */
export const satisfactionSurveyFlow: Flow = createSatisfactionSurveyFlow();
