import { describe, expect, it } from 'vitest';
import { routeEventsByCall } from '../src/demo/event-router.js';

function fakeApp(name: string, known: string[], seen: string[]) {
  return {
    runtime: { get: async (id: string) => (known.includes(id) ? ({} as never) : undefined) },
    fetch: async (request: Request) => {
      seen.push(`${name}:${JSON.parse(await request.text()).event}`);
      return new Response(null, { status: 200 });
    },
  };
}

describe('routeEventsByCall', () => {
  const post = (event: string, id: string) =>
    new Request('http://adapter/events', {
      method: 'POST',
      body: JSON.stringify({ event, reference_id: id, data: {} }),
    });

  it('sends a known call to its app, a new inbound call to the inbound app, and an unknown outbound call out', async () => {
    const seen: string[] = [];
    const route = routeEventsByCall(fakeApp('bank', ['in-1'], seen) as never, [
      fakeApp('reminder', ['out-1'], seen) as never,
    ]);
    await route(post('speak_completed', 'out-1'));
    await route(post('speak_completed', 'in-1'));
    await route(post('incoming_call', 'in-2'));
    // A dial that failed before the campaign registered its call.
    await route(post('dial_completed', 'out-2'));
    expect(seen).toEqual([
      'reminder:speak_completed',
      'bank:speak_completed',
      'bank:incoming_call',
      'reminder:dial_completed',
    ]);
  });
});
