/**
 * Redis figure R2 — answer latency with 10,000 live calls spread over two adapter processes on one Redis. The
 * simulator (this process, real clock) places the calls evenly over a ramp and delivers signed events over
 * loopback HTTP, each event to the next process in turn — no load balancer, no stickiness — and times each POST
 * from its start to its answer's last byte, as TeleSign would see it. Callers take their time within the flow's
 * timeouts (a call lasts ~45 s of simulated time), and simulated time runs at a quarter of real time — the
 * simulator's clock and the adapters' alike, so a call lasts ~3 real minutes, as people's calls do, at ~330
 * events/s — so every call placed is still live when the ramp ends: latency is reported for the events sent while
 * at least 90 % of the calls were live, and over the whole run.
 *
 * @module
 */
import { loadavg } from 'node:os';
import { type CallerScript, createRealClock, createSimulator } from '@ivrkit/simulator';
import { EVENTS_PER_CALL } from '../bench-flow.js';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../credentials.js';
import type { Figure } from '../figure.js';
import { percentiles, round } from '../stats.js';
import {
  type RedisAdapterChild,
  redisSkipReason,
  skippedFigure,
  spawnRedisAdapter,
  startBenchRedis,
} from './redis-processes.js';

/** Options of {@link measureRedisLiveCalls}. */
export interface RedisLiveCallsOptions {
  /** Calls, all live at once at the end of the ramp. Default 10,000. */
  calls?: number;
  /** Calls are placed evenly over this long (real ms). Default 90,000 ms (a call lasts ~180 s). */
  rampMs?: number;
  /** Simulated ms per real ms, of the simulator and the adapters. Default 0.25. */
  speed?: number;
}

/**
 * A patient caller: the bench call's keys (menu 1, an account number, 2 to end), each pressed well after its
 * prompt ends but inside the flow's timeouts (5 s for the first digit, 3 s between digits).
 */
function patientCaller(): CallerScript {
  return {
    rules: [
      { prompt: 1, press: '1', afterMs: 4_000 },
      { prompt: 2, press: '12345678', afterMs: 4_000, digitGapMs: 2_000 },
      { prompt: 3, press: '2', afterMs: 4_000 },
    ],
  };
}

/**
 * Runs the calls and answers the latency figures.
 *
 * @example
 * const figures = await measureRedisLiveCalls({ calls: 10_000 });
 */
export async function measureRedisLiveCalls(options: RedisLiveCallsOptions = {}): Promise<Figure[]> {
  const skip = redisSkipReason();
  if (skip) return [skippedFigure('redis.liveCalls', skip)];
  const count = options.calls ?? 10_000;
  const rampMs = options.rampMs ?? 90_000;
  const speed = options.speed ?? 0.25;
  const origin = Date.now();
  const loadBefore = loadavg();
  const redis = await startBenchRedis('everysec');
  const children: RedisAdapterChild[] = [];
  try {
    for (let i = 0; i < 2; i++)
      children.push(await spawnRedisAdapter(redis.url, 'bench:', { speed, origin }));
    const plateau = 0.9 * count;
    const all: number[] = [];
    const atPlateau: number[] = [];
    let plateauStart: number | undefined;
    let plateauEnd = 0;
    let failedPosts = 0;
    let next = 0;
    const sim = createSimulator({
      credentials: BENCH_CREDENTIALS,
      clock: createRealClock({ speed, startAt: origin + (Date.now() - origin) * speed }),
      eventUrl: `${(children[0] as RedisAdapterChild).url}/events`,
      // Each POST to the next process in turn: a call's consecutive events reach different processes.
      fetch: async (request) => {
        const target = children[next++ % children.length] as RedisAdapterChild;
        const url = new URL(request.url);
        const started = performance.now();
        const live = sim.live;
        try {
          const response = await globalThis.fetch(`${target.url}${url.pathname}`, {
            method: request.method,
            headers: request.headers,
            body: await request.text(),
            signal: request.signal,
          });
          const text = await response.text();
          const ms = performance.now() - started;
          all.push(ms);
          if (live >= plateau) {
            atPlateau.push(ms);
            plateauStart ??= started;
            plateauEnd = performance.now();
          }
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
    for (const child of children) await child.loopDelay();
    const cpuBefore = {
      adapters: await Promise.all(children.map((c) => c.cpuMs())),
      redis: await redis.cpuMs(),
      own: process.cpuUsage(),
    };
    const started = performance.now();
    const ids: string[] = [];
    let peakLive = 0;
    const watchPeak = setInterval(() => {
      peakLive = Math.max(peakLive, sim.live);
    }, 200);
    await new Promise<void>((resolve) => {
      let i = 0;
      const interval = rampMs / count;
      const tick = () => {
        const due = Math.min(count, Math.floor((performance.now() - started) / interval) + 1);
        for (; i < due; i++) {
          ids.push(
            sim.placeInboundCall({
              to: BENCH_NUMBER,
              from: `1555${String(1_000_000 + (i % 1_000_000)).slice(1)}`,
              caller: patientCaller(),
            }).reference_id,
          );
        }
        if (i < count) setTimeout(tick, 5);
        else resolve();
      };
      tick();
    });
    const run = await sim.runUntilIdle({ maxVirtualMs: (rampMs + 400_000) * speed });
    clearInterval(watchPeak);
    const elapsed = performance.now() - started;
    const own = process.cpuUsage(cpuBefore.own);
    const adapterCpu =
      ((await Promise.all(children.map((c) => c.cpuMs()))).reduce((a, b) => a + b, 0) -
        cpuBefore.adapters.reduce((a, b) => a + b, 0)) /
      elapsed;
    const redisCpu = ((await redis.cpuMs()) - cpuBefore.redis) / elapsed;
    const loops = await Promise.all(children.map((c) => c.loopDelay()));
    const ownCpu = (own.user + own.system) / 1000 / elapsed;
    let incomplete = 0;
    for (const id of ids) {
      const events = sim.transcript(id).entries.filter((entry) => entry.kind === 'event').length;
      if (events !== EVENTS_PER_CALL) incomplete++;
    }
    const violations = sim.violations().length;
    const redisData = await redis.describe();
    await sim.close();
    const p = percentiles(atPlateau);
    const whole = percentiles(all);
    const plateauMs = plateauStart === undefined ? 0 : plateauEnd - plateauStart;
    const load = `load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} before, ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} after`;
    const conditions = `${count} calls placed over ${rampMs / 1000} s (~45 s each at speed ×${speed}, ${EVENTS_PER_CALL} events), two adapter processes, each event to the other process; peak ${peakLive} live; ${atPlateau.length} events sent with ≥ ${plateau} live over ${round(plateauMs / 1000, 1)} s (${round((atPlateau.length / plateauMs) * 1000, 0)} events/s); run ended ${run.reason} after ${round(elapsed / 1000, 1)} s; CPU: adapters ${round(adapterCpu * 100, 0)}% of a core together, Redis ${round(redisCpu * 100, 0)}%, simulator process ${round(ownCpu * 100, 0)}%; adapters' event-loop delay p99 ${loops.map((l) => `${l.p99} ms (max ${l.max})`).join(', ')}; Redis: ${redisData}, appendfsync everysec; ${load}`;
    const figures: Figure[] = [
      {
        key: 'redis.liveCalls.p50Ms',
        label: `R2. event sent → action received, p50 (${count} live calls, two processes on Redis)`,
        value: round(p.p50, 2),
        unit: 'ms',
        note: conditions,
      },
      {
        key: 'redis.liveCalls.p99Ms',
        label: `R2. event sent → action received, p99 (${count} live calls, two processes on Redis)`,
        value: round(p.p99, 2),
        unit: 'ms',
        note: `max ${round(p.max, 1)} ms; over the whole run (${all.length} events): p50 ${round(whole.p50, 2)} ms, p99 ${round(whole.p99, 2)} ms`,
      },
      {
        key: 'redis.liveCalls.peakLive',
        label: 'R2. calls live at once at the peak',
        value: peakLive,
        unit: 'calls',
        target: { op: '>=', value: count },
      },
    ];
    if (incomplete + violations + failedPosts > 0) {
      figures.push({
        key: 'redis.liveCalls.problems',
        label: 'R2. calls incomplete + protocol violations + failed POSTs',
        value: incomplete + violations + failedPosts,
        unit: '',
        target: { op: '<=', value: 0 },
        note: `${incomplete} incomplete, ${violations} violations, ${failedPosts} failed POSTs`,
      });
    }
    return figures;
  } finally {
    for (const child of children) await child.stop();
    await redis.close();
  }
}
