/**
 * `pnpm bench`: measures the figures of ivrkit in one run (1–4; 5–7 on Redis), prints each with its target and PASS/MISS, writes
 * them to `results/latest.json`, and prints the change against the previous file.
 *
 * Environment knobs (for quick local runs; the defaults are the figures' definitions):
 * `BENCH_ONLY=1,3` runs only those figures (`BENCH_ONLY=5,6,7`: the Redis ones); `BENCH_QUICK=1` shortens every measurement; `BENCH_PROFILE_DIR=<dir>`
 * makes each server child process write a CPU profile there; `BENCH_COMPILED=1` runs the server children on the
 * packages' built `dist/` (after `pnpm build`) instead of their source through tsx.
 *
 * @module
 */
import { loadavg } from 'node:os';
import { recordBenchCallEvents } from './call-script.js';
import { type Figure, formatFigure } from './figure.js';
import { measureCampaignPacing } from './figures/campaign-pacing.js';
import { measureLatencyUnderLoad } from './figures/latency-under-load.js';
import { measureRedisCampaign } from './figures/redis-campaign.js';
import { measureRedisLiveCalls } from './figures/redis-live-calls.js';
import { measureRedisThroughput } from './figures/redis-throughput.js';
import { measureSimulatedCalls } from './figures/simulated-calls.js';
import { webhookCeiling } from './figures/webhook-bound.js';
import { measureWebhookBreakdown } from './figures/webhook-breakdown.js';
import { measureWebhookThroughput } from './figures/webhook-throughput.js';
import { readResults, writeResults } from './results-file.js';

const ALL_SECTIONS = ['1', '2', '3', '4', '5', '6', '7'];
const only = new Set((process.env.BENCH_ONLY ?? ALL_SECTIONS.join(',')).split(',').map((s) => s.trim()));
const quick = process.env.BENCH_QUICK === '1';
const previous = await readResults('latest.json');
const figures: Figure[] = [];
const started = performance.now();

const section = async (id: string, title: string, measure: () => Promise<Figure[]>) => {
  if (!only.has(id)) return;
  const sectionStart = performance.now();
  console.log(`\n${title}`);
  let measured: Figure[];
  try {
    measured = await measure();
  } catch (error) {
    measured = [
      {
        key: `error.${id}`,
        label: `${id}. could not be measured`,
        value: Number.NaN,
        unit: '',
        target: { op: '>=', value: 0 },
        note: error instanceof Error ? (error.stack ?? error.message) : String(error),
      },
    ];
  }
  for (const figure of measured) {
    console.log(formatFigure(figure, previous?.figures[figure.key]?.value));
    if (figure.note) console.log(`      ${figure.note}`);
  }
  console.log(`  (${((performance.now() - sectionStart) / 1000).toFixed(1)} s)`);
  figures.push(...measured);
};

console.log(
  `ivrkit bench — Node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (figures from a busy machine are low: rerun on a quiet one)`,
);
const events = await recordBenchCallEvents();
await section(
  '1',
  '1. Webhook path: adapter vs bare node:http (server in a child process, generator here)',
  () =>
    measureWebhookThroughput(quick ? { events, durationMs: 2_000, warmupMs: 500, rounds: 1 } : { events }),
);
await section('1', '1b. Where an event’s time goes (each stage alone, in-process, this thread)', () =>
  measureWebhookBreakdown(events, quick ? 1_000 : 6_000),
);
await section('1', '1c. What the necessary stages leave of figure 1’s target', async () =>
  webhookCeiling(figures),
);
await section('2', '2. Latency under load: 1,000 live calls, simulator → adapter over HTTP', () =>
  measureLatencyUnderLoad(quick ? { calls: 200, rampMs: 2_000 } : {}),
);
await section('3', '3. Simulated calls per second: in-process, virtual time, one thread', () =>
  measureSimulatedCalls(quick ? { durationMs: 2_000, batch: 200 } : {}),
);
await section('4', '4. Campaign pacing: createCampaign → simulator, virtual time', () =>
  measureCampaignPacing(quick ? { numbers: 500, budgetMs: 15_000 } : {}),
);

await section('5', '5. Redis: events/s on one and on two processes (store, scheduler, leases on Redis)', () =>
  measureRedisThroughput(quick ? { events, durationMs: 2_000, warmupMs: 500, rounds: 1 } : { events }),
);
await section('6', '6. Redis: latency at 10,000 live calls over two processes', () =>
  measureRedisLiveCalls(quick ? { calls: 1_000, rampMs: 5_000, speed: 1 } : {}),
);
await section('7', '7. Redis: a campaign run by two workers sharing its CPS limit', () =>
  measureRedisCampaign(quick ? { numbers: 100 } : {}),
);

const file = await writeResults('latest.json', figures, {
  merge: ALL_SECTIONS.some((id) => !only.has(id)),
});
const misses = figures.filter((f) => file.figures[f.key]?.pass === false).length;
console.log(
  `\n${figures.length} figures, ${misses} missing their targets, in ${((performance.now() - started) / 1000).toFixed(0)} s; written to packages/bench/results/latest.json${previous ? ` (previous run: ${previous.at})` : ''}`,
);
