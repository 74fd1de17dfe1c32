/**
 * Redis figure R3 — a campaign run by two workers: two `ivrkit campaign … --store redis://…` processes on one
 * campaign id, sharing its calls-per-second limit (one token bucket in Redis) and its ledger, against the simulator
 * (this process, real clock) over loopback HTTP. Each worker reaches the simulator on its own listener, so each
 * dial is timed — when the simulator accepts it — and told to its worker; the call's events reach the workers
 * through one event URL, a round-robin proxy in front of both. The second worker starts once the first has dialled.
 * Figures: the busiest one-second window (≤ the limit), the achieved rate, numbers dialled twice (none), and each
 * worker's share.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '@ivrkit/simulator';
import { type NodeServer, serveNode } from '@ivrkit/simulator/node';
import { spawnCli } from '../cli-child.js';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../credentials.js';
import type { Figure } from '../figure.js';
import { startRoundRobinProxy } from '../round-robin-proxy.js';
import { round } from '../stats.js';
import { redisSkipReason, skippedFigure, startBenchRedis } from './redis-processes.js';

/** Options of {@link measureRedisCampaign}. */
export interface RedisCampaignOptions {
  /** Numbers in the campaign. Default 600. */
  numbers?: number;
  /** The campaign's CPS limit, shared by both workers. Default 20. */
  cps?: number;
}

const FLOW_MODULE = fileURLToPath(new URL('./redis-campaign-flow.ts', import.meta.url));

/** A dial the simulator accepted: when, to whom, through which worker's listener. */
interface Dial {
  at: number;
  to: string;
  by: string;
}

/**
 * Runs the campaign with two workers and answers the pacing figures.
 *
 * @example
 * const figures = await measureRedisCampaign({ numbers: 600, cps: 20 });
 */
export async function measureRedisCampaign(options: RedisCampaignOptions = {}): Promise<Figure[]> {
  const skip = redisSkipReason();
  if (skip) return [skippedFigure('redis.campaign', skip)];
  const total = options.numbers ?? 600;
  const cps = options.cps ?? 20;
  const loadBefore = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'ivrkit-bench-campaign-'));
  const redis = await startBenchRedis();
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const numbersCsv = join(dir, 'numbers.csv');
    const numbers = Array.from({ length: total }, (_, i) => `1777${String(10_000_000 + i).slice(1)}`);
    await writeFile(numbersCsv, `number\n${numbers.join('\n')}\n`);
    const workerPorts = [await freePort(), await freePort()];
    const proxy = await startRoundRobinProxy(workerPorts.map((port) => `http://127.0.0.1:${port}`));
    cleanups.push(() => proxy.close());
    const sim = createSimulator({
      credentials: BENCH_CREDENTIALS,
      clock: 'real',
      eventUrl: `${proxy.url}/events`,
    });
    cleanups.push(() => sim.close());
    const dials: Dial[] = [];
    const listenerFor = async (by: string): Promise<NodeServer> =>
      serveNode(async (request) => {
        const body = request.method === 'POST' ? await request.clone().text() : '';
        const response = await sim.fetch(request);
        if (response.status === 202 && body.includes('"dial"')) {
          const to = (JSON.parse(body) as { params?: { to?: string } }).params?.to ?? '';
          dials.push({ at: Date.now(), to, by });
        }
        return response;
      });
    const listeners = [await listenerFor('w1'), await listenerFor('w2')];
    for (const listener of listeners) cleanups.push(() => listener.close());

    const worker = (name: string, index: number) =>
      runCampaignWorker(
        name,
        [
          FLOW_MODULE,
          '--numbers',
          numbersCsv,
          '--caller-id',
          BENCH_NUMBER,
          '--cps',
          String(cps),
          '--concurrency',
          '100',
          '--id',
          'bench-shared',
          '--store',
          `${redis.url}?prefix=bench:`,
          '--port',
          String(workerPorts[index]),
          '--event-url',
          `${proxy.url}/events`,
          '--report',
          join(dir, `report-${name}.csv`),
          '--log-level',
          'error',
        ],
        {
          TELESIGN_CUSTOMER_ID: BENCH_CREDENTIALS.customerId,
          TELESIGN_API_KEY: BENCH_CREDENTIALS.apiKey,
          TELESIGN_BASE_URL: (listeners[index] as NodeServer).url,
        },
      );
    const redisCpuBefore = await redis.cpuMs();
    const started = performance.now();
    const first = worker('w1', 0);
    // The second worker joins once the first has stored the campaign and dialled.
    while (dials.length === 0 && performance.now() - started < 60_000) await sleep(20);
    const second = worker('w2', 1);
    const outputs = await Promise.all([first, second]);
    await sim.runUntilIdle({ maxVirtualMs: 60_000 });
    const elapsed = performance.now() - started;
    const redisCpu = ((await redis.cpuMs()) - redisCpuBefore) / elapsed;

    const times = dials.map((d) => d.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (j < times.length && (times[j] as number) < (times[i] as number) + 1_000) j++;
      busiest = Math.max(busiest, j - i);
    }
    // The rate while both workers dial: from the second worker's first dial to the last dial.
    const secondFirst = dials.find((d) => d.by === 'w2')?.at;
    const together = secondFirst === undefined ? [] : times.filter((t) => t >= secondFirst);
    const achieved =
      together.length > 1
        ? ((together.length - 1) / ((together.at(-1) as number) - (together[0] as number))) * 1000
        : Number.NaN;
    const perNumber = new Map<string, number>();
    for (const dial of dials) perNumber.set(dial.to, (perNumber.get(dial.to) ?? 0) + 1);
    const twice = [...perNumber.values()].filter((n) => n > 1).length;
    const byWorker = (name: string) => dials.filter((d) => d.by === name).length;
    const done = outputs.map((o) => o.match(/Done: ([^\n]*)/)?.[1] ?? `no report (${o.slice(-300)})`);
    const load = `load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} before, ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} after`;
    const note = `${total} numbers at ${cps} CPS, two ivrkit campaign processes (--store redis://…, --concurrency 100 each); dialled by w1 ${byWorker('w1')}, w2 ${byWorker('w2')}; reports: w1 "${done[0]}", w2 "${done[1]}"; ${round(elapsed / 1000, 1)} s; Redis CPU ${round(redisCpu * 100, 1)}% of a core; ${load}`;
    return [
      {
        key: 'redis.campaign.busiestSecond',
        label: `R3. two workers: dials in the busiest one-second window (limit ${cps})`,
        value: busiest,
        unit: 'calls',
        target: { op: '<=', value: cps },
        note,
      },
      {
        key: 'redis.campaign.achievedCpsShare',
        label: 'R3. two workers: achieved CPS ÷ limit, while both dial',
        value: round(achieved / cps, 4),
        unit: '',
        note: `achieved ${round(achieved, 3)} CPS over ${together.length} dials`,
      },
      {
        key: 'redis.campaign.dialledTwice',
        label: 'R3. two workers: numbers dialled twice',
        value: twice,
        unit: 'numbers',
        target: { op: '<=', value: 0 },
      },
      {
        key: 'redis.campaign.dialledShare',
        label: 'R3. two workers: numbers dialled',
        value: round(perNumber.size / total, 4),
        unit: '',
        target: { op: '>=', value: 1 },
      },
    ];
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await redis.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `ivrkit campaign <args…>` from the CLI's source to its end; resolves with what it wrote. */
function runCampaignWorker(name: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { child, output } = spawnCli('campaign', args, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output());
      else reject(new Error(`ivrkit campaign (${name}) exited ${code}:\n${output().slice(-2_000)}`));
    });
  });
}

/** A loopback port nobody listens on right now (the OS's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
