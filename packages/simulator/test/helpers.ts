/**
 * Test helpers: an in-process customer (an event handler as a `fetch` function or a buffered handler) and request
 * builders.
 *
 * @module
 */
import {
  type BufferedHandler,
  type HeaderReader,
  parseEventJson,
  type VoiceAction,
  type VoiceEvent,
} from '@ivrkit/protocol';
import { basicAuthorization, type Credentials, verifyCallback } from '@ivrkit/protocol/auth';
import { DEMO_CREDENTIALS } from '../src/index.js';

/** What the customer answers to an event: an action, `undefined` for an empty 200, or a raw response. */
export type CustomerAnswer = VoiceAction | VoiceAction[] | undefined | Response | string;

/** An in-process customer: records every event it receives and answers with `decide`. */
export interface TestCustomer {
  fetch: (request: Request) => Promise<Response>;
  /** The same customer as a buffered handler (the simulator's `customer` option). */
  handle: BufferedHandler['handle'];
  /** The paths `handle` was given. */
  paths: string[];
  events: VoiceEvent[];
  /** Requests whose signature did not verify. */
  badSignatures: number;
}

/**
 * Builds an in-process customer.
 *
 * @example
 * const customer = testCustomer((event) => (event.event === 'incoming_call' ? hangup() : undefined));
 */
export function testCustomer(
  decide: (event: VoiceEvent) => CustomerAnswer | Promise<CustomerAnswer>,
  credentials: Credentials = DEMO_CREDENTIALS,
): TestCustomer {
  const answerTo = async (body: string, headers: HeaderReader): Promise<CustomerAnswer> => {
    if (!verifyCallback(credentials, body, headers)) customer.badSignatures++;
    const parsed = parseEventJson(body);
    if (!parsed.ok) throw new Error(`the simulator sent an invalid event: ${parsed.issue.message}`);
    customer.events.push(parsed.value);
    return decide(parsed.value);
  };
  const customer: TestCustomer = {
    events: [],
    badSignatures: 0,
    paths: [],
    handle: async (request) => {
      customer.paths.push(request.path);
      const answer = await answerTo(request.body, request.headers);
      if (answer instanceof Response) return { status: answer.status, body: (await answer.text()) || null };
      if (answer === undefined) return { status: 200, body: null };
      return { status: 200, body: typeof answer === 'string' ? answer : JSON.stringify(answer) };
    },
    fetch: async (request) => {
      const answer = await answerTo(await request.text(), request.headers);
      if (answer instanceof Response) return answer;
      if (answer === undefined) return new Response(null, { status: 200 });
      return new Response(typeof answer === 'string' ? answer : JSON.stringify(answer), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
  return customer;
}

/** A `hangup` action. */
export const hangup = (): VoiceAction => ({ method: 'hangup', params: {} });

/** A `speak` action. */
export const speak = (
  message: string,
  collect?: { max: number; timeout?: number; inter_digit_timeout?: number },
): VoiceAction =>
  collect === undefined
    ? { method: 'speak', params: { tts: { message, language: 'en-US' } } }
    : { method: 'speak', params: { tts: { message, language: 'en-US' }, collect_digits: collect } };

/** The seed's play action: collect up to 5 digits, 10 s for the first, 3 s between. */
export const seedPlay = (): VoiceAction => ({
  method: 'play',
  params: {
    url: 'https://url-pointing-to-audio-file.com',
    collect_digits: { max: 5, timeout: 10000, inter_digit_timeout: 3000 },
  },
});

/** A `POST /v2/voice` request with Basic authentication. */
export function voiceRequest(
  body: unknown,
  options: {
    credentials?: Credentials;
    headers?: Record<string, string>;
    path?: string;
    method?: string;
  } = {},
): Request {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Authorization: basicAuthorization(options.credentials ?? DEMO_CREDENTIALS),
    ...options.headers,
  };
  const init: RequestInit = { method: options.method ?? 'POST', headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  return new Request(`http://sim.test${options.path ?? '/v2/voice'}`, init);
}

/** An authenticated GET. */
export function getRequest(path: string, credentials: Credentials = DEMO_CREDENTIALS): Request {
  return new Request(`http://sim.test${path}`, {
    headers: { Authorization: basicAuthorization(credentials) },
  });
}

/** The names of events, in order. */
export function names(events: VoiceEvent[]): string[] {
  return events.map((event) => event.event);
}

/** An in-memory WebSocket pair: the server side is a `SocketPort`; the client side records and sends. */
export function memorySocket() {
  let toServer: ((text: string) => void) | undefined;
  const closeHandlers: Array<() => void> = [];
  const client = {
    received: [] as string[],
    closed: undefined as number | undefined,
    onMessage: undefined as ((text: string) => void) | undefined,
    send(text: string) {
      toServer?.(text);
    },
    close() {
      for (const handler of closeHandlers) handler();
    },
  };
  const port = {
    send(text: string) {
      if (client.closed !== undefined) throw new Error('closed');
      client.received.push(text);
      client.onMessage?.(text);
    },
    close(code?: number) {
      if (client.closed !== undefined) return;
      client.closed = code ?? 1000;
      for (const handler of closeHandlers) handler();
    },
    onMessage(handler: (text: string) => void) {
      toServer = handler;
    },
    onClose(handler: () => void) {
      closeHandlers.push(handler);
    },
  };
  return { port, client };
}
