/**
 * One event URL for several flows: TeleSign (here, the simulator) posts every call's events to the account's one
 * event URL, so the demo routes each event to the app that knows the call — the outbound app registered its calls
 * when it dialled them — and every other call to the inbound app.
 *
 * @module
 */
import type { VoiceApp } from '@ivrkit/adapter-http';

/**
 * A fetch handler that hands each event to the first of `outbound` whose runtime has a record of the call, else to
 * `inbound`. Bodies are read once and passed on unchanged (signatures still verify).
 *
 * @example
 * const handler = routeEventsByCall(bankApp, [reminderApp]);
 */
export function routeEventsByCall(
  inbound: Pick<VoiceApp, 'fetch'>,
  outbound: ReadonlyArray<Pick<VoiceApp, 'fetch' | 'runtime'>>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST' || outbound.length === 0) return inbound.fetch(request);
    const body = await request.text();
    const forward = () => new Request(request.url, { method: 'POST', headers: request.headers, body });
    const referenceId = referenceIdOf(body);
    if (referenceId !== undefined) {
      for (const app of outbound) if (await app.runtime.get(referenceId)) return app.fetch(forward());
    }
    return inbound.fetch(forward());
  };
}

function referenceIdOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { reference_id?: unknown }).reference_id;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
  } catch {
    return undefined;
  }
}
