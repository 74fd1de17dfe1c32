/**
 * A client of the simulator's control API (`PATHS.simulatorControl`, unauthenticated, local): what `ivrkit call`
 * and the tests use to drive a simulator in another process.
 *
 * @module
 */
import { PATHS } from '@ivrkit/protocol';
import type { CallerScript, CallInfo, CallTranscript } from '@ivrkit/simulator';

/** The simulator's `GET /_sim/state`. */
export interface SimState {
  clock: 'virtual' | 'real';
  now: number;
  live: number;
  inflight: number;
}

/** A refused control request. */
export class SimRequestError extends Error {
  override readonly name = 'SimRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The client. */
export interface SimClient {
  readonly baseUrl: string;
  state(): Promise<SimState>;
  placeCall(options: {
    to: string;
    from: string;
    caller?: CallerScript;
    event_url?: string;
  }): Promise<CallInfo>;
  call(referenceId: string): Promise<CallInfo>;
  transcript(referenceId: string): Promise<CallTranscript>;
  press(referenceId: string, digits: string): Promise<CallInfo>;
  hangup(referenceId: string): Promise<CallInfo>;
  advance(ms: number): Promise<{ now: number }>;
  /** A JSON document of the same origin outside the control API (e.g. the demo's `/_demo/calls/{id}`), or `undefined` on 404. */
  getJson<T>(path: string): Promise<T | undefined>;
}

/**
 * Creates a client for the simulator at `baseUrl` (`http://127.0.0.1:8787`).
 *
 * @example
 * const sim = createSimClient('http://127.0.0.1:8787');
 * const call = await sim.placeCall({ to: '15555551212', from: '15550001234' });
 */
export function createSimClient(
  baseUrl: string,
  fetchImpl: (request: Request) => Promise<Response> = (request) => globalThis.fetch(request),
): SimClient {
  const origin = baseUrl.replace(/\/+$/, '');
  const control = `${origin}${PATHS.simulatorControl}`;
  const send = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(
        new Request(url, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    } catch (error) {
      throw new SimRequestError(
        `cannot reach the simulator at ${origin} (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}): is it running? Start one with "ivrkit sim"`,
        0,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // Not JSON: keep the text.
      }
      throw new SimRequestError(`${method} ${url}: ${response.status} ${message}`, response.status);
    }
    return JSON.parse(text) as T;
  };
  const call = (id: string) => `${control}/calls/${encodeURIComponent(id)}`;
  return {
    baseUrl: origin,
    state: () => send('GET', `${control}/state`),
    placeCall: (options) => send('POST', `${control}/calls`, options),
    call: (id) => send('GET', call(id)),
    transcript: (id) => send('GET', `${call(id)}/transcript`),
    press: (id, digits) => send('POST', `${call(id)}/press`, { digits }),
    hangup: (id) => send('POST', `${call(id)}/hangup`, {}),
    advance: (ms) => send('POST', `${control}/clock/advance`, { ms }),
    async getJson<T>(path: string) {
      try {
        return await send<T>('GET', `${origin}${path}`);
      } catch (error) {
        if (error instanceof SimRequestError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
