/**
 * The control API `[ours]`, under `PATHS.simulatorControl` (`/_sim`): the in-process powers over HTTP, for tests
 * in other processes, the CLI and a browser UI. Unauthenticated: it is a local development tool, served on
 * loopback by default. Every state change takes a JSON body (`Content-Type: application/json`, 415 otherwise),
 * which a page of another site cannot send without a CORS preflight (never granted).
 *
 * | method and path | does |
 * |---|---|
 * | `GET /_sim/state` | clock kind, virtual time, live calls, deliveries in flight |
 * | `GET /_sim/calls` / `POST /_sim/calls` | list calls / place an inbound call (`{ to, from, caller?, event_url?, delivery?, faults?, recording? }`) |
 * | `GET /_sim/calls/{id}` / `GET /_sim/calls/{id}/transcript` | one call / its transcript |
 * | `POST /_sim/calls/{id}/press` `{ digits }` / `POST /_sim/calls/{id}/hangup` `{}` | the caller presses digits / hangs up |
 * | `PUT /_sim/calls/{id}/event-url` `{ url }` | this call's event URL |
 * | `PUT /_sim/callees/{number}` | a dialled number's behaviour (`CalleeBehaviour` as JSON) |
 * | `POST /_sim/clock/advance` `{ ms }` / `POST /_sim/run-until-idle` `{ max_virtual_ms? }` | virtual time |
 * | `GET /_sim/violations` | protocol violations of every call |
 * | `GET /_sim/recordings/{file}` | a simulated recording (silent WAV) |
 *
 * @module
 */
import { LIMITS, OUR_RESPONSE_STATUS, PATHS } from '@ivrkit/protocol';
import type { CalleeBehaviour } from '../callers/callee.js';
import type { CallerScript } from '../callers/scripted-caller.js';
import { calleeProblem, callerScriptProblem, faultsProblem } from '../callers/validate.js';
import type { SimulatorContext } from '../context.js';
import type { DeliveryMode } from '../engine/call.js';
import type { FaultOptions } from '../faults.js';
import { silentWav } from '../store/recordings.js';
import { parseFields, requiredString } from './guard.js';
import { readBody } from './read-body.js';
import { HttpRefusal, json, methodNotAllowed, notFound, refusal } from './responses.js';

/**
 * Routes one control request.
 *
 * @example
 * await controlRoute(ctx, request, url);
 */
export async function controlRoute(ctx: SimulatorContext, request: Request, url: URL): Promise<Response> {
  const sim = ctx.control;
  const parts = url.pathname.slice(PATHS.simulatorControl.length).split('/').filter(Boolean);
  const [head, id, tail, extra] = parts;
  const method = request.method;
  const only = (...allowed: string[]): Response | undefined =>
    allowed.includes(method) ? undefined : methodNotAllowed(method, url.pathname, allowed);
  const fields = async (): Promise<Record<string, unknown>> =>
    parseFields(request, await readBody(request, ctx.maxBodyBytes), { form: false });
  if (extra !== undefined) return notFound(url.pathname);

  if (head === 'state' && id === undefined) {
    return (
      only('GET') ??
      json(200, {
        clock: ctx.clock.kind,
        now: ctx.clock.now(),
        live: ctx.engine.live,
        inflight: ctx.delivery.inflight,
      })
    );
  }
  if (head === 'violations' && id === undefined)
    return only('GET') ?? json(200, { violations: sim.violations() });
  if (head === 'calls' && id === undefined) {
    const refused = only('GET', 'POST');
    if (refused) return refused;
    if (method === 'GET') return json(200, { calls: sim.calls() });
    const body = await fields();
    const options: Parameters<typeof sim.placeInboundCall>[0] = {
      to: requiredString(body, 'to', 64),
      from: requiredString(body, 'from', 64),
    };
    if (body.caller !== undefined) {
      const problem = callerScriptProblem(body.caller);
      if (problem) throw new HttpRefusal(OUR_RESPONSE_STATUS.invalidRequest, problem);
      options.caller = body.caller as CallerScript;
    }
    if (body.event_url !== undefined)
      options.eventUrl = requiredString(body, 'event_url', LIMITS.maxUrlLength);
    if (body.delivery !== undefined) options.delivery = oneOf(body, 'delivery', ['http', 'websocket', 'off']);
    if (body.faults !== undefined) {
      const problem = faultsProblem(body.faults);
      if (problem) throw new HttpRefusal(OUR_RESPONSE_STATUS.invalidRequest, problem);
      options.faults = body.faults as FaultOptions;
    }
    if (body.recording !== undefined) options.recording = body.recording === true;
    try {
      return json(201, sim.placeInboundCall(options));
    } catch (error) {
      if (error instanceof RangeError)
        throw new HttpRefusal(OUR_RESPONSE_STATUS.invalidRequest, error.message);
      throw error;
    }
  }
  if (head === 'calls' && id !== undefined) {
    if (sim.call(id) === undefined)
      return refusal(OUR_RESPONSE_STATUS.callNotFound, `no call has reference_id ${id.slice(0, 128)}`);
    if (tail === undefined) return only('GET') ?? json(200, sim.call(id));
    if (tail === 'transcript') return only('GET') ?? json(200, sim.transcript(id));
    if (tail === 'press') {
      const refused = only('POST');
      if (refused) return refused;
      const digits = requiredString(await fields(), 'digits', LIMITS.maxCollectDigits);
      if (!/^[0-9*#A-D]+$/.test(digits)) {
        throw new HttpRefusal(
          OUR_RESPONSE_STATUS.invalidRequest,
          `digits: expected 0-9 * # A-D, got ${JSON.stringify(digits)}`,
        );
      }
      sim.press(id, digits);
      return json(200, sim.call(id));
    }
    if (tail === 'hangup') {
      const refused = only('POST');
      if (refused) return refused;
      // Read only for its Content-Type: a state change takes JSON, which a page of another site cannot send.
      await fields();
      sim.hangup(id);
      return json(200, sim.call(id));
    }
    if (tail === 'event-url') {
      const refused = only('PUT');
      if (refused) return refused;
      sim.setEventUrl(id, requiredString(await fields(), 'url', LIMITS.maxUrlLength));
      return json(200, sim.call(id));
    }
    return notFound(url.pathname);
  }
  if (head === 'callees' && id !== undefined && tail === undefined) {
    const refused = only('PUT');
    if (refused) return refused;
    const behaviour = await fields();
    const problem = calleeProblem(behaviour);
    if (problem) throw new HttpRefusal(OUR_RESPONSE_STATUS.invalidRequest, problem);
    sim.setCallee(id, behaviour as CalleeBehaviour);
    return json(200, { number: id, behaviour });
  }
  if (head === 'clock' && id === 'advance' && tail === undefined) {
    const refused = only('POST');
    if (refused) return refused;
    const ms = (await fields()).ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new HttpRefusal(
        OUR_RESPONSE_STATUS.invalidRequest,
        `ms: expected a number ≥ 0, got ${JSON.stringify(ms)}`,
      );
    }
    if (ctx.clock.kind !== 'virtual') {
      throw new HttpRefusal(
        OUR_RESPONSE_STATUS.invalidRequest,
        'the clock is real: only a virtual clock can be advanced',
      );
    }
    await sim.clock.advance(ms);
    return json(200, { now: ctx.clock.now() });
  }
  if (head === 'run-until-idle' && id === undefined) {
    const refused = only('POST');
    if (refused) return refused;
    const body = await fields();
    const max = body.max_virtual_ms;
    const result = await sim.runUntilIdle(typeof max === 'number' && max >= 0 ? { maxVirtualMs: max } : {});
    return json(200, result);
  }
  if (head === 'recordings' && id !== undefined && tail === undefined) {
    return (
      only('GET') ?? new Response(silentWav(), { status: 200, headers: { 'Content-Type': 'audio/wav' } })
    );
  }
  return notFound(url.pathname);
}

function oneOf(body: Record<string, unknown>, name: string, allowed: DeliveryMode[]): DeliveryMode {
  const value = body[name];
  if (!allowed.includes(value as DeliveryMode)) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `${name}: expected one of ${allowed.join(', ')}`,
    );
  }
  return value as DeliveryMode;
}
