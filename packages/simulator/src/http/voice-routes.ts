/**
 * `POST /v2/voice` (dial and the Customer Action API) and the Call Query API `[ours]`.
 *
 * @module
 */
import { CALL_QUERY, CALL_STATE, OUR_RESPONSE_STATUS, PATHS } from '@ivrkit/protocol';
import type { SimulatorContext } from '../context.js';
import { callInfo } from '../engine/call-info.js';
import { guard, integerParam } from './guard.js';
import { mediaTypeOf } from './read-body.js';
import { HttpRefusal, json, methodNotAllowed, notFound, refusal } from './responses.js';

/**
 * `[sim]` HTTP code of an injected `/v2/voice` server error.
 *
 * @example
 * createSimulator({ faults: { voiceServerError: 1 } }); // every /v2/voice answers INJECTED_SERVER_ERROR_STATUS
 */
export const INJECTED_SERVER_ERROR_STATUS = 503;

/**
 * `POST /v2/voice`.
 *
 * @example
 * const response = await voiceRoute(ctx, request);
 */
export async function voiceRoute(ctx: SimulatorContext, request: Request): Promise<Response> {
  if (request.method !== 'POST') return methodNotAllowed(request.method, PATHS.voice, ['POST']);
  let body: string;
  try {
    body = await guard(ctx, request, PATHS.voice);
  } catch (error) {
    // `/v2/voice` answers always carry a reference_id, empty when there is none.
    if (error instanceof HttpRefusal) return refusal(error.status, error.message, '', error.headers);
    throw error;
  }
  if (ctx.random.chance(ctx.faults.voiceServerError ?? 0)) {
    return json(INJECTED_SERVER_ERROR_STATUS, {
      reference_id: '',
      status: OUR_RESPONSE_STATUS.internalError,
      message: 'injected fault: the server failed',
    });
  }
  if (ctx.random.chance(ctx.faults.voiceRateLimited ?? 0) || overLimit(ctx)) {
    return refusal('rate_limit_exceeded', 'too many requests; retry later', '', { 'Retry-After': '1' });
  }
  const type = mediaTypeOf(request);
  if (type !== 'application/json') {
    return refusal(
      OUR_RESPONSE_STATUS.unsupportedContentType,
      `Content-Type must be application/json, got "${type.slice(0, 80)}"`,
      '',
    );
  }
  const answer = ctx.voice.handle(body, 'post');
  return json(answer.httpStatus, answer.body);
}

function overLimit(ctx: SimulatorContext): boolean {
  const limit = ctx.rateLimit;
  if (limit === undefined) return false;
  const now = ctx.clock.now();
  const recent = ctx.recentVoiceRequests;
  while (recent.length > 0 && (recent[0] as number) <= now - limit.perMs) recent.shift();
  if (recent.length >= limit.requests) return true;
  recent.push(now);
  return false;
}

/**
 * The Call Query API: `GET {callQuery}`, `GET {callQuery}/{reference_id}`, `GET {callQuery}/{reference_id}/events`.
 *
 * @example
 * const response = await callQueryRoute(ctx, request, url);
 */
export async function callQueryRoute(ctx: SimulatorContext, request: Request, url: URL): Promise<Response> {
  const rest = url.pathname.slice(PATHS.callQuery.length).split('/').filter(Boolean);
  if (rest.length > 2 || (rest.length === 2 && rest[1] !== 'events')) return notFound(url.pathname);
  if (request.method !== 'GET') return methodNotAllowed(request.method, url.pathname, ['GET']);
  await guard(ctx, request, url.pathname);
  if (rest.length === 0) {
    const state = url.searchParams.get(CALL_QUERY.stateParam);
    const states = Object.values(CALL_STATE) as string[];
    if (state !== null && !states.includes(state)) {
      throw new HttpRefusal(
        OUR_RESPONSE_STATUS.invalidRequest,
        `${CALL_QUERY.stateParam}: expected one of ${states.join(', ')}, got ${JSON.stringify(state.slice(0, 40))}`,
      );
    }
    const calls = [...ctx.engine.calls.values()]
      .reverse()
      .map(callInfo)
      .filter((info) => state === null || info.state === state);
    return json(200, { calls });
  }
  const referenceId = rest[0] as string;
  const call = ctx.engine.calls.get(referenceId);
  if (call === undefined) {
    return refusal(
      OUR_RESPONSE_STATUS.callNotFound,
      `no call has reference_id ${referenceId.slice(0, 128)}`,
      referenceId.slice(0, 128),
    );
  }
  if (rest.length === 1) return json(200, callInfo(call));
  const after = integerParam(url, CALL_QUERY.afterParam, 0, Number.MAX_SAFE_INTEGER) ?? 0;
  return json(200, {
    reference_id: call.referenceId,
    events: call.feed.slice(after),
    last_sequence: call.feed.length,
  });
}
