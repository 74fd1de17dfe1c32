import type { ManualClock } from '../src/clock.js';

/** A TeleSign-shaped test key (base64). */
export const credentials = { customerId: 'FFFFFFFF-EEEE-DDDD-1234-AB1234567890', apiKey: 'eW91ckFwaUtleQ==' };

/** JSON response helper. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Settles `promise` by moving the manual clock forward in steps, never waiting on real time. */
export async function drive<T>(clock: ManualClock, promise: Promise<T>, stepMs = 100, maxSteps = 10_000) {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < maxSteps && !settled; i++) await clock.advanceAsync(stepMs);
  return promise;
}

/** A fetch double that answers from a list, recording each request. */
export function scriptedFetch(
  answers: Array<Response | Error | ((request: Request) => Response | Promise<Response>)>,
) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    bodies.push(await request.clone().text());
    const answer = answers.shift();
    if (answer === undefined) throw new Error('scriptedFetch: no answer left');
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(request);
    return answer;
  };
  return { fetch, requests, bodies };
}

/** An error shaped like undici's fetch failure with a socket code in `cause`. */
export function socketError(code: string): Error {
  const cause = Object.assign(new Error(`connect ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}
