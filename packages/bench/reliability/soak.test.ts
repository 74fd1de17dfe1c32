/**
 * Reliability 4 — soak: a minute of steady load (8 connections playing whole bench calls back to back) on a real
 * adapter process with the file store (fsync on). Its resident memory, sampled after a full GC, must level off:
 * the growth over the last half must be small beside the first half's (or under 10 MiB).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordBenchCallEvents, signedCallEvents } from '../src/call-script.js';
import { runLoad } from '../src/load/load-generator.js';
import { encodePost } from '../src/load/raw-http.js';
import { type ServerChild, spawnServer } from '../src/servers/spawn-server.js';
import { round } from '../src/stats.js';
import { reportFigures } from './report.js';

const DURATION_MS = Number(process.env.SOAK_MS ?? 60_000);
const SAMPLE_EVERY_MS = 3_000;
const MiB = 2 ** 20;

let server: ServerChild | undefined;
let dir: string | undefined;
afterAll(async () => {
  await server?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('reliability: soak', () => {
  it('keeps resident memory level under a minute of steady load', async () => {
    const events = await recordBenchCallEvents();
    dir = await mkdtemp(join(tmpdir(), 'ivrkit-soak-'));
    server = await spawnServer({ mode: 'adapter', store: 'file', dir });
    // Enough calls for 1,500 events/s; the run stops at the time limit.
    const calls = Array.from({ length: Math.ceil((1_500 * DURATION_MS) / 1000 / events.length) }, (_, n) =>
      signedCallEvents(events, `SOAK${n.toString(16).padStart(12, '0')}`).map((event) =>
        encodePost('/events', event.body, event.headers),
      ),
    );
    const child = server;
    const samples: Array<{ t: number; rss: number; heap: number }> = [];
    const started = performance.now();
    const sample = async () => {
      const usage = await child.memory();
      samples.push({ t: performance.now() - started, rss: usage.rss, heap: usage.heapUsed });
    };
    await sample();
    let stop = false;
    const sampler = (async () => {
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
        if (!stop) await sample();
      }
    })();
    const load = await runLoad({
      port: child.port,
      concurrency: 8,
      durationMs: DURATION_MS,
      warmupMs: 0,
      calls,
    });
    stop = true;
    await sampler;
    await sample();

    const at = (t: number) =>
      samples.reduce(
        (best, s) => (Math.abs(s.t - t) < Math.abs(best.t - t) ? s : best),
        samples[0] as (typeof samples)[0],
      );
    const first = samples[0] as (typeof samples)[0];
    const middle = at(DURATION_MS / 2);
    const last = samples.at(-1) as (typeof samples)[0];
    const firstHalf = middle.rss - first.rss;
    const secondHalf = last.rss - middle.rss;
    const allowed = Math.max(10 * MiB, firstHalf / 2);
    const trace = samples.map((s) => `${round(s.t / 1000, 0)}s:${round(s.rss / MiB, 0)}`).join(' ');
    await reportFigures('Reliability 4 — soak (a minute of steady load, adapter on the file store)', [
      {
        key: 'soak.rssGrowthLastHalfMiB',
        label: 'resident memory growth over the last half of the soak',
        value: round(secondHalf / MiB, 1),
        unit: 'MiB',
        target: { op: '<=', value: round(allowed / MiB, 1) },
        note: `first half +${round(firstHalf / MiB, 1)} MiB; RSS ${round(first.rss / MiB, 1)} → ${round(middle.rss / MiB, 1)} → ${round(last.rss / MiB, 1)} MiB; heap ${round(first.heap / MiB, 1)} → ${round(last.heap / MiB, 1)} MiB; RSS trace (MiB) ${trace}`,
      },
      {
        key: 'soak.eventsPerSecond',
        label: 'events/s sustained during the soak (8 connections, file store)',
        value: round(load.perSecond, 0),
        unit: 'events/s',
        note: `${load.requests} events, ${load.callsUsed} calls, ${load.unexpected} unexpected answers${load.firstUnexpected ? ` (first: ${load.firstUnexpected})` : ''}`,
      },
    ]);
    expect(load.requests).toBeGreaterThan(0);
    expect(load.unexpected).toBe(0);
    expect(secondHalf).toBeLessThanOrEqual(allowed);
  });
});
