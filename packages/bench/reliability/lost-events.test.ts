/**
 * Reliability 5 — lost events: calls through the simulator and the adapter in-process (virtual time) with 10 % of
 * events lost (TeleSign gave up on them), in the TeleSign profile (no Call Query API). Every call must end — none
 * waits in silence for the four-hour cap — and a call whose lost events were ones the adapter can recover exactly
 * without the Call Query API (`call_completed`) must end as the fault-free run does. With the [ours] Call Query API
 * offered, every call the adapter knows of must end as the fault-free run does.
 */
import type { SimulatorOffer } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import { BENCH_NUMBER } from '../src/credentials.js';
import { createInProcessStack } from '../src/in-process-stack.js';
import {
  type CallOutcome,
  callerNumber,
  outcomeOf,
  repeatedActionLines,
  variedCaller,
} from './call-outcome.js';
import { heard, lostEventsOf, recoverableWithoutCallQuery } from './lost-deliveries.js';
import { reportFigures } from './report.js';

const CALLS = 200;
/** No call may outlast this (virtual): the longest fault-free call, the recovery's bounds and more. */
const ENDED_WITHIN_MS = 15 * 60_000;

interface Run {
  outcomes: Map<string, CallOutcome>;
  /** Callers whose lost events were all `call_completed`. */
  onlyEndLost: Set<string>;
  /** Callers whose `incoming_call` was lost: unknown to the adapter, their caller hears ringing. */
  neverKnown: Set<string>;
  lost: number;
  longestMs: number;
  repeated: string[];
}

async function runCalls(lose: number, offer: SimulatorOffer = {}): Promise<Run> {
  const stack = createInProcessStack({
    simulator: { seed: 'reliability-lost-events', offer, ...(lose > 0 ? { faults: { lose } } : {}) },
  });
  const { sim, app, store } = stack;
  const ids = new Map<string, string>();
  for (let i = 0; i < CALLS; i++) {
    const from = callerNumber(i);
    ids.set(from, sim.placeInboundCall({ to: BENCH_NUMBER, from, caller: variedCaller(i) }).reference_id);
  }
  await stack.settle({ maxVirtualMs: ENDED_WITHIN_MS, drainMs: 10 * 60_000 });
  const neverKnown = new Set<string>();
  for (const [from, id] of ids) {
    if (sim.call(id)?.state !== 'ringing') continue;
    neverKnown.add(from);
    sim.hangup(id);
  }
  await stack.settle({ drainMs: 10 * 60_000 });
  const run: Run = {
    outcomes: new Map(),
    onlyEndLost: new Set(),
    neverKnown,
    lost: 0,
    longestMs: 0,
    repeated: [],
  };
  for (const [from, id] of ids) {
    run.outcomes.set(from, await outcomeOf(sim, store, id));
    run.repeated.push(...repeatedActionLines(sim, id));
    const lostEvents = lostEventsOf(sim, id);
    run.lost += lostEvents.length;
    if (recoverableWithoutCallQuery(lostEvents)) run.onlyEndLost.add(from);
    if (!neverKnown.has(from)) {
      const ended = sim.transcript(id).entries.find((e) => e.kind === 'hangup');
      run.longestMs = Math.max(run.longestMs, ended?.t ?? Number.POSITIVE_INFINITY);
    }
  }
  await app.close();
  await sim.close();
  return run;
}

describe('reliability: lost events', () => {
  it('every call ends; those recoverable without the Call Query API end as the fault-free run does', async () => {
    const clean = await runCalls(0);
    const lossy = await runCalls(0.1);
    const differing = [...lossy.onlyEndLost].filter(
      (from) => heard(lossy.outcomes.get(from)) !== heard(clean.outcomes.get(from)),
    );
    await reportFigures('Reliability 5 — lost events (TeleSign profile)', [
      {
        key: 'lost.longestCallMs',
        label: `longest call the adapter knew of, virtual (of ${CALLS}; ${lossy.lost} events lost)`,
        value: Math.round(lossy.longestMs),
        unit: 'ms',
        target: { op: '<=', value: ENDED_WITHIN_MS },
        note: `${lossy.neverKnown.size} calls lost their incoming_call: unknown to the adapter, their callers heard ringing`,
      },
      {
        key: 'lost.recoverableDifferent',
        label: `calls with only call_completed lost ending unlike the fault-free run (of ${lossy.onlyEndLost.size})`,
        value: differing.length,
        unit: 'calls',
        target: { op: '<=', value: 0 },
      },
      {
        key: 'lost.actionsTwice',
        label: 'actions taken twice',
        value: lossy.repeated.length,
        unit: 'actions',
        target: { op: '<=', value: 0 },
        note: lossy.repeated.slice(0, 3).join(' | '),
      },
    ]);
    expect(lossy.lost).toBeGreaterThan(0);
    expect(lossy.onlyEndLost.size).toBeGreaterThan(0);
    expect(lossy.longestMs).toBeLessThanOrEqual(ENDED_WITHIN_MS);
    expect(differing).toEqual([]);
    expect(lossy.repeated).toEqual([]);
  });

  it('with the [ours] Call Query API, every call the adapter knows of ends as the fault-free run does', async () => {
    const clean = await runCalls(0, { callQuery: true });
    const lossy = await runCalls(0.1, { callQuery: true });
    const differing = [...lossy.outcomes.keys()].filter(
      (from) =>
        !lossy.neverKnown.has(from) && heard(lossy.outcomes.get(from)) !== heard(clean.outcomes.get(from)),
    );
    await reportFigures('Reliability 5 — lost events ([ours] Call Query API)', [
      {
        key: 'lost.callQueryDifferent',
        label: `calls ending unlike the fault-free run (of ${CALLS - lossy.neverKnown.size} the adapter knew of)`,
        value: differing.length,
        unit: 'calls',
        target: { op: '<=', value: 0 },
        note: differing
          .slice(0, 2)
          .map((from) => `${from}: ${heard(lossy.outcomes.get(from))} vs ${heard(clean.outcomes.get(from))}`)
          .join(' | '),
      },
    ]);
    expect(differing).toEqual([]);
    expect(lossy.repeated).toEqual([]);
  });
});
