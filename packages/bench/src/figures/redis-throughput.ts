/**
 * Redis figure R1 — events per second through the adapter on the Redis store (with the Redis scheduler and lookup
 * leases), on one process and on two, driven by figure 1's load generator with the same pre-signed bench calls.
 * With two processes there is no load balancer and no stickiness: consecutive events of one call go to different
 * processes, so each event finds the other process's write in Redis (the record cache is only a shortcut). Redis's
 * own CPU time (`INFO cpu`) is read around each run, and the machine's load average beside it. The pair is measured
 * with Redis's append-only file fsynced every second (Redis's default: the adapters' CPU is what limits), then, for
 * information, fsynced before every answer (the README's zero-loss setting: the disk's fsync latency limits).
 *
 * @module
 */
import { loadavg } from 'node:os';
import type { VoiceEvent } from '@ivrkit/protocol';
import { signedCallEvents } from '../call-script.js';
import type { Figure } from '../figure.js';
import { type LoadResult, runLoad } from '../load/load-generator.js';
import { encodePost } from '../load/raw-http.js';
import { percentiles, round } from '../stats.js';
import {
  type BenchRedis,
  type RedisAdapterChild,
  redisSkipReason,
  skippedFigure,
  spawnRedisAdapter,
  startBenchRedis,
} from './redis-processes.js';

/** Options of {@link measureRedisThroughput}. */
export interface RedisThroughputOptions {
  /** The recorded events of one bench call. */
  events: readonly VoiceEvent[];
  /** Connections of the generator (each runs one call at a time). Default 32. */
  concurrency?: number;
  durationMs?: number;
  warmupMs?: number;
  /** One and two processes alternate this many times; each keeps its best run. Default 2. */
  rounds?: number;
}

interface Run extends LoadResult {
  /** CPU of the adapter processes together, and of Redis, as shares of one core over the run. */
  adapterCpu: number;
  redisCpu: number;
  /** Redis commands per event sent (warm-up included; the processes' polling counts too). */
  commandsPerEvent: number;
  load: string;
}

const EXPECTED_METHODS = ['speak', 'speak', 'speak', 'speak', 'hangup', null];
const answersTheFlow = (_status: number, body: string, index: number) => {
  const method = EXPECTED_METHODS[index];
  return method === null ? body === '' : body.includes(`"method":"${method}"`);
};
const loadNow = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

/**
 * Measures one process, then two, on a fresh Redis each round, and answers the figures.
 *
 * @example
 * const figures = await measureRedisThroughput({ events: await recordBenchCallEvents() });
 */
export async function measureRedisThroughput(options: RedisThroughputOptions): Promise<Figure[]> {
  const skip = redisSkipReason();
  if (skip) return [skippedFigure('redis.throughput', skip)];
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 5_000;
  const warmupMs = options.warmupMs ?? 1_500;
  // Enough distinct calls for ~15k events/s over the run: each call id is used once.
  const callCount = Math.ceil((15_000 * (durationMs + warmupMs)) / 1000 / options.events.length);
  const calls = Array.from({ length: callCount }, (_, n) =>
    signedCallEvents(options.events, `REDIS${n.toString(16).padStart(27, '0')}`).map((event) =>
      encodePost('/events', event.body, event.headers),
    ),
  );

  const run = async (
    processes: 1 | 2,
    appendfsync: 'always' | 'everysec',
    stickyCalls = false,
  ): Promise<Run> => {
    const redis: BenchRedis = await startBenchRedis(appendfsync);
    const children: RedisAdapterChild[] = [];
    try {
      for (let i = 0; i < processes; i++) children.push(await spawnRedisAdapter(redis.url, 'bench:'));
      const cpu = async () => ({
        adapters: (await Promise.all(children.map((c) => c.cpuMs()))).reduce((a, b) => a + b, 0),
        redis: await redis.cpuMs(),
        commands: await redis.commands(),
      });
      const before = await cpu();
      const started = performance.now();
      const result = await runLoad({
        port: (children[0] as RedisAdapterChild).port,
        ports: children.map((c) => c.port),
        stickyCalls,
        concurrency,
        durationMs,
        warmupMs,
        calls,
        expect: answersTheFlow,
      });
      const elapsed = performance.now() - started;
      const after = await cpu();
      return {
        ...result,
        adapterCpu: (after.adapters - before.adapters) / elapsed,
        redisCpu: (after.redis - before.redis) / elapsed,
        commandsPerEvent: (after.commands - before.commands) / (result.callsUsed * options.events.length),
        load: loadNow(),
      };
    } finally {
      for (const child of children) await child.stop();
      await redis.close();
    }
  };

  const best = (a: Run, b: Run | undefined) => (b === undefined || a.perSecond >= b.perSecond ? a : b);
  let one: Run | undefined;
  let two: Run | undefined;
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    one = best(await run(1, 'everysec'), one);
    two = best(await run(2, 'everysec'), two);
  }
  if (!one || !two) throw new Error('rounds must be at least 1');
  const twoSticky = await run(2, 'everysec', true);
  const oneAlways = await run(1, 'always');
  const twoAlways = await run(2, 'always');
  const conditions = `${concurrency} keep-alive connections, ${durationMs / 1000} s measured after ${warmupMs / 1000} s warm-up, best of ${options.rounds ?? 2} alternating rounds; Redis with appendonly yes, appendfsync everysec`;
  const describe = (r: Run) => {
    const p = percentiles(r.latencies);
    return `p50 ${round(p.p50)} ms, p99 ${round(p.p99)} ms; adapter CPU ${round(r.adapterCpu * 100, 0)}% of a core (~${round((r.adapterCpu * 1e6) / r.perSecond, 0)} µs per event), Redis CPU ${round(r.redisCpu * 100, 0)}% (~${round((r.redisCpu * 1e6) / r.perSecond, 0)} µs per event; ~${round(r.commandsPerEvent, 1)} commands per event), generator ${round(r.generatorCpu * 100, 0)}%; load average after: ${r.load}${r.unexpected ? `; ${r.unexpected} unexpected answers, first: ${r.firstUnexpected}` : ''}${r.callsUsed >= calls.length ? '; the call pool ran out' : ''}`;
  };
  const figures: Figure[] = [
    {
      key: 'redis.oneProcess.eventsPerSecond',
      label: 'R1. adapter on Redis (store, scheduler, leases), one process',
      value: round(one.perSecond, 0),
      unit: 'events/s',
      note: `${conditions}. ${describe(one)}`,
    },
    {
      key: 'redis.twoProcesses.eventsPerSecond',
      label: 'R1. adapter on Redis, two processes, each event to the other process',
      value: round(two.perSecond, 0),
      unit: 'events/s',
      note: describe(two),
    },
    {
      key: 'redis.twoProcesses.ratio',
      label: 'R1. two processes ÷ one',
      value: round(two.perSecond / one.perSecond, 3),
      unit: '',
      note: 'same generator, same requests, same run; the machine has 2 cores for the generator, the adapters and Redis',
    },
    {
      key: 'redis.twoProcesses.stickyCalls.eventsPerSecond',
      label: 'R1. two processes, every event of a call to one process (sticky), info',
      value: round(twoSticky.perSecond, 0),
      unit: 'events/s',
      note: `one run; what a load balancer keeping each call on one process would buy. ${describe(twoSticky)}`,
    },
    {
      key: 'redis.oneProcess.fsyncAlways.eventsPerSecond',
      label: 'R1. one process, Redis fsyncing before every answer (appendfsync always), info',
      value: round(oneAlways.perSecond, 0),
      unit: 'events/s',
      note: `one run. ${describe(oneAlways)}`,
    },
    {
      key: 'redis.twoProcesses.fsyncAlways.eventsPerSecond',
      label: 'R1. two processes, appendfsync always, info',
      value: round(twoAlways.perSecond, 0),
      unit: 'events/s',
      note: `one run. ${describe(twoAlways)}`,
    },
    {
      key: 'redis.oneProcess.redisCpu',
      label: 'R1. Redis CPU, one process, info',
      value: round(one.redisCpu * 100, 0),
      unit: '% of a core',
    },
    {
      key: 'redis.twoProcesses.redisCpu',
      label: 'R1. Redis CPU, two processes, info',
      value: round(two.redisCpu * 100, 0),
      unit: '% of a core',
    },
  ];
  for (const [name, r] of [
    ['oneProcess', one],
    ['twoProcesses', two],
    ['twoProcesses.stickyCalls', twoSticky],
    ['oneProcess.fsyncAlways', oneAlways],
    ['twoProcesses.fsyncAlways', twoAlways],
  ] as const) {
    if (r.unexpected > 0) {
      figures.push({
        key: `redis.${name}.unexpectedAnswers`,
        label: `R1. answers that were not the flow’s action (${name})`,
        value: r.unexpected,
        unit: '',
        target: { op: '<=', value: 0 },
        note: r.firstUnexpected ?? '',
      });
    }
  }
  return figures;
}
