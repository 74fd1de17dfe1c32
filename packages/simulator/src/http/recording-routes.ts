/**
 * The Recordings API (reference §7): list by time range with paging, read one, delete one.
 *
 * @module
 */
import { CALL_RECORDINGS_LIST, OUR_RESPONSE_STATUS, PATHS } from '@ivrkit/protocol';
import type { SimulatorContext } from '../context.js';
import { type RecordingRecord, recordingOf } from '../store/recordings.js';
import { guard, integerParam } from './guard.js';
import { HttpRefusal, json, methodNotAllowed, notFound, refusal } from './responses.js';

/**
 * `GET /v2/call_recording`, `GET|DELETE /v2/call_recording/{reference_id}`.
 *
 * @example
 * await recordingsRoute(ctx, request, url);
 */
export async function recordingsRoute(ctx: SimulatorContext, request: Request, url: URL): Promise<Response> {
  const rest = url.pathname.slice(PATHS.callRecordings.length).split('/').filter(Boolean);
  if (rest.length > 1) return notFound(url.pathname);
  const origin = ctx.publicUrl ?? url.origin;
  if (rest.length === 0) {
    if (request.method !== 'GET') return methodNotAllowed(request.method, url.pathname, ['GET']);
    await guard(ctx, request, url.pathname);
    const start = dateParam(url, 'start_date_time') ?? Number.NEGATIVE_INFINITY;
    const end = dateParam(url, 'end_date_time') ?? Number.POSITIVE_INFINITY;
    const size =
      integerParam(url, 'pagesize', 1, CALL_RECORDINGS_LIST.maxPageSize) ??
      CALL_RECORDINGS_LIST.defaultPageSize;
    const offset = integerParam(url, 'token', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const all: RecordingRecord[] = [];
    for (const call of ctx.engine.calls.values()) {
      if (call.createdAt < start || call.createdAt > end) continue;
      const record = recordingOf(call, ctx.deletedRecordings, origin);
      if (record !== undefined && record.status !== 'deleted') all.push(record);
    }
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? String(offset + size) : null;
    return json(200, {
      [CALL_RECORDINGS_LIST.itemsField]: page,
      [CALL_RECORDINGS_LIST.nextTokenField]: next,
    });
  }
  if (request.method !== 'GET' && request.method !== 'DELETE') {
    return methodNotAllowed(request.method, url.pathname, ['GET', 'DELETE']);
  }
  await guard(ctx, request, url.pathname);
  const referenceId = rest[0] as string;
  const call = ctx.engine.calls.get(referenceId);
  const record = call === undefined ? undefined : recordingOf(call, ctx.deletedRecordings, origin);
  if (record === undefined || (request.method === 'DELETE' && record.status === 'deleted')) {
    return refusal(
      OUR_RESPONSE_STATUS.callNotFound,
      `no recording for reference_id ${referenceId.slice(0, 128)}`,
    );
  }
  if (request.method === 'GET') return json(200, record);
  if (ctx.random.chance(ctx.faults.recordingDeleteFailure ?? 0)) {
    return json(503, {
      reference_id: referenceId,
      status: 'failed_delete',
      message: 'injected fault: the recording could not be deleted everywhere; retry',
    });
  }
  ctx.deletedRecordings.add(referenceId);
  return new Response(null, { status: 204 });
}

function dateParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`);
  if (Number.isNaN(parsed)) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `${name}: expected a UTC date-time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return parsed;
}
