/**
 * One event URL for several flows: TeleSign (here, the simulator) posts every call's events to the account's one
 * event URL, so the demo routes each event to the app that knows the call (the outbound app registers its calls
 * when it dials them). A call no app knows yet starts with `incoming_call` (inbound) or with another event of a
 * call dialled so recently that its app has not registered it yet (a dial that fails at once): outbound.
 *
 * @module
 */
import type { VoiceApp } from '@ivrkit/adapter-http';

/**
 * A fetch handler that hands each event to the first app whose runtime has a record of the call; an unknown call's
 * `incoming_call` goes to `inbound`, its other events to the first of `outbound`. Bodies are read once and passed
 * on unchanged (signatures still verify).
 *
 * @example
 * const handler = routeEventsByCall(bankApp, [reminderApp]);
 */
export function routeEventsByCall(
  inbound: Pick<VoiceApp, 'fetch' | 'runtime'>,
  outbound: ReadonlyArray<Pick<VoiceApp, 'fetch' | 'runtime'>>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST' || outbound.length === 0) return inbound.fetch(request);
    const body = await request.text();
    const forward = () => new Request(request.url, { method: 'POST', headers: request.headers, body });
    const { referenceId, event } = peek(body);
    if (referenceId !== undefined) {
      for (const app of outbound) if (await app.runtime.get(referenceId)) return app.fetch(forward());
      const first = outbound[0];
      if (first && event !== 'incoming_call' && !(await inbound.runtime.get(referenceId)))
        return first.fetch(forward());
    }
    return inbound.fetch(forward());
  };
}

function peek(body: string): { referenceId?: string; event?: string } {
  try {
    const json = JSON.parse(body) as { reference_id?: unknown; event?: unknown };
    const id = json.reference_id;
    return {
      ...(typeof id === 'string' && id.length > 0 && id.length <= 128 ? { referenceId: id } : {}),
      ...(typeof json.event === 'string' ? { event: json.event } : {}),
    };
  } catch {
    return {};
  }
}
