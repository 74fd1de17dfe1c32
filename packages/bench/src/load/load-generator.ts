/**
 * The load generator of the webhook figures: `concurrency` keep-alive connections, each playing whole calls — a
 * call's events in order, each sent once the previous one is answered, as TeleSign delivers them — for a fixed
 * time. Calls are pre-serialised (signed, encoded) before the clock starts, so the generator's own cost per
 * request is a socket write and a header scan.
 *
 * It runs in the bench's main process; the servers it drives run in child processes, so on a 2-core machine the
 * generator and the server each get a core (nothing pins them: the OS schedules).
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { openRawConnection, type RawConnection } from './raw-http.js';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  port: number;
  /**
   * Several servers behind no load balancer: each worker keeps one connection to each, and the events of its n-th
   * call go round them in turn (event i to server `(n + i) mod ports.length`), so consecutive events of one call
   * reach different servers. Default: `[port]`.
   */
  ports?: readonly number[];
  /** With `ports`: every event of a call goes to one server (call n to server `n mod ports.length`). */
  stickyCalls?: boolean;
  /** Connections, each running one call at a time. */
  concurrency: number;
  /** Measured time, after the warm-up. */
  durationMs: number;
  /** Unmeasured time first (JIT, caches). */
  warmupMs: number;
  /** Serialised requests of call `n`, in order. Called ahead of time for every call that may be needed. */
  calls: readonly (readonly Buffer[])[];
  /** Checks each answer; a `false` counts as an unexpected answer. */
  expect?: (status: number, body: string, eventIndex: number) => boolean;
}

/** What {@link runLoad} measured (warm-up excluded). */
export interface LoadResult {
  /** Requests answered during the measured time. */
  requests: number;
  /** Requests per second during the measured time. */
  perSecond: number;
  /** Answers that failed `expect` or were not 2xx. */
  unexpected: number;
  /** The first unexpected answer, for the report. */
  firstUnexpected?: string;
  /** Latency of each measured request, ms. */
  latencies: Float64Array;
  /** The generator's own CPU time during the measured time, as a share of one core (0–1). */
  generatorCpu: number;
  /** Calls started (warm-up included); `calls.length` means the pool ran out. */
  callsUsed: number;
  elapsedMs: number;
}

/**
 * Drives a server until `warmupMs + durationMs` have passed or the calls run out.
 *
 * @example
 * const result = await runLoad({ port, concurrency: 32, durationMs: 5_000, warmupMs: 1_000, calls });
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const ports = options.ports ?? [options.port];
  const connections: RawConnection[][] = [];
  for (let i = 0; i < options.concurrency; i++)
    connections.push(await Promise.all(ports.map((port) => openRawConnection(port))));
  const latencies = new Float64Array(4_000_000);
  let measured = 0;
  let unexpected = 0;
  let firstUnexpected: string | undefined;
  let nextCall = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  let cpuStart: NodeJS.CpuUsage | undefined;
  let measuredStart = 0;
  const warmupTimer = setTimeout(() => {
    cpuStart = process.cpuUsage();
    measuredStart = performance.now();
  }, options.warmupMs);

  const worker = async (toEach: RawConnection[]) => {
    for (;;) {
      if (performance.now() >= stopAt || nextCall >= options.calls.length) return;
      const callIndex = nextCall++;
      const requests = options.calls[callIndex] as readonly Buffer[];
      for (const [index, request] of requests.entries()) {
        const sent = performance.now();
        const server = options.stickyCalls ? callIndex : callIndex + index;
        const connection = toEach[server % toEach.length] as RawConnection;
        const { status, body } = await connection.send(request);
        const now = performance.now();
        const ok = status >= 200 && status < 300 && (options.expect?.(status, body, index) ?? true);
        if (sent >= measureFrom && now <= stopAt) {
          if (measured < latencies.length) latencies[measured] = now - sent;
          measured++;
          if (!ok) {
            unexpected++;
            firstUnexpected ??= `event ${index}: HTTP ${status} ${body.slice(0, 200)}`;
          }
        }
        if (now >= stopAt) return;
      }
    }
  };
  await Promise.all(connections.map(worker));
  clearTimeout(warmupTimer);
  const end = Math.min(performance.now(), stopAt);
  const cpu = process.cpuUsage(cpuStart);
  for (const connection of connections.flat()) connection.close();
  const elapsedMs = end - (measuredStart || measureFrom);
  const result: LoadResult = {
    requests: measured,
    perSecond: (measured / elapsedMs) * 1000,
    unexpected,
    latencies: latencies.subarray(0, Math.min(measured, latencies.length)),
    generatorCpu: (cpu.user + cpu.system) / 1000 / elapsedMs,
    callsUsed: nextCall,
    elapsedMs,
  };
  if (firstUnexpected !== undefined) result.firstUnexpected = firstUnexpected;
  return result;
}
