/**
 * The page's HTTP calls: the simulator's control API (`/_sim`, see the simulator's `control-routes.ts`) for the
 * phone itself, and the demo API (`/_demo`) for outbound calls, campaigns and transcripts. Same origin, relative
 * URLs, so the page works wherever it is served.
 *
 * @module
 */
import type { CallJson, CallView, CampaignRequest } from '../shared/live-protocol.js';

/** The simulator's control API prefix (`PATHS.simulatorControl` of `@ivrkit/protocol`). */
export const CONTROL = '/_sim';

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message = (json as { message?: string } | undefined)?.message ?? response.statusText;
    throw new Error(`${method} ${path}: ${response.status} ${message}`);
  }
  return json as T;
}

/** Someone (the softphone) calls `to` from `from`: the caller is silent until the page presses keys. */
export function placeCall(to: string, from: string): Promise<CallJson> {
  return send('POST', `${CONTROL}/calls`, { to, from, caller: {} });
}

/** The person on the call presses `digits`. */
export function press(referenceId: string, digits: string): Promise<CallJson> {
  return send('POST', `${CONTROL}/calls/${encodeURIComponent(referenceId)}/press`, { digits });
}

/** The person on the call hangs up. */
export function hangup(referenceId: string): Promise<CallJson> {
  return send('POST', `${CONTROL}/calls/${encodeURIComponent(referenceId)}/hangup`, {});
}

/** An outbound flow calls `to`. */
export function dialMe(flow: string, to: string): Promise<{ reference_id: string }> {
  return send('POST', '/_demo/dial', { flow, to });
}

/** Starts a campaign. */
export function startCampaign(request: CampaignRequest): Promise<{ id: string; numbers: string[] }> {
  return send('POST', '/_demo/campaigns', request);
}

/** Everything known of a call. */
export function callView(referenceId: string): Promise<CallView> {
  return send('GET', `/_demo/calls/${encodeURIComponent(referenceId)}`);
}

/** Where a call's transcript downloads, as text or as the simulator's JSON. */
export function transcriptUrls(referenceId: string): { text: string; json: string } {
  const id = encodeURIComponent(referenceId);
  return { text: `/_demo/calls/${id}/transcript.txt`, json: `${CONTROL}/calls/${id}/transcript` };
}
