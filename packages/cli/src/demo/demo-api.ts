/**
 * The demo's own HTTP API under `/_demo` (next to the simulator's control API under `/_sim`), used by the page:
 *
 * | method and path | does |
 * |---|---|
 * | `GET /_demo/calls/{id}` | everything known of a call: simulator transcript entries and the flow's states (`CallView`) |
 * | `GET /_demo/calls/{id}/transcript.txt` | the same as readable text (what `ivrkit demo` prints) |
 * | `POST /_demo/dial` `{ flow, to }` | the outbound flow calls `to` (the softphone's number: "call me") |
 * | `POST /_demo/campaigns` `{ flow, count, mix, cps?, concurrency? }` | an outbound campaign against simulated callees |
 *
 * @module
 */
import {
  type CampaignProgress as AdapterProgress,
  type CampaignReport,
  createCampaign,
  type Store,
  type TeleSignClient,
  type VoiceApp,
} from '@ivrkit/adapter-http';
import type { CalleeBehaviour, Simulator } from '@ivrkit/simulator';
import {
  type CampaignMix,
  type CampaignProgress,
  type CampaignRequest,
  DEMO_API_PATH,
  type DialRequest,
} from '@ivrkit/softphone';
import { formatTranscript } from '../transcript/format-transcript.js';
import type { LiveFeed } from './live-feed.js';
import type { VariableClock } from './variable-clock.js';

/** Options of {@link createDemoApi}. */
export interface DemoApiOptions {
  sim: Simulator;
  feed: LiveFeed;
  clock: VariableClock;
  number: string;
  softphoneNumber: string;
  outbound?: { name: string; app: VoiceApp; store: Store };
  client: Pick<TeleSignClient, 'dial'> & Partial<Pick<TeleSignClient, 'calls'>>;
}

/** The API. */
export interface DemoApi {
  /** Answers a request under `/_demo`, or `undefined` for any other path. */
  handle(request: Request): Promise<Response | undefined>;
  /** Stops running campaigns (calls in flight finish on their own). */
  close(): void;
}

/** `[demo]` The largest campaign the page may start. */
export const MAX_DEMO_CAMPAIGN = 200;

/**
 * Creates the API.
 *
 * @example
 * const api = createDemoApi({ sim, feed, clock, number, softphoneNumber, client });
 * const response = (await api.handle(request)) ?? sim.fetch(request);
 */
export function createDemoApi(options: DemoApiOptions): DemoApi {
  const campaigns = new Set<{ stop(): void }>();
  let campaignCount = 0;

  async function dial(body: DialRequest): Promise<Response> {
    const outbound = options.outbound;
    if (!outbound || body.flow !== outbound.name)
      return json(404, { message: `no outbound flow ${body.flow}` });
    if (typeof body.to !== 'string' || !/^[1-9][0-9]{6,14}$/.test(body.to))
      return json(400, { message: 'to: expected a phone number, digits only' });
    const answer = await outbound.app.dial({
      to: body.to,
      caller_id_number: options.number,
      external_id: 'appt-1',
    });
    return json(202, answer);
  }

  function startCampaign(body: CampaignRequest): Response {
    const outbound = options.outbound;
    if (!outbound || body.flow !== outbound.name)
      return json(404, { message: `no outbound flow ${body.flow}` });
    const count = Math.floor(Number(body.count));
    if (!(count >= 1 && count <= MAX_DEMO_CAMPAIGN))
      return json(400, { message: `count: expected 1-${MAX_DEMO_CAMPAIGN}` });
    const id = `demo-${Date.now().toString(36)}-${++campaignCount}`;
    const numbers = Array.from(
      { length: count },
      (_, i) => `1555020${String(campaignCount % 10)}${String(i).padStart(3, '0')}`,
    );
    const behaviours = behaviourMix(numbers.length, body.mix);
    for (const [i, number] of numbers.entries())
      options.sim.setCallee(number, behaviours[i] as CalleeBehaviour);
    const progress: CampaignProgress = {
      id,
      flow: outbound.name,
      total: count,
      placed: 0,
      outcomes: {},
      active: 0,
      done: false,
    };
    const publish = () => options.feed.campaign({ ...progress, outcomes: { ...progress.outcomes } });
    const campaign = createCampaign({
      id,
      numbers,
      callerId: options.number,
      cps: clampNumber(body.cps, 0.1, 20, 4),
      concurrency: Math.floor(clampNumber(body.concurrency, 1, 50, 8)),
      runtime: outbound.app.runtime,
      client: options.client,
      store: outbound.store,
      clock: options.clock.adapter,
      retry: { attempts: 2, backoffMs: 5_000 },
      onProgress: (notice: AdapterProgress) => {
        if (notice.type === 'dialled') progress.placed++;
        if (notice.type === 'finished' && notice.outcome)
          progress.outcomes[notice.outcome] = (progress.outcomes[notice.outcome] ?? 0) + 1;
        progress.active = notice.counts.in_flight;
        publish();
      },
    });
    campaigns.add(campaign);
    publish();
    campaign.run().then(
      (report: CampaignReport) => {
        campaigns.delete(campaign);
        progress.outcomes = Object.fromEntries(Object.entries(report.totals).filter(([, n]) => n > 0));
        progress.active = 0;
        progress.done = true;
        publish();
      },
      (error: unknown) => {
        campaigns.delete(campaign);
        progress.done = true;
        progress.error = error instanceof Error ? error.message : String(error);
        publish();
      },
    );
    return json(202, { id, numbers });
  }

  return {
    async handle(request) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(`${DEMO_API_PATH}/`)) return undefined;
      const parts = url.pathname.slice(DEMO_API_PATH.length + 1).split('/');
      const [head, id, tail] = parts;
      try {
        if (head === 'calls' && id !== undefined && request.method === 'GET') {
          const view = options.feed.view(id);
          if (!view) return json(404, { message: `no call ${id.slice(0, 64)}` });
          if (tail === undefined) return json(200, view);
          if (tail === 'transcript.txt') {
            const transcript = options.sim.transcript(id);
            return new Response(`${formatTranscript(transcript, { states: view.states, indent: '' })}\n`, {
              headers: {
                'content-type': 'text/plain; charset=utf-8',
                'content-disposition': `attachment; filename="call-${id}.txt"`,
              },
            });
          }
        }
        if (request.method !== 'GET' && request.method !== 'HEAD' && !isJson(request))
          return json(415, {
            message: `Content-Type must be application/json, got "${(request.headers.get('content-type') ?? '').slice(0, 80)}"`,
          });
        if (head === 'dial' && id === undefined && request.method === 'POST')
          return await dial((await request.json()) as DialRequest);
        if (head === 'campaigns' && id === undefined && request.method === 'POST')
          return startCampaign((await request.json()) as CampaignRequest);
        return json(404, { message: `no route ${request.method} ${url.pathname}` });
      } catch (error) {
        return json(400, { message: error instanceof Error ? error.message : String(error) });
      }
    },
    close() {
      for (const campaign of campaigns) campaign.stop();
      campaigns.clear();
    },
  };
}

/**
 * Callee behaviours for `count` numbers in the proportions of `mix` (percent; the rest answer). Answering callees
 * confirm (press 1 when asked), cancel, or stay silent, in turn.
 *
 * @example
 * behaviourMix(4, { answered: 50, busy: 25, no_answer: 25, failed: 0 }).map((b) => b.outcome);
 * // ['answered', 'answered', 'busy', 'no_answer']
 */
export function behaviourMix(count: number, mix: CampaignMix): CalleeBehaviour[] {
  const share = (percent: unknown) => Math.max(0, Math.min(100, Number(percent) || 0));
  const busy = Math.round((count * share(mix.busy)) / 100);
  const noAnswer = Math.round((count * share(mix.no_answer)) / 100);
  const failed = Math.round((count * share(mix.failed)) / 100);
  const out: CalleeBehaviour[] = [];
  const answered = Math.max(0, count - busy - noAnswer - failed);
  for (let i = 0; i < count; i++) {
    const j = i - answered;
    if (i < answered) {
      const kind = i % 3;
      out.push({
        outcome: 'answered',
        ringMs: 1_500 + (i % 5) * 500,
        caller:
          kind === 0
            ? { rules: [{ says: 'to confirm', press: '1', afterMs: 600 }] }
            : kind === 1
              ? {
                  rules: [
                    { says: 'to confirm', press: '3', afterMs: 600 },
                    { says: 'to cancel your', press: '1', afterMs: 400 },
                  ],
                }
              : {},
      });
    } else if (j < busy) out.push({ outcome: 'busy', ringMs: 1_500 });
    else if (j < busy + noAnswer) out.push({ outcome: 'no_answer', ringMs: 8_000 });
    else out.push({ outcome: 'failed', ringMs: 500 });
  }
  return out;
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : fallback;
}

/**
 * Whether the body is declared JSON. A page of another site can post a form or `text/plain` without asking;
 * `application/json` needs a CORS preflight this API never grants.
 */
function isJson(request: Request): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
