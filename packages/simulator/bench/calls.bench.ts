/**
 * Benchmark: `pnpm --filter @ivrkit/simulator bench`.
 *
 * 1. In-process, virtual time: complete six-event calls per second (incoming_call, four prompts with digits,
 *    call_completed), each event a signed Request to an in-process customer handler that parses it and answers.
 * 2. Memory per live call: calls held mid-prompt, heap measured after a full GC.
 * 3. Loopback HTTP, real time: the customer is a real HTTP server; N calls are held at once, each making an event
 *    every 5 s; the p99 latency of their event deliveries is measured, N doubling until it degrades. A burst of
 *    bare `fetch` calls to a bare `node:http` server is shown beside it, for the machine's own scale.
 *
 * Run with `--max-semi-space-size=64` (the package script does): a larger young generation roughly halves the
 * garbage collector's share of this allocation-heavy load (every event is a Web `Request` and `Response`).
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSimulator } from '../src/index.js';
import { serveNode } from '../src/node-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const US = '15555551212';
const CALLER = '15558675309';

/** The customer's flow: greet with a menu, ask for a PIN, play a confirmation, say goodbye, hang up. */
function sixEventCustomer(): (request: Request) => Promise<Response> {
  const answer = (action: unknown) =>
    new Response(JSON.stringify(action), { status: 200, headers: { 'Content-Type': 'application/json' } });
  return async (request) => {
    const event = JSON.parse(await request.text()) as { event: string; data: { collected_digits?: string } };
    switch (event.event) {
      case 'incoming_call':
        return answer({
          method: 'speak',
          params: { tts: { message: 'For sales press 1', language: 'en-US' }, collect_digits: { max: 1 } },
        });
      case 'speak_completed':
        return event.data.collected_digits === '1'
          ? answer({
              method: 'play',
              params: { url: 'https://a.test/pin.wav', collect_digits: { max: 4, timeout: 5000 } },
            })
          : answer({ method: 'hangup', params: {} });
      case 'play_completed':
        return event.data.collected_digits === ''
          ? answer({ method: 'speak', params: { tts: { message: 'Goodbye' } } })
          : answer({ method: 'play', params: { url: 'https://a.test/confirmed.wav' } });
      default:
        return new Response(null, { status: 204 });
    }
  };
}

const caller = {
  rules: [
    { prompt: 1, press: '1', afterMs: 200 },
    { prompt: 2, press: '2468', afterMs: 300 },
  ],
};

async function inProcessThroughput(): Promise<{ perSecond: number; perCpuSecond: number }> {
  const sim = createSimulator({ eventUrl: 'http://customer.test/events', fetch: sixEventCustomer() });
  const batch = 1_000;
  let calls = 0;
  // Warm up.
  for (let i = 0; i < batch; i++) sim.placeInboundCall({ to: US, from: CALLER, caller });
  await sim.runUntilIdle();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let ids: string[] = [];
  while (performance.now() - started < 4_000) {
    ids = [];
    for (let i = 0; i < batch; i++)
      ids.push(sim.placeInboundCall({ to: US, from: CALLER, caller }).reference_id);
    await sim.runUntilIdle();
    calls += batch;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sample = sim.call(ids[0] as string);
  if (sample?.last_sequence !== 6 || sample.status !== 'hangup') {
    throw new Error(`expected six-event calls, got ${JSON.stringify(sample)}`);
  }
  await sim.close();
  return { perSecond: calls / seconds, perCpuSecond: calls / cpuSeconds };
}

/** The same loopback traffic without the simulator: bare `fetch` to a bare `node:http` server, for scale. */
async function bareLoopback(requests: number): Promise<{ p50: number; p99: number }> {
  const server = await serveNode(
    async () => new Response('{"method":"hangup","params":{}}', { status: 200 }),
    { port: 0 },
  );
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: requests }, async () => {
      const started = performance.now();
      const response = await fetch(`${server.url}/events`, {
        method: 'POST',
        body: '{"event":"incoming_call"}',
      });
      await response.text();
      latencies.push(performance.now() - started);
    }),
  );
  await server.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(requests / 2)] ?? Number.NaN,
    p99: latencies[Math.floor(requests * 0.99)] ?? Number.NaN,
  };
}

async function memoryPerLiveCall(): Promise<number> {
  const count = 20_000;
  const hold = async () =>
    new Response(JSON.stringify({ method: 'play', params: { url: 'https://a.test/hold.wav' } }), {
      status: 200,
    });
  const sim = createSimulator({
    eventUrl: 'http://customer.test/events',
    fetch: hold,
    prompts: { defaultPlayMs: 3_600_000 },
  });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) sim.placeInboundCall({ to: US, from: CALLER, caller });
  await sim.runUntilIdle({ maxVirtualMs: 1 });
  gc();
  const after = process.memoryUsage().heapUsed;
  if (sim.live !== count) throw new Error(`expected ${count} live calls, got ${sim.live}`);
  await sim.close();
  return (after - before) / count;
}

interface LoopbackResult {
  calls: number;
  events: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
}

/** `[bench]` Each held call plays 5 s prompts back to back: one event per call every 5 s. */
const PROMPT_MS = 5_000;
/** `[bench]` Calls arrive spread over this long, then are measured for as long again. */
const RAMP_MS = 5_000;
const MEASURE_MS = 10_000;

/**
 * N calls held at once over loopback HTTP in real time: they arrive over {@link RAMP_MS}; each plays 5 s prompts
 * back to back (the customer answers every event with the next one), so N calls make N/5 events a second. The
 * latency of every event delivery started after the ramp is measured for {@link MEASURE_MS}.
 */
async function loopback(calls: number): Promise<LoopbackResult> {
  const customer = await serveNode(
    async () =>
      new Response(JSON.stringify({ method: 'play', params: { url: 'https://a.test/loop.wav' } }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    { port: 0 },
  );
  const latencies: number[] = [];
  let measuring = false;
  let failed = 0;
  const timedFetch = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const counted = measuring;
    try {
      const response = await fetch(request);
      const text = await response.text();
      if (counted) latencies.push(performance.now() - started);
      return new Response(text, { status: response.status });
    } catch (error) {
      if (counted) failed++;
      throw error;
    }
  };
  const sim = createSimulator({
    clock: 'real',
    eventUrl: `${customer.url}/events`,
    fetch: timedFetch,
    prompts: { defaultPlayMs: PROMPT_MS },
    eventDelivery: { attempts: 1, timeoutMs: 5_000 },
  });
  const server = await serveNode(sim.fetch, { port: 0 });
  const spacing = RAMP_MS / calls;
  for (let i = 0; i < calls; i++) {
    sim.placeInboundCall({ to: US, from: CALLER });
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, spacing * 10));
  }
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  measuring = false;
  const held = sim.live;
  await sim.close();
  await server.close();
  await customer.close();
  latencies.sort((x, y) => x - y);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    calls: held,
    events: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? Number.NaN,
    failed,
  };
}

const throughput = await inProcessThroughput();
console.log(
  `in-process, virtual time: ${Math.round(throughput.perSecond).toLocaleString('en-US')} complete six-event calls/s ` +
    `(${Math.round(throughput.perCpuSecond).toLocaleString('en-US')} per CPU-second of this process)`,
);
const perCall = await memoryPerLiveCall();
console.log(`memory per live call (20,000 held mid-prompt): ${(perCall / 1024).toFixed(1)} KiB`);
console.log(
  `loopback HTTP, real time: N calls held, each playing ${PROMPT_MS / 1000} s prompts back to back (one event per call per ${PROMPT_MS / 1000} s), measured ${MEASURE_MS / 1000} s`,
);
console.log(
  '  calls held | events | events/s | p50 ms | p99 ms | max ms | failed | bare fetch burst p50 / p99 ms',
);
let best = 0;
let bestP99 = 0;
for (const calls of [500, 1_000, 2_000, 4_000, 8_000]) {
  const result = await loopback(calls);
  const bare = await bareLoopback(Math.round(calls / (PROMPT_MS / 1000)));
  console.log(
    `  ${String(result.calls).padStart(10)} | ${String(result.events).padStart(6)} | ${(result.events / (MEASURE_MS / 1000)).toFixed(0).padStart(8)} | ${result.p50.toFixed(1).padStart(6)} | ${result.p99.toFixed(1).padStart(6)} | ${result.max.toFixed(0).padStart(6)} | ${String(result.failed).padStart(6)} | ${bare.p50.toFixed(1)} / ${bare.p99.toFixed(1)}`,
  );
  if (result.failed > 0 || result.calls < calls || result.p99 > 1_000) break;
  best = result.calls;
  bestP99 = result.p99;
}
console.log(
  `held ${best.toLocaleString('en-US')} concurrent calls over loopback HTTP with p99 event delivery ${bestP99.toFixed(0)} ms (limit for the table: p99 ≤ 1 s, no failures)`,
);
