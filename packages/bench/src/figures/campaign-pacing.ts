/**
 * Figure 4 — campaign pacing: a campaign of 10,000 numbers at a calls-per-second limit, run by the adapter's
 * `createCampaign` against the simulator in virtual time (one clock for both). Each `dial` is timed where TeleSign
 * would count it: when the simulator accepts it. Achieved CPS is (dials − 1) ÷ (last − first); the busiest
 * one-second window is the most dials in any half-open `[t, t + 1 s)`.
 *
 * @module
 */
import { createCampaign, createMemoryStore } from '@ivrkit/adapter-http';
import { createReminderFlow } from '../bench-flow.js';
import { BENCH_NUMBER } from '../credentials.js';
import type { Figure } from '../figure.js';
import { createInProcessStack } from '../in-process-stack.js';
import { round } from '../stats.js';

/** Options of {@link measureCampaignPacing}. */
export interface CampaignPacingOptions {
  /** Numbers in the campaign. Default 10,000. */
  numbers?: number;
  /** The CPS limit. Default 50. */
  cps?: number;
  /** Give up (and report what was reached) after this much real time. Default 40,000 ms. */
  budgetMs?: number;
}

/**
 * Runs the campaign and answers the pacing figures.
 *
 * @example
 * const figures = await measureCampaignPacing({ numbers: 10_000, cps: 50 });
 */
export async function measureCampaignPacing(options: CampaignPacingOptions = {}): Promise<Figure[]> {
  const total = options.numbers ?? 10_000;
  const cps = options.cps ?? 50;
  const budgetMs = options.budgetMs ?? 40_000;
  const dialTimes: number[] = [];
  const store = createMemoryStore();
  let now: () => number = () => 0;
  const stack = createInProcessStack({ flow: createReminderFlow(), store });
  const { sim, app } = stack;
  now = () => sim.clock.now();
  const timedClient = {
    async dial(params: Parameters<typeof app.dial>[0]) {
      const at = now();
      const answer = await app.dial(params);
      dialTimes.push(at);
      return answer;
    },
  };
  // `app.dial` registers the call with the runtime; the campaign's own dial goes through it.
  const numbers = Array.from({ length: total }, (_, i) => `1777${String(10_000_000 + i).slice(1)}`);
  const campaign = createCampaign({
    id: 'bench-pacing',
    numbers,
    callerId: BENCH_NUMBER,
    cps,
    concurrency: 10_000,
    runtime: app.runtime,
    client: timedClient as never,
    store,
    clock: stack.clock,
  });
  const started = performance.now();
  let finished = false;
  const running = campaign.run().finally(() => {
    finished = true;
  });
  // Drive the shared virtual clock: let in-process work settle, then jump to the next timer.
  let timedOut = false;
  while (!finished) {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    if (finished) break;
    if (sim.inflight > 0) continue;
    if (performance.now() - started > budgetMs) {
      timedOut = true;
      campaign.stop();
      break;
    }
    const next = stack.virtualClock.nextTimerAt();
    if (next === undefined) continue;
    stack.virtualClock.advanceTo(next);
  }
  const report = timedOut ? campaign.report() : await running;
  const elapsed = performance.now() - started;
  await sim.close();

  const sorted = dialTimes.slice().sort((a, b) => a - b);
  const span = (sorted.at(-1) ?? 0) - (sorted[0] ?? 0);
  const achieved = sorted.length > 1 ? ((sorted.length - 1) / span) * 1000 : Number.NaN;
  let busiest = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + 1000) j++;
    busiest = Math.max(busiest, j - i);
  }
  const completed = report.totals.completed ?? 0;
  const note = `${sorted.length} of ${total} numbers dialled in ${round(span / 1000, 1)} s of virtual time (${round(elapsed / 1000, 1)} s real)${timedOut ? `; STOPPED at the ${budgetMs / 1000} s real-time budget` : ''}; ${completed} completed`;
  return [
    {
      key: 'campaign.achievedCpsShare',
      label: `4. campaign achieved CPS ÷ limit (${cps} CPS, ${total} numbers)`,
      value: round(achieved / cps, 4),
      unit: '',
      target: { op: '>=', value: 0.98 },
      note: `${note}; achieved ${round(achieved, 3)} CPS`,
    },
    {
      key: 'campaign.busiestSecond',
      label: '4. campaign dials in the busiest one-second window',
      value: busiest,
      unit: 'calls',
      target: { op: '<=', value: cps },
    },
    {
      key: 'campaign.dialledShare',
      label: '4. campaign numbers dialled within the real-time budget',
      value: round(sorted.length / total, 4),
      unit: '',
      target: { op: '>=', value: 1 },
    },
  ];
}
