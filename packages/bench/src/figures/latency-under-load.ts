/**
 * Figure 2 — latency under load: 1,000 concurrent live calls, the simulator (this process, real clock) delivering
 * signed events over loopback HTTP to the adapter (a child process, memory store). Latency is measured where
 * TeleSign would see it: from the event POST's start to its answer's last byte. Memory per live call is the
 * adapter process's heap growth (after a full GC) with every call live, divided by the calls.
 *
 * @module
 */
import { createSimulator } from '@ivrkit/simulator';
import { benchCaller, EVENTS_PER_CALL } from '../bench-flow.js';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../credentials.js';
import type { Figure } from '../figure.js';
import { spawnServer } from '../servers/spawn-server.js';
import { percentiles, round } from '../stats.js';

/** Options of {@link measureLatencyUnderLoad}. */
export interface LatencyUnderLoadOptions {
  /** Live calls. Default 1,000. */
  calls?: number;
  /**
   * Calls are placed evenly over this long. Default 8,000 ms: a bench call lasts about 16 s, so from the end of the
   * ramp every call is live at once, at a steady ~375 events/s (a 1,000-line IVR at full occupancy).
   */
  rampMs?: number;
  /** Simulated ms per real ms (1: prompts take their real length). Default 1. */
  speed?: number;
}

/**
 * Runs the calls and answers the latency and memory figures.
 *
 * @example
 * const figures = await measureLatencyUnderLoad({ calls: 1_000 });
 */
export async function measureLatencyUnderLoad(options: LatencyUnderLoadOptions = {}): Promise<Figure[]> {
  const count = options.calls ?? 1_000;
  const rampMs = options.rampMs ?? 8_000;
  const speed = options.speed ?? 1;
  const server = await spawnServer({ mode: 'adapter' });
  try {
    const latencies: number[] = [];
    let failedPosts = 0;
    const sim = createSimulator({
      credentials: BENCH_CREDENTIALS,
      clock: 'real',
      speed,
      eventUrl: `${server.url}/events`,
      fetch: async (request) => {
        const started = performance.now();
        try {
          const response = await globalThis.fetch(request);
          const text = await response.text();
          latencies.push(performance.now() - started);
          return new Response(text === '' ? null : text, {
            status: response.status,
            headers: response.headers,
          });
        } catch (error) {
          failedPosts++;
          throw error;
        }
      },
    });
    // Warm the adapter (JIT, connection pool) with a few calls, then take the memory baseline.
    const warm = Array.from({ length: 20 }, (_, i) =>
      sim.placeInboundCall({
        to: BENCH_NUMBER,
        from: `1666${String(1_000_000 + i).slice(1)}`,
        caller: benchCaller(),
      }),
    );
    await sim.runUntilIdle({ maxVirtualMs: 60_000 * speed });
    latencies.length = 0;
    const before = await server.memory();
    const serverCpuBefore = await server.cpuMs();
    const ownCpuBefore = process.cpuUsage();
    const started = performance.now();
    const ids: string[] = [];
    const placed = new Promise<void>((resolve) => {
      let i = 0;
      const interval = rampMs / count;
      const start = performance.now();
      const tick = () => {
        const due = Math.min(count, Math.floor((performance.now() - start) / interval) + 1);
        for (; i < due; i++) {
          ids.push(
            sim.placeInboundCall({
              to: BENCH_NUMBER,
              from: `1555${String(1_000_000 + i).slice(1)}`,
              caller: benchCaller(),
            }).reference_id,
          );
        }
        if (i < count) setTimeout(tick, 5);
        else resolve();
      };
      tick();
    });
    await placed;
    // Every call is live now (a call lasts ~16 s of simulated time): weigh the adapter.
    await new Promise((resolve) => setTimeout(resolve, 1_000 / speed));
    const liveAtPeak = sim.live;
    const peak = await server.memory();
    // Bounded: a call lasts ~16 s; past a minute more, what is unfinished is reported as incomplete.
    const run = await sim.runUntilIdle({ maxVirtualMs: 60_000 * speed + rampMs * speed });
    const elapsed = performance.now() - started;
    const serverCpu = ((await server.cpuMs()) - serverCpuBefore) / elapsed;
    const ownCpuUsage = process.cpuUsage(ownCpuBefore);
    const ownCpu = (ownCpuUsage.user + ownCpuUsage.system) / 1000 / elapsed;
    let incomplete = 0;
    for (const id of ids) {
      const events = sim.transcript(id).entries.filter((entry) => entry.kind === 'event').length;
      if (events !== EVENTS_PER_CALL) incomplete++;
    }
    const violations = sim.violations().length;
    await sim.close();
    void warm;
    const p = percentiles(latencies);
    const perCall = (peak.heapUsed - before.heapUsed) / liveAtPeak / 1024;
    const rssPerCall = (peak.rss - before.rss) / liveAtPeak / 1024;
    const conditions = `${count} calls placed over ${rampMs / 1000} s, ${EVENTS_PER_CALL} events each, simulator speed ×${speed}; ${latencies.length} events timed; ${liveAtPeak} live at the memory sample; run ended ${run.reason} after ${round(elapsed / 1000, 1)} s; CPU: adapter ${round(serverCpu * 100, 0)}% of a core, simulator process ${round(ownCpu * 100, 0)}%`;
    const figures: Figure[] = [
      {
        key: 'latency.p50Ms',
        label: '2. event sent → action received, p50 (1,000 live calls)',
        value: round(p.p50, 2),
        unit: 'ms',
        note: conditions,
      },
      {
        key: 'latency.p99Ms',
        label: '2. event sent → action received, p99 (1,000 live calls)',
        value: round(p.p99, 2),
        unit: 'ms',
        target: { op: '<=', value: 50 },
        note: `max ${round(p.max, 1)} ms, mean ${round(p.mean, 2)} ms`,
      },
      {
        key: 'latency.memoryPerLiveCallKiB',
        label: '2. adapter heap per live call (after GC)',
        value: round(perCall, 2),
        unit: 'KiB',
        target: { op: '<=', value: 20 },
        note: `heap ${round(before.heapUsed / 2 ** 20, 1)} → ${round(peak.heapUsed / 2 ** 20, 1)} MiB; RSS ${round(before.rss / 2 ** 20, 1)} → ${round(peak.rss / 2 ** 20, 1)} MiB (${round(rssPerCall, 1)} KiB per call)`,
      },
    ];
    if (incomplete + violations + failedPosts > 0) {
      figures.push({
        key: 'latency.problems',
        label: '2. calls incomplete + protocol violations + failed POSTs',
        value: incomplete + violations + failedPosts,
        unit: '',
        target: { op: '<=', value: 0 },
        note: `${incomplete} incomplete, ${violations} violations, ${failedPosts} failed POSTs`,
      });
    }
    return figures;
  } finally {
    await server.stop();
  }
}
