/**
 * The Phone Numbers API (reference §6): search, lease (JSON or form-encoded), list leases, cancel.
 *
 * @module
 */
import { isWirePhoneNumber, OUR_RESPONSE_STATUS, PATHS } from '@ivrkit/protocol';
import type { SimulatorContext } from '../context.js';
import { guard, parseFields, requiredString } from './guard.js';
import { HttpRefusal, json, methodNotAllowed, notFound, refusal } from './responses.js';

/**
 * `GET /v1/phone_numbers/numbers?country_iso2=US&voice_capable=true`.
 *
 * @example
 * await searchRoute(ctx, request, url);
 */
export async function searchRoute(ctx: SimulatorContext, request: Request, url: URL): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed(request.method, url.pathname, ['GET']);
  await guard(ctx, request, url.pathname);
  const country = url.searchParams.get('country_iso2');
  if (country === null || !/^[A-Za-z]{2}$/.test(country)) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `country_iso2: expected a two-letter country code, got ${country === null ? 'nothing' : JSON.stringify(country.slice(0, 40))}`,
    );
  }
  const voiceCapable = url.searchParams.get('voice_capable');
  if (voiceCapable !== null && voiceCapable !== 'true' && voiceCapable !== 'false') {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `voice_capable: expected true or false, got ${JSON.stringify(voiceCapable.slice(0, 40))}`,
    );
  }
  const data = ctx.numbers
    .search(country)
    .filter((item) => voiceCapable !== 'false' || !item.capabilities.voice);
  return json(200, { data });
}

/**
 * `POST /v1/phone_numbers/leases`, `GET /v1/phone_numbers/leases`, `DELETE /v1/phone_numbers/leases/{lease_id}`.
 *
 * @example
 * await leasesRoute(ctx, request, url);
 */
export async function leasesRoute(ctx: SimulatorContext, request: Request, url: URL): Promise<Response> {
  const rest = url.pathname.slice(PATHS.phoneNumberLeases.length).split('/').filter(Boolean);
  if (rest.length > 1) return notFound(url.pathname);
  if (rest.length === 1) {
    if (request.method !== 'DELETE') return methodNotAllowed(request.method, url.pathname, ['DELETE']);
    await guard(ctx, request, url.pathname);
    const cancelled = ctx.numbers.cancel(rest[0] as string);
    if (cancelled === undefined) {
      return refusal(OUR_RESPONSE_STATUS.notFound, `no lease has id ${(rest[0] as string).slice(0, 64)}`);
    }
    return json(200, { data: [cancelled] });
  }
  if (request.method === 'GET') {
    await guard(ctx, request, url.pathname);
    return json(200, { data: ctx.numbers.leased() });
  }
  if (request.method !== 'POST') return methodNotAllowed(request.method, url.pathname, ['GET', 'POST']);
  const body = await guard(ctx, request, url.pathname);
  const fields = parseFields(request, body, { form: true });
  const country = requiredString(fields, 'country_iso2', 2).toUpperCase();
  const number = requiredString(fields, 'phone_number', 64);
  if (!isWirePhoneNumber(number)) {
    return refusal(
      'invalid_phone_number',
      `phone_number: expected digits only with country code (no "+", spaces or punctuation), got ${JSON.stringify(number)}`,
    );
  }
  if (!ctx.numbers.available(number, country)) {
    return refusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `phone_number: ${number} is not available for lease in ${country}; search ${PATHS.phoneNumberSearch} first`,
    );
  }
  return json(200, { data: [ctx.numbers.lease(number, country)] });
}
