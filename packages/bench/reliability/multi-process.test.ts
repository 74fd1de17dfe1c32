/**
 * Reliability — scale-out on Redis: a real `redis-server` (append-only file on), three `ivrkit serve` processes on
 * it behind a round-robin proxy (each event goes to the next process: no stickiness), and the simulator — in the
 * TeleSign profile, no [ours] powers — placing 200 bank-flow calls over real loopback HTTP with scripted callers,
 * losing 10 % of event deliveries (TeleSign gave up on them). One process is killed with SIGKILL at a random moment,
 * then another; then Redis itself is killed and restarted. Every call must end; a call that lost no event, or only
 * its `call_completed` (recoverable without the Call Query API, as `lost-deliveries.ts` and the single-process
 * lost-events test define it), must end as the fault-free run does — unless a delivery of it was interrupted where
 * the adapter may have applied it (a kill mid-event, Redis killed between a write and its reply), which the
 * delivery model cannot always tell from the retry without the Call Query API (ARCHITECTURE.md, "Where it cannot
 * tell"): such calls must end, and their count is reported. No action may be taken twice; and every deadline
 * pending when a process died must fire (one caller in seven waits on a lookup that never answers: only its flow's
 * 5 s timer, armed by whichever process stepped the account number, moves the call on).
 *
 * Lost-event recovery runs at real speed here. To keep the run within a few minutes, the processes are started with
 * `--recovery-margin 2000` (the documented `recovery.marginMs` of `createVoiceApp`, default 30 s): a call recovers
 * 28 s sooner after each lost event. The other bounds (an action's own, TeleSign's 50 s retry span) are the defaults.
 * A caller whose `incoming_call` was lost hears ringing (the adapter never learns of the call) and hangs up.
 *
 * The moments (shares of the run's events answered) and the victims are drawn from a seed printed at the start;
 * `IVRKIT_SEED=<n>` replays one.
 */
import { connectRedis, createRedisStore, type RedisConnection } from '@ivrkit/redis';
import { requireRedisServer, startRedisServer } from '@ivrkit/redis/testing';
import { type CallerScript, createSimulator, type Simulator, type TranscriptEntry } from '@ivrkit/simulator';
import { type NodeServer, serveNode } from '@ivrkit/simulator/node';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../src/credentials.js';
import { createInProcessStack } from '../src/in-process-stack.js';
import { type RoundRobinProxy, startRoundRobinProxy } from '../src/round-robin-proxy.js';
import {
  type CallOutcome,
  callerNumber,
  outcomeOf,
  repeatedActionLines,
  repeatedActions,
  variedCaller,
} from './call-outcome.js';
import {
  heard,
  interruptedDeliveries,
  lostEventsOf,
  recoverableWithoutCallQuery,
  unknownToAdapter,
} from './lost-deliveries.js';
import { flow, HANGING_ACCOUNT } from './multi-process/flow.js';
import { type ServeProcess, startServe } from './multi-process/serve-process.js';
import { reportFigures } from './report.js';

const CALLS = 200;
/**
 * Simulated time runs at real speed: the adapters' clocks are real, and a faster simulator would bring two identical
 * events (a goodbye after a prompt without digits) closer together than the runtime's duplicate window allows.
 */
const SPEED = 1;
/** Calls are placed over this long (real ms), so that each kill finds calls in every phase. */
const PLACING_MS = 8_000;
/** Share of event deliveries the simulator loses (TeleSign gave up on them). */
const LOST = 0.1;
/** Lost-event recovery's margin (`--recovery-margin`, default 30 s): see the header. */
const RECOVERY_MARGIN_MS = 2_000;
/** No call may still be live this long (real ms) after the faults: the longest recovery chains fit well inside. */
const ENDED_WITHIN_MS = 330_000;
/** The run takes 4–5 minutes (real time: recovery chains of lost events); the suite's 5 minutes is too tight. */
const TEST_TIMEOUT_MS = 480_000;
/**
 * A dead process's timers and lookups wait this long (real ms) before another takes them: well inside the flow's 5 s
 * lookup timeout, so that a balance lookup cut off by a kill is run again before the flow gives up on it.
 */
const LEASE_MS = 1_000;
const FLOW_MODULE = new URL('./multi-process/flow.ts', import.meta.url).pathname;
const SEED = Number(process.env.IVRKIT_SEED ?? Date.now() % 1_000_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The caller of call `index`: the suite's varied callers, and one in seven waiting on the hanging lookup. */
function callerOf(index: number): CallerScript {
  if (index % 7 !== 6) return variedCaller(index);
  return {
    rules: [
      { prompt: 1, press: '1', afterMs: 300 },
      { prompt: 2, press: HANGING_ACCOUNT, afterMs: 500 },
    ],
  };
}

const haveRedis = requireRedisServer();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe.runIf(haveRedis)('reliability: several processes on Redis', () => {
  it('ends every call correctly through two kill -9 and a Redis restart, with no action twice', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    console.log(`multi-process test: seed ${SEED} (IVRKIT_SEED=${SEED} replays these moments)`);
    const random = mulberry32(SEED);
    const began = performance.now();
    const { outcomes: expected, events: expectedEvents } = await referenceOutcomes();
    console.log(`reference run done at ${Math.round(performance.now() - began)} ms`);

    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const sim = createSimulator({
      credentials: BENCH_CREDENTIALS,
      clock: 'real',
      speed: SPEED,
      seed: `multi-process-${SEED}`,
      eventUrl: 'http://127.0.0.1:9/unset',
      faults: { lose: LOST },
      // Retries outlast a kill and a Redis restart: 10 attempts, 2 s, 4 s, … of simulated time apart.
      eventDelivery: { timeoutMs: 5_000, attempts: 10, backoffMs: 2_000 },
    });
    cleanups.push(() => sim.close());
    const simServer: NodeServer = await serveNode(sim.fetch);
    cleanups.push(() => simServer.close());

    const storeUrl = `${redis.url}?prefix=mp:&lease=${LEASE_MS}`;
    const env = {
      TELESIGN_CUSTOMER_ID: BENCH_CREDENTIALS.customerId,
      TELESIGN_API_KEY: BENCH_CREDENTIALS.apiKey,
      TELESIGN_BASE_URL: simServer.url,
    };
    const processes: ServeProcess[] = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        startServe(
          name,
          [
            FLOW_MODULE,
            '--port',
            '0',
            '--store',
            storeUrl,
            '--recovery-margin',
            String(RECOVERY_MARGIN_MS),
            '--log-level',
            'error',
          ],
          env,
        ),
      ),
    );
    for (const serve of processes) cleanups.push(() => serve.kill());
    console.log(`processes up at ${Math.round(performance.now() - began)} ms`);
    const proxy: RoundRobinProxy = await startRoundRobinProxy(processes.map((p) => p.url));
    cleanups.push(() => proxy.close());

    const watcher = await connectRedis({ url: redis.url, prefix: 'mp:', maxReconnectDelayMs: 100 });
    cleanups.push(() => watcher.close());
    /** Deadlines due within 10 s (flow timers, not lost-event watchdogs) or being handled right now. */
    const pendingDeadlines = async () =>
      (await watcher.command<number>(['ZCOUNT', 'mp:{timers.0}:due', '-inf', String(Date.now() + 10_000)])) +
      (await watcher.command<number>(['ZCARD', 'mp:{timers.0}:claims']));

    // Place the calls over PLACING_MS, while the faults happen at their drawn moments.
    const ids = new Map<string, string>();
    const started = performance.now();
    // A caller whose incoming_call was lost hears only ringing, and hangs up (looked for every second).
    let running = true;
    const ringingHangUps = (async () => {
      while (running) {
        for (const id of ids.values()) {
          if (sim.call(id)?.state === 'ringing' && unknownToAdapter(lostEventsOf(sim, id))) sim.hangup(id);
        }
        await sleep(1_000);
      }
    })();
    const placing = (async () => {
      // By elapsed time, not by a sleep per call: a busy event loop stretches sleeps.
      for (let i = 0; i < CALLS; ) {
        const due = Math.min(CALLS, Math.ceil(((performance.now() - started) / PLACING_MS) * CALLS));
        for (; i < due; i++) {
          const from = callerNumber(i);
          const call = sim.placeInboundCall({
            to: BENCH_NUMBER,
            from,
            caller: callerOf(i),
            eventUrl: `${proxy.url}/events`,
          });
          ids.set(from, call.reference_id);
        }
        await sleep(20);
      }
    })();
    // The faults happen at moments of the run's progress (answered events, of the reference run's total), drawn
    // from the seed: mid-run whatever the machine's speed.
    const answered = () =>
      [...proxy.counts].reduce((sum, [key, n]) => sum + (key.endsWith(' 200') ? n : 0), 0);
    const atProgress = async (share: number) => {
      // Lost events are never answered: count on the share that reaches the processes.
      while (answered() < share * expectedEvents * (1 - LOST)) await sleep(20);
      return Math.round(performance.now() - started);
    };
    const shares = { firstKill: 0.15 + random() * 0.2, secondKill: 0, redisRestart: 0 };
    shares.secondKill = shares.firstKill + 0.1 + random() * 0.2;
    shares.redisRestart = shares.secondKill + 0.05 + random() * 0.15;
    const victims = [...processes].sort(() => random() - 0.5).slice(0, 2) as [ServeProcess, ServeProcess];

    const firstKillAt = await atProgress(shares.firstKill);
    const atFirstKill = { placed: ids.size, live: sim.live, deadlines: await pendingDeadlines() };
    await victims[0].kill();
    const secondKillAt = await atProgress(shares.secondKill);
    const atSecondKill = { placed: ids.size, live: sim.live, deadlines: await pendingDeadlines() };
    await victims[1].kill();
    const restartedAt = await atProgress(shares.redisRestart);
    await redis.restart();
    await placing;

    console.log(`faults done at ${Math.round(performance.now() - began)} ms; waiting for the calls to end`);
    const run = await sim.runUntilIdle({ maxVirtualMs: ENDED_WITHIN_MS * SPEED });
    running = false;
    await ringingHangUps;
    await sleep(1_000);
    if (run.reason !== 'idle') {
      const live = sim.calls().filter((call) => call.state !== 'completed');
      console.log(
        await describeCalls(
          sim,
          watcher,
          live.slice(0, 4).map((call) => call.reference_id),
        ),
      );
    }
    // Deadlines still set belong to ended calls whose last writer died before clearing them: each must lie ahead
    // (one that came due would have fired and gone, on whichever process was alive).
    const overdue = await overdueDeadlines(watcher, Date.now() - LEASE_MS - 2_000);

    const store = createRedisStore(watcher);
    const counts: Record<Held, number> = { whole: 0, heard: 0, fallback: 0, window: 0, unknown: 0 };
    const differing: Array<{ id: string; line: string }> = [];
    /** Calls in the delivery model's window that ended otherwise than the fault-free run (information). */
    let windowDifferent = 0;
    let lostEvents = 0;
    const repeatedLines: string[] = [];
    let repeated = 0;
    for (const [from, id] of ids) {
      const outcome = await outcomeOf(sim, store, id);
      const want = expected.get(from) as CallOutcome;
      lostEvents += lostEventsOf(sim, id).length;
      repeated += repeatedActions(sim, id);
      repeatedLines.push(...repeatedActionLines(sim, id));
      const held = heldTo(sim, id);
      counts[held]++;
      if (held === 'window' && JSON.stringify(outcome) !== JSON.stringify(want)) windowDifferent++;
      const same =
        held === 'whole'
          ? JSON.stringify(outcome) === JSON.stringify(want)
          : held === 'heard'
            ? heard(outcome) === heard(want)
            : true;
      if (!same)
        differing.push({
          id,
          line: `${from} (${held}): expected ${JSON.stringify(want)}, got ${JSON.stringify(outcome)}`,
        });
    }
    const different = differing.length;
    const examples = differing.slice(0, 3).map((d) => d.line);
    const survivor = processes.find((p) => !victims.includes(p)) as ServeProcess;
    await survivor.stop();
    const note =
      `seed ${SEED}; killed ${victims[0].name} at ${firstKillAt} ms (${atFirstKill.placed} calls placed, ${atFirstKill.live} live, ` +
      `${atFirstKill.deadlines} timers due within 10 s or firing) and ${victims[1].name} at ${secondKillAt} ms ` +
      `(${atSecondKill.placed} placed, ${atSecondKill.live} live, ${atSecondKill.deadlines} timers); Redis restarted at ${restartedAt} ms; ` +
      `answers ${[...proxy.counts].map(([key, n]) => `${key.replace(/^http:\/\/127\.0\.0\.1:/, ':')} ×${n}`).join(', ')}; ` +
      `${lostEvents} events lost; calls held to the fault-free outcome: ${counts.whole} wholly, ${counts.heard} by what the caller heard ` +
      `(only call_completed lost); ended, not compared: ${counts.fallback} recovered by the fallback, ${counts.window} with an ` +
      `interrupted delivery (${windowDifferent} of them ended otherwise), ${counts.unknown} whose incoming_call was lost; ` +
      `run ended ${run.reason}` +
      (examples.length ? `; e.g. ${examples.join(' | ')}` : '');
    console.log(note, `; all done at ${Math.round(performance.now() - began)} ms`);
    if (different > 0)
      console.log(
        await describeCalls(
          sim,
          watcher,
          differing.slice(0, 4).map((d) => d.id),
        ),
      );
    await reportFigures('Reliability — three processes on Redis (two kill -9, a Redis restart)', [
      {
        key: 'multiProcess.callsWithWrongOutcome',
        label: `calls not finished as in the fault-free run (of ${counts.whole + counts.heard} held to it)`,
        value: different,
        unit: 'calls',
        target: { op: '<=', value: 0 },
        note,
      },
      {
        key: 'multiProcess.actionsTakenTwice',
        label: 'actions taken twice, or refused as out of turn',
        value: repeated,
        unit: 'actions',
        target: { op: '<=', value: 0 },
      },
    ]);
    expect(run.reason, survivor.output().slice(-2_000)).toBe('idle');
    expect(lostEvents).toBeGreaterThan(0);
    expect(overdue).toEqual([]);
    expect(repeatedLines).toEqual([]);
    expect(examples).toEqual([]);
    expect(different).toBe(0);
  });
});

/**
 * How a call of this run is held to the fault-free run: its `whole` outcome (nothing went wrong on its way), what
 * the caller `heard` (only its `call_completed` was lost: the adapter ends it unconfirmed), or only that it ended —
 * its lost event was answered by the `fallback` (a prompt re-sent, a closing prompt), or a delivery of it was
 * interrupted (the delivery model's `window`, see `interruptedDeliveries`) — or not at all: its `incoming_call`
 * was lost (`unknown` to the adapter; the caller heard ringing and hung up).
 */
type Held = 'whole' | 'heard' | 'fallback' | 'window' | 'unknown';

function heldTo(sim: Simulator, referenceId: string): Held {
  const lost = lostEventsOf(sim, referenceId);
  if (unknownToAdapter(lost)) return 'unknown';
  if (lost.length > 0 && !recoverableWithoutCallQuery(lost)) return 'fallback';
  if (interruptedDeliveries(sim, referenceId).length > 0) return 'window';
  return lost.length > 0 ? 'heard' : 'whole';
}

/** Deadlines due before `before` still set or claimed (a deadline that did not fire), as `id due-in-ms`. */
async function overdueDeadlines(redis: RedisConnection, before: number): Promise<string[]> {
  const lines: string[] = [];
  for (const set of ['due', 'claims']) {
    const entries = await redis.command<string[]>([
      'ZRANGE',
      `mp:{timers.0}:${set}`,
      '-inf',
      String(before),
      'BYSCORE',
      'WITHSCORES',
    ]);
    for (let i = 0; i + 1 < entries.length; i += 2)
      lines.push(`${set} ${entries[i]} ${Number(entries[i + 1]) - Date.now()} ms`);
  }
  return lines;
}

/** The first few calls still live, for a failure message: their last transcript lines and stored records. */
async function describeCalls(
  sim: Simulator,
  redis: RedisConnection,
  ids: readonly string[],
): Promise<string> {
  const lines: string[] = [];
  for (const id of ids) {
    lines.push(`call ${id} (${sim.call(id)?.state}):`);
    for (const entry of sim.transcript(id).entries) lines.push(`  ${transcriptLine(entry)}`);
    const record = await redis.command<string[] | null>(['HMGET', `mp:call:{${id}}`, 'v', 'd']);
    lines.push(`  record: ${String(record?.[1]).slice(0, 600)}`);
    const due = await redis.command<string | null>(['ZSCORE', 'mp:{timers.0}:due', id]);
    const claim = await redis.command<string | null>(['ZSCORE', 'mp:{timers.0}:claims', id]);
    lines.push(`  due ${due} claim ${claim}`);
  }
  return lines.join('\n');
}

/** One transcript entry on one short line. */
function transcriptLine(entry: TranscriptEntry): string {
  const head = `${entry.t} ms ${entry.kind}`;
  switch (entry.kind) {
    case 'event':
      return `${head} #${entry.sequence} ${entry.event.event} ${JSON.stringify(entry.event.data ?? {}).slice(0, 80)}`;
    case 'delivery':
      return `${head} #${entry.sequence} ${entry.outcome} ${entry.attempt ?? ''} ${entry.detail ?? ''}`;
    case 'action':
      return `${head} ${entry.source}${entry.replyTo === undefined ? '' : ` to #${entry.replyTo}`} ${entry.action.method} ${entry.accepted ? 'accepted' : `refused ${entry.status ?? ''}`}`;
    default:
      return `${head} ${JSON.stringify(entry).slice(0, 160)}`;
  }
}

/** The fault-free outcomes of the same callers on the same flow: one process, virtual time, no faults. */
async function referenceOutcomes(): Promise<{ outcomes: Map<string, CallOutcome>; events: number }> {
  const stack = createInProcessStack({ flow, simulator: { seed: 'multi-process-reference' } });
  const ids = new Map<string, string>();
  for (let i = 0; i < CALLS; i++) {
    const from = callerNumber(i);
    ids.set(from, stack.sim.placeInboundCall({ to: BENCH_NUMBER, from, caller: callerOf(i) }).reference_id);
  }
  const run = await stack.settle();
  if (run.reason !== 'idle') throw new Error(`the reference run did not finish: ${run.reason}`);
  const outcomes = new Map<string, CallOutcome>();
  let events = 0;
  for (const [from, id] of ids) {
    outcomes.set(from, await outcomeOf(stack.sim, stack.store, id));
    events += stack.sim.transcript(id).entries.filter((entry) => entry.kind === 'event').length;
  }
  await stack.app.close();
  await stack.sim.close();
  return { outcomes, events };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
