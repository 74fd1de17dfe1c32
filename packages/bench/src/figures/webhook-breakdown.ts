/**
 * Where an event's time goes on the webhook path: each stage of `createVoiceApp`'s handling measured alone on the
 * six events of a bench call (µs per event, this thread), beside the whole handler in-process and the bare
 * `node:http` floor. It explains figure 1: the stage that costs most is where speed-ups must come from.
 *
 * @module
 */
import { Readable } from 'node:stream';
import {
  createMemoryStore,
  engineFromFlow,
  eventFingerprint,
  type FlowInput,
  headerReader,
} from '@ivrkit/adapter-http';
import { parseEventJson, type VoiceEvent } from '@ivrkit/protocol';
import { verifyCallback } from '@ivrkit/protocol/auth';
import { createBenchApp } from '../bench-app.js';
import { createBenchFlow } from '../bench-flow.js';
import { signedCallEvents } from '../call-script.js';
import { BENCH_CREDENTIALS } from '../credentials.js';
import type { Figure } from '../figure.js';
import { round } from '../stats.js';

/**
 * Microseconds per call of `run` after a warm-up: the best of three timed blocks, so that a neighbour's burst on a
 * shared machine inflates one block, not the figure. `run` is given the iteration number.
 */
async function microseconds(run: (i: number) => unknown, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(2_000, iterations); i++) await run(i);
  let best = Number.POSITIVE_INFINITY;
  for (let block = 0; block < 3; block++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await run(i);
    best = Math.min(best, ((performance.now() - start) * 1000) / iterations);
  }
  return best;
}

/**
 * Measures the stages and answers one figure per stage (µs per event).
 *
 * @example
 * const figures = await measureWebhookBreakdown(await recordBenchCallEvents());
 */
export async function measureWebhookBreakdown(
  events: readonly VoiceEvent[],
  iterations = 6_000,
): Promise<Figure[]> {
  const signed = signedCallEvents(events, 'BREAKDOWN0000000000000000000000');
  const headers = signed.map((event) => new Headers(event.headers));
  const n = signed.length;
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;

  // The flow's inputs and snapshots along the call, as the runtime steps them (the lookup's outcome included).
  const engine = engineFromFlow(createBenchFlow());
  const steps: Array<{ snapshot: unknown; input: FlowInput }> = [];
  let snapshot: unknown;
  for (const event of events) {
    steps.push({ snapshot, input: event });
    let output = engine.step(snapshot, event, { now: 0 });
    snapshot = output.snapshot;
    for (const lookup of output.lookups) {
      const input: FlowInput = { type: 'lookup.done', id: lookup.id, output: '1,234.56' };
      steps.push({ snapshot, input });
      output = engine.step(snapshot, input, { now: 0 });
      snapshot = output.snapshot;
    }
  }
  // The stored record of a call mid-way, as the memory store holds it.
  const app = createBenchApp(createMemoryStore());
  for (const event of signed.slice(0, 3)) {
    await app.fetch(
      new Request('http://a/events', { method: 'POST', headers: event.headers, body: event.body }),
    );
  }
  const record = await app.runtime.get('BREAKDOWN0000000000000000000000');
  const recordText = JSON.stringify(record);
  const store = createMemoryStore();
  await store.compareAndSet('call:x', JSON.parse(recordText), 0);
  const savedRecord = JSON.parse(recordText);
  let savedVersion = 0;

  // Fresh calls for the whole-handler stage, signed before the clock starts.
  let sent = 0;
  const fresh = Array.from({ length: Math.ceil((6 * iterations + 4_000) / n) + 1 }, (_, c) =>
    signedCallEvents(events, `BRK${c.toString(16).padStart(29, '0')}`),
  ).flat();

  const stages: Array<[string, string, number]> = [
    [
      'verify',
      'verifyCallback (HMAC-SHA256 of the body)',
      await microseconds(
        (i) => verifyCallback(BENCH_CREDENTIALS, pick(signed, i).body, pick(headers, i)),
        iterations,
      ),
    ],
    ['parse', 'parseEventJson', await microseconds((i) => parseEventJson(pick(signed, i).body), iterations)],
    [
      'fingerprint',
      'eventFingerprint (canonical JSON + SHA-256)',
      await microseconds((i) => eventFingerprint(pick(events, i)), iterations),
    ],
    [
      'step',
      'stepFlow (engineFromFlow.step), per input',
      await microseconds((i) => {
        const s = pick(steps, i);
        return engine.step(s.snapshot, s.input, { now: 0 });
      }, iterations),
    ],
    [
      'store',
      `memory store get + compareAndSet (record ${recordText.length} B as JSON)`,
      await microseconds(async () => {
        const found = await store.get('call:x');
        await store.compareAndSet('call:x', found?.value ?? null, found?.version ?? 0);
      }, iterations),
    ],
    [
      'save',
      `memory store compareAndSet alone (the save a step needs; its load is the record cache's)`,
      await microseconds(async () => {
        await store.compareAndSet('call:y', savedRecord, savedVersion++);
      }, iterations),
    ],
    [
      'webRequest',
      'Web Request from a Node stream + readBody + Response (what app.fetch costs; serve(app) skips it)',
      await microseconds(async (i) => {
        const event = pick(signed, i);
        const request = new Request('http://a/events', {
          method: 'POST',
          headers: event.headers,
          body: Readable.toWeb(Readable.from([Buffer.from(event.body)])) as unknown as ReadableStream,
          signal: new AbortController().signal,
          duplex: 'half',
        } as RequestInit);
        await request.text();
        const response = new Response(event.body, {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
        await response.arrayBuffer();
      }, iterations),
    ],
    [
      'handle',
      'whole app.handle in-process, what serve(app) runs (new calls, six events each)',
      await microseconds(async () => {
        const event = fresh[sent++ % fresh.length] as (typeof signed)[0];
        await app.handle({
          method: 'POST',
          path: '/events',
          headers: headerReader(event.headers),
          body: event.body,
        });
      }, iterations),
    ],
    [
      'handler',
      'whole app.fetch in-process (new calls, six events each)',
      await microseconds(async () => {
        // Warm-up and measured runs share one counter: every call is new, and its events come in order.
        const event = fresh[sent++ % fresh.length] as (typeof signed)[0];
        const response = await app.fetch(
          new Request('http://a/events', { method: 'POST', headers: event.headers, body: event.body }),
        );
        await response.text();
      }, iterations),
    ],
  ];
  await app.close();
  const figures: Figure[] = stages.map(([key, label, us]) => ({
    key: `webhook.breakdown.${key}Us`,
    label: `1b. ${label}`,
    value: round(us, 1),
    unit: 'µs/event',
  }));
  // The work no adapter of this design can skip, per event: check, parse, fingerprint, and its share of the call's
  // steps (a lookup outcome is a step of its own), each saved once.
  const stage = (key: string) => stages.find(([k]) => k === key)?.[2] ?? 0;
  const stepsPerEvent = steps.length / events.length;
  const necessary =
    stage('verify') + stage('parse') + stage('fingerprint') + (stage('step') + stage('save')) * stepsPerEvent;
  figures.push({
    key: 'webhook.breakdown.necessaryUs',
    label: '1b. the necessary stages together, per event',
    value: round(necessary, 1),
    unit: 'µs/event',
    note: `verify + parse + fingerprint + ${round(stepsPerEvent, 2)} × (step + save)`,
  });
  return figures;
}
