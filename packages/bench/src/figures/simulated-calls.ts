/**
 * Figure 3 — simulated six-event calls per second, in-process, in virtual time, on this one thread: the simulator
 * (prompts, callers, signed event delivery) and the adapter (verify, parse, load, step, save, answer) on one
 * virtual clock, as users' tests run them.
 *
 * @module
 */
import { benchCaller, EVENTS_PER_CALL } from '../bench-flow.js';
import { BENCH_NUMBER } from '../credentials.js';
import type { Figure } from '../figure.js';
import { createInProcessStack } from '../in-process-stack.js';
import { round } from '../stats.js';

/** Options of {@link measureSimulatedCalls}. */
export interface SimulatedCallsOptions {
  /** Calls placed at once per batch (the figure with the target). Default 500. */
  batch?: number;
  /**
   * Also measure with this many calls at once, for information (no target): how the cost of a call depends on how
   * many are live together. Default 100; `0` skips it.
   */
  smallBatch?: number;
  /** Measure for about this long. Default 6,000 ms. */
  durationMs?: number;
}

/**
 * Runs batches of bench calls to the end until the time is up, and answers calls per second.
 *
 * @example
 * const [figure] = await measureSimulatedCalls();
 */
export async function measureSimulatedCalls(options: SimulatedCallsOptions = {}): Promise<Figure[]> {
  const batch = options.batch ?? 500;
  const smallBatch = options.smallBatch ?? 100;
  const durationMs = options.durationMs ?? 6_000;
  // Warm-up: one batch, unmeasured.
  await runBatch(100);
  const main = await measureBatches(batch, durationMs);
  const figures: Figure[] = [
    {
      key: 'simulated.callsPerSecond',
      label: '3. simulated six-event calls/s, in-process, virtual time',
      value: main.callsPerSecond,
      unit: 'calls/s',
      target: { op: '>=', value: 2_000 },
      note: main.note,
    },
  ];
  let failures = main.failures;
  if (smallBatch > 0) {
    const small = await measureBatches(smallBatch, durationMs / 2);
    failures += small.failures;
    figures.push({
      key: 'simulated.callsPerSecondSmallBatches',
      label: `3. the same with ${smallBatch} calls live at once, info`,
      value: small.callsPerSecond,
      unit: 'calls/s',
      note: small.note,
    });
  }
  if (failures > 0) {
    figures.push({
      key: 'simulated.failedCalls',
      label: '3. simulated calls that did not run as expected',
      value: failures,
      unit: 'calls',
      target: { op: '<=', value: 0 },
    });
  }
  return figures;
}

/** Runs batches of `batch` calls until `durationMs` has passed. */
async function measureBatches(
  batch: number,
  durationMs: number,
): Promise<{ callsPerSecond: number; failures: number; note: string }> {
  let calls = 0;
  let events = 0;
  let failures = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const result = await runBatch(batch);
    calls += batch;
    events += result.events;
    failures += result.failures;
  }
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuShare = (cpu.user + cpu.system) / 1000 / elapsed;
  return {
    callsPerSecond: round((calls / elapsed) * 1000, 0),
    failures,
    note: `${calls} calls (${events} events) in ${round(elapsed / 1000, 1)} s, batches of ${batch}; this thread used ${round(cpuShare * 100, 0)}% of a core`,
  };
}

async function runBatch(count: number): Promise<{ events: number; failures: number }> {
  const { sim } = createInProcessStack();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      sim.placeInboundCall({
        to: BENCH_NUMBER,
        from: `1555${String(1_000_000 + i).slice(1)}`,
        caller: benchCaller(),
      }).reference_id,
    );
  }
  const run = await sim.runUntilIdle();
  let events = 0;
  let failures = run.reason === 'idle' ? 0 : count;
  for (const id of ids) {
    const entries = sim.transcript(id).entries;
    const count = entries.filter((entry) => entry.kind === 'event').length;
    events += count;
    if (count !== EVENTS_PER_CALL && run.reason === 'idle') failures++;
  }
  failures += sim.violations().length;
  await sim.close();
  return { events, failures };
}
