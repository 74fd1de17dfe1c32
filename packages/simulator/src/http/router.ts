/**
 * The simulator's whole HTTP surface as one Web-standard handler: `fetch(Request) → Response`. It never throws
 * and never hangs on bad input: every refusal is a 4xx with a status string and a `message`; anything unexpected
 * is a 500 `internal_error`.
 *
 * @module
 */
import { OUR_RESPONSE_STATUS, PATHS } from '@ivrkit/protocol';
import type { SimulatorContext } from '../context.js';
import { controlRoute } from './control-routes.js';
import { leasesRoute, searchRoute } from './phone-number-routes.js';
import { recordingsRoute } from './recording-routes.js';
import { HttpRefusal, notFound, refusal } from './responses.js';
import { callQueryRoute, voiceRoute } from './voice-routes.js';

/**
 * Builds the handler.
 *
 * @example
 * const handle = createFetchHandler(ctx);
 * const response = await handle(new Request('http://sim/v2/voice', { method: 'POST', body: '{}' }));
 */
export function createFetchHandler(ctx: SimulatorContext): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await route(ctx, request);
    } catch (error) {
      if (error instanceof HttpRefusal) return error.getResponse();
      return refusal(
        OUR_RESPONSE_STATUS.internalError,
        `the simulator failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

async function route(ctx: SimulatorContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === PATHS.voice) return voiceRoute(ctx, request);
  // [ours] powers: absent (404, as on TeleSign) unless the simulator offers them.
  if (within(path, PATHS.callQuery)) {
    return ctx.control.offers.callQuery ? callQueryRoute(ctx, request, url) : notFound(path);
  }
  if (path === PATHS.eventSocket && ctx.control.offers.eventSocket) {
    return refusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `${PATHS.eventSocket} is a WebSocket endpoint: connect with an Upgrade: websocket request`,
    );
  }
  if (path === PATHS.phoneNumberSearch) return searchRoute(ctx, request, url);
  if (within(path, PATHS.phoneNumberLeases)) return leasesRoute(ctx, request, url);
  if (within(path, PATHS.callRecordings)) return recordingsRoute(ctx, request, url);
  if (within(path, PATHS.simulatorControl)) return controlRoute(ctx, request, url);
  return notFound(path);
}
