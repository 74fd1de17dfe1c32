/**
 * Recording a live flow to a {@link Cassette}: wrappers around the two doors of an adapter app — the event URL
 * handler (events in, answers out) and the TeleSign client's `fetch` (actions sent later). adapter-http has no
 * recording hook, so the recorder sits outside it and reads the wire.
 *
 * @module
 */
import { PATHS, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { CASSETTE_FORMAT, type Cassette, type CassetteCall } from './cassette.js';

/**
 * A Web-standard handler or client: `Request` in, `Response` out.
 *
 * @example
 * const handler: FetchHandler = (request) => app.fetch(request);
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Options of {@link createRecorder}.
 *
 * @example
 * const options: RecorderOptions = { flow: { id: 'bank-phone-tree', version: 1 }, now: () => clock.now() };
 */
export interface RecorderOptions {
  /** The flow being recorded, stored in the cassette. */
  flow?: { id: string; version: number };
  /** The recorder's clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * A recorder.
 *
 * @example
 * const recorder: Recorder = createRecorder();
 * const handler = recorder.handler(app.fetch);
 */
export interface Recorder {
  /** Wraps the event URL handler (`app.fetch`): every event and its answer is recorded. */
  handler(next: FetchHandler): FetchHandler;
  /** Wraps the TeleSign client's `fetch`: every action sent for a live call is recorded. */
  client(next: FetchHandler): FetchHandler;
  /** The cassette so far (a copy). */
  cassette(): Cassette;
}

function asActions(text: string): VoiceAction[] {
  if (text.trim() === '') return [];
  try {
    const value = JSON.parse(text) as unknown;
    const list = Array.isArray(value) ? value : [value];
    return list.filter(
      (item): item is VoiceAction => typeof item === 'object' && item !== null && 'method' in item,
    );
  } catch {
    return [];
  }
}

/**
 * Creates a recorder. Mount its wrappers around the app and the client; write `cassette()` out when done.
 *
 * @example
 * const recorder = createRecorder({ flow: { id: bankFlow.id, version: bankFlow.version } });
 * const client = createTeleSignClient({ fetch: recorder.client((r) => fetch(r)) });
 * const app = createVoiceApp({ flow: bankFlow, client, store });
 * serve(recorder.handler(app.fetch));
 * process.on('SIGINT', () => writeFileSync('calls.cassette.json', JSON.stringify(recorder.cassette(), null, 2)));
 */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  const now = options.now ?? Date.now;
  const calls = new Map<string, CassetteCall>();
  const callOf = (referenceId: string) => {
    let call = calls.get(referenceId);
    if (!call) {
      call = { reference_id: referenceId, entries: [] };
      calls.set(referenceId, call);
    }
    return call;
  };
  return {
    handler(next) {
      return async (request) => {
        const body = request.method === 'POST' ? await request.clone().text() : '';
        const response = await next(request);
        let event: VoiceEvent | undefined;
        try {
          const value = JSON.parse(body) as Partial<VoiceEvent>;
          if (typeof value.event === 'string' && typeof value.reference_id === 'string')
            event = value as VoiceEvent;
        } catch {
          // Not an event: not recorded.
        }
        if (!event || response.status < 200 || response.status > 299) return response;
        const text = await response.clone().text();
        callOf(event.reference_id).entries.push({ at: now(), event, actions: asActions(text) });
        return response;
      };
    },
    client(next) {
      return async (request) => {
        const url = new URL(request.url);
        const body =
          request.method === 'POST' && url.pathname === PATHS.voice ? await request.clone().text() : '';
        const response = await next(request);
        if (body === '' || !response.ok) return response;
        try {
          const value = JSON.parse(body) as { reference_id?: unknown } & VoiceAction;
          if (typeof value.reference_id === 'string') {
            const { reference_id, ...action } = value;
            callOf(reference_id).entries.push({ at: now(), actions: [action as VoiceAction] });
          }
        } catch {
          // Not an action: not recorded.
        }
        return response;
      };
    },
    cassette() {
      const cassette: Cassette = {
        format: CASSETTE_FORMAT,
        calls: [...calls.values()].map((call) => ({ ...call, entries: call.entries.slice() })),
      };
      if (options.flow) cassette.flow = { ...options.flow };
      return cassette;
    },
  };
}
