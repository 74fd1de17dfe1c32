/**
 * Figure 1 — the webhook path: events per second through `createVoiceApp` (signature check, parse, load, step,
 * save, inline answer) over loopback HTTP, beside a bare `node:http` server answering the same requests with a
 * constant action, both driven by the same load generator in the same run. Each server runs alone in a child
 * process; the generator runs in this process.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VoiceEvent } from '@ivrkit/protocol';
import { signedCallEvents } from '../call-script.js';
import type { Figure } from '../figure.js';
import { type LoadResult, runLoad } from '../load/load-generator.js';
import { encodePost } from '../load/raw-http.js';
import { type ServerChild, spawnServer } from '../servers/spawn-server.js';
import { percentiles, round } from '../stats.js';

/** Options of {@link measureWebhookThroughput}. */
export interface WebhookThroughputOptions {
  /** The recorded events of one bench call. */
  events: readonly VoiceEvent[];
  concurrency?: number;
  durationMs?: number;
  warmupMs?: number;
  /** Also measure the adapter on the file store (fsync on). Default true. */
  fileStore?: boolean;
  /**
   * Bare and adapter runs alternate this many times, and each keeps its best run: on a shared machine a
   * neighbour's burst then hurts one run, not the ratio. Default 2.
   */
  rounds?: number;
  /** The server entry file (see `SpawnServerOptions.entry`). Default this package's. */
  serverEntry?: string;
  /** Run the servers' built JavaScript under plain node (see `SpawnServerOptions.compiled`). */
  compiled?: boolean;
  /** Write a CPU profile of each adapter child (not the bare server's) into this directory. */
  adapterProfileDir?: string;
}

/**
 * Measures the bare server, then the adapter (memory store, then file store), and answers the figures.
 *
 * @example
 * const figures = await measureWebhookThroughput({ events: await recordBenchCallEvents() });
 */
export async function measureWebhookThroughput(options: WebhookThroughputOptions): Promise<Figure[]> {
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 5_000;
  const warmupMs = options.warmupMs ?? 1_500;
  // Enough distinct calls for ~60k events/s over the run: each call id is used once.
  const callCount = Math.ceil((60_000 * (durationMs + warmupMs)) / 1000 / options.events.length);
  const calls = Array.from({ length: callCount }, (_, n) =>
    signedCallEvents(options.events, `BENCH${n.toString(16).padStart(27, '0')}`).map((event) =>
      encodePost('/events', event.body, event.headers),
    ),
  );
  const expectedMethods = ['speak', 'speak', 'speak', 'speak', 'hangup', null];
  const adapterAnswers = (_status: number, body: string, index: number) => {
    const method = expectedMethods[index];
    return method === null ? body === '' : body.includes(`"method":"${method}"`);
  };

  let ran: ServerChild['runs'];
  const run = async (
    mode: 'bare' | 'adapter',
    store: 'memory' | 'file' = 'memory',
  ): Promise<LoadResult & { serverCpu: number }> => {
    const dir = store === 'file' ? await mkdtemp(join(tmpdir(), 'ivrkit-bench-')) : undefined;
    const server = await spawnServer({
      mode,
      store,
      ...(dir ? { dir } : {}),
      ...(options.serverEntry ? { entry: options.serverEntry } : {}),
      ...(options.compiled !== undefined ? { compiled: options.compiled } : {}),
      ...(mode === 'adapter' && options.adapterProfileDir ? { profileDir: options.adapterProfileDir } : {}),
    });
    try {
      if (mode === 'adapter' && server.runs) ran = server.runs;
      const cpuBefore = await server.cpuMs();
      const result = await runLoad({
        port: server.port,
        concurrency,
        durationMs,
        warmupMs,
        calls,
        ...(mode === 'adapter' ? { expect: adapterAnswers } : {}),
      });
      const cpuAfter = await server.cpuMs();
      return { ...result, serverCpu: (cpuAfter - cpuBefore) / (durationMs + warmupMs) };
    } finally {
      await server.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  };

  const best = (
    a: LoadResult & { serverCpu: number },
    b: (LoadResult & { serverCpu: number }) | undefined,
  ) => (b === undefined || a.perSecond >= b.perSecond ? a : b);
  let bare: (LoadResult & { serverCpu: number }) | undefined;
  let adapter: (LoadResult & { serverCpu: number }) | undefined;
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    bare = best(await run('bare'), bare);
    adapter = best(await run('adapter'), adapter);
  }
  if (!bare || !adapter) throw new Error('rounds must be at least 1');
  const file = options.fileStore === false ? undefined : await run('adapter', 'file');
  const conditions = `${concurrency} keep-alive connections, ${durationMs / 1000} s measured after ${warmupMs / 1000} s warm-up, best of ${options.rounds ?? 2} alternating rounds`;
  const describe = (name: string, r: LoadResult & { serverCpu: number }) => {
    const p = percentiles(r.latencies);
    return `${name}: p50 ${round(p.p50)} ms, p99 ${round(p.p99)} ms; server CPU ${round(r.serverCpu * 100, 0)}% of a core (~${round((r.serverCpu * 1e6) / r.perSecond, 0)} µs per event), generator CPU ${round(r.generatorCpu * 100, 0)}%${r.unexpected ? `; ${r.unexpected} unexpected answers, first: ${r.firstUnexpected}` : ''}${r.callsUsed >= calls.length ? '; the call pool ran out' : ''}`;
  };
  const figures: Figure[] = [
    {
      key: 'webhook.bare.eventsPerSecond',
      label: '1. bare node:http, constant action',
      value: round(bare.perSecond, 0),
      unit: 'events/s',
      note: `${conditions}. ${describe('bare', bare)}`,
    },
    {
      key: 'webhook.bare.cpuUsPerEvent',
      label: '1. bare server CPU per event, info',
      value: round((bare.serverCpu * 1e6) / bare.perSecond, 1),
      unit: 'µs/event',
      note: 'the server process’s CPU time (all threads) over the run, per event answered',
    },
    {
      key: 'webhook.adapter.eventsPerSecond',
      label: '1. adapter (verify, parse, load, step, save, answer), memory store',
      value: round(adapter.perSecond, 0),
      unit: 'events/s',
      note: `${describe('adapter', adapter)}${ran ? `; ran ${ranWhat(ran)}` : ''}`,
    },
    {
      key: 'webhook.adapter.cpuUsPerEvent',
      label: '1. adapter server CPU per event, info',
      value: round((adapter.serverCpu * 1e6) / adapter.perSecond, 1),
      unit: 'µs/event',
      note: 'the server process’s CPU time (all threads) over the run, per event answered',
    },
    {
      key: 'webhook.ratio',
      label: '1. adapter ÷ bare',
      value: round(adapter.perSecond / bare.perSecond, 3),
      unit: '',
      target: { op: '>=', value: 0.6 },
      note: 'same generator, same requests, same run',
    },
  ];
  if (adapter.unexpected > 0) {
    figures.push({
      key: 'webhook.adapter.unexpectedAnswers',
      label: '1. adapter answers that were not the flow’s action',
      value: adapter.unexpected,
      unit: '',
      target: { op: '<=', value: 0 },
      note: adapter.firstUnexpected ?? '',
    });
  }
  if (file) {
    figures.push({
      key: 'webhook.adapterFile.eventsPerSecond',
      label: '1. adapter on the file store (fsync per write), info',
      value: round(file.perSecond, 0),
      unit: 'events/s',
      note: describe('adapter+file', file),
    });
  }
  return figures;
}

/** `dist/index.js under plain node` or `src/index.ts with --conditions=ivrkit-source --import …tsx…`. */
function ranWhat(runs: NonNullable<ServerChild['runs']>): string {
  const module = runs.adapter.replace(/^.*\/adapter-http\//, '');
  const flags = runs.execArgv.filter((flag) => flag !== '--expose-gc' && !flag.startsWith('--cpu-prof'));
  const loader = flags.some((flag) => flag.includes('tsx')) ? ' through tsx' : '';
  return `@ivrkit/adapter-http's ${module}${flags.length === 0 ? ' under plain node' : `${loader} (${flags.filter((f) => !f.includes('tsx') && f !== '--import').join(' ')})`}`;
}
