/**
 * Reliability 1 — faults: 1,000 calls through the simulator and the adapter in-process (virtual time) with 10 %
 * of events duplicated, 10 % reordered, 5 % delayed, event-URL timeouts and 5xx answers retried, in the TeleSign
 * profile (no Call Query API). Every call's outcome must equal its outcome in the same run without faults — except
 * where the delivery model says the events cannot be told apart: an event that comes again seconds after it was
 * applied (an answer TeleSign never saw, or a copy retried), looking exactly like what the answer could have
 * produced by then (ARCHITECTURE.md, "Delivery model"). Those are counted and reported; no action may be taken
 * twice anywhere.
 */

import type { FaultOptions } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import { BENCH_NUMBER } from '../src/credentials.js';
import { createInProcessStack } from '../src/in-process-stack.js';
import {
  type CallOutcome,
  callerNumber,
  outcomeOf,
  repeatedActionLines,
  repeatedActions,
  variedCaller,
} from './call-outcome.js';
import { reportFigures } from './report.js';

const CALLS = 1_000;

const FAULTS: FaultOptions = {
  duplicate: 0.1,
  reorder: 0.1,
  delay: { probability: 0.05, minMs: 200, maxMs: 3_000 },
  // Slower than the 5 s delivery timeout: the adapter answered, TeleSign never saw it, and retries.
  slowEventUrl: { probability: 0.03, minMs: 6_000, maxMs: 8_000 },
  // The event URL answers 503 (retried).
  failEventUrl: 0.05,
};

interface Run {
  outcomes: Map<string, CallOutcome>;
  /**
   * Callers whose call had an event come again seconds after it was applied: an answer TeleSign never saw (a
   * timeout), or a copy whose delivery failed and was retried.
   */
  timedOut: Set<string>;
  repeated: number;
  repeatedLines: string[];
  violations: string[];
  deliveries: Record<string, number>;
  sentOutsideAnswers: number;
}

async function runCalls(faults: FaultOptions | undefined): Promise<Run> {
  const stack = createInProcessStack({
    simulator: { seed: 'reliability-faults', ...(faults ? { faults } : {}) },
  });
  const { sim, app, store } = stack;
  let sentOutsideAnswers = 0;
  app.subscribe((notice) => {
    if (notice.type === 'actions' && notice.via === 'send') sentOutsideAnswers += notice.actions.length;
  });
  const ids = new Map<string, string>();
  const timedOut = new Set<string>();
  for (let i = 0; i < CALLS; i++) {
    const from = callerNumber(i);
    ids.set(from, sim.placeInboundCall({ to: BENCH_NUMBER, from, caller: variedCaller(i) }).reference_id);
  }
  const run = await stack.settle();
  expect(run.reason).toBe('idle');
  const outcomes = new Map<string, CallOutcome>();
  const deliveries: Record<string, number> = {};
  let repeated = 0;
  const repeatedLines: string[] = [];
  for (const [from, id] of ids) {
    outcomes.set(from, await outcomeOf(sim, store, id));
    repeated += repeatedActions(sim, id);
    for (const line of repeatedActionLines(sim, id)) {
      const entries = sim
        .transcript(id)
        .entries.map((e) =>
          e.kind === 'event'
            ? `E${e.sequence}:${e.event.event}`
            : e.kind === 'delivery'
              ? `D${e.sequence}:${e.outcome}`
              : e.kind === 'action'
                ? `A${e.replyTo ?? '-'}:${e.action.method}${e.accepted ? '' : '!'}`
                : e.kind,
        );
      repeatedLines.push(`${line} — ${entries.join(' ')}`);
    }
    const copied = new Set<number>();
    for (const entry of sim.transcript(id).entries) {
      if (entry.kind !== 'delivery') continue;
      deliveries[entry.outcome] = (deliveries[entry.outcome] ?? 0) + 1;
      if (entry.outcome === 'duplicated') copied.add(entry.sequence);
      // An answer TeleSign never saw (its retry comes seconds later), or a copy of an applied event retried.
      if (entry.outcome === 'timeout' || (entry.outcome === 'failed' && copied.has(entry.sequence))) {
        timedOut.add(from);
      }
    }
  }
  const violations = sim.violations().map((v) => `${v.reference_id} ${v.kind}: ${v.message}`);
  await app.close();
  await sim.close();
  return { outcomes, timedOut, repeated, repeatedLines, violations, deliveries, sentOutsideAnswers };
}

describe('reliability: faults', () => {
  it('gives every call the fault-free outcome, and takes no action twice', async () => {
    const started = performance.now();
    const clean = await runCalls(undefined);
    const faulty = await runCalls(FAULTS);
    expect(faulty.timedOut.size).toBeGreaterThan(0);
    let different = 0;
    let window = 0;
    const examples: string[] = [];
    for (const [from, expected] of clean.outcomes) {
      const actual = faulty.outcomes.get(from);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        if (faulty.timedOut.has(from)) {
          window++;
          continue;
        }
        different++;
        if (examples.length < 3)
          examples.push(`${from}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    const injected = ['duplicated', 'held_back', 'delayed', 'timeout', 'failed']
      .map((k) => `${k} ${faulty.deliveries[k] ?? 0}`)
      .join(', ');
    await reportFigures('Reliability 1 — faults', [
      {
        key: 'faults.callsWithDifferentOutcome',
        label: `calls whose outcome differs from the fault-free run, outside the model's window (of ${CALLS})`,
        value: different,
        unit: 'calls',
        target: { op: '<=', value: 0 },
        note: `faults injected: ${injected}; ${Math.round(performance.now() - started)} ms for both runs${examples.length ? `; e.g. ${examples.join(' | ')}` : ''}`,
      },
      {
        key: 'faults.callsInTheModelsWindow',
        label: `calls whose outcome differs after an event came again seconds later (of ${faulty.timedOut.size} such calls)`,
        value: window,
        unit: 'calls',
        note: 'the delivery model cannot tell that retry from the answer completing; the caller misses one prompt or repeats one keypress (with the [ours] Call Query API: 0)',
      },
      {
        key: 'faults.actionsTakenTwice',
        label: 'actions taken twice, or refused as out of turn',
        value: faulty.repeated,
        unit: 'actions',
        target: { op: '<=', value: 0 },
        note: [...faulty.repeatedLines, ...faulty.violations].slice(0, 3).join(' | '),
      },
    ]);
    expect(faulty.deliveries.duplicated ?? 0).toBeGreaterThan(0);
    expect(faulty.deliveries.held_back ?? 0).toBeGreaterThan(0);
    expect(faulty.deliveries.timeout ?? 0).toBeGreaterThan(0);
    expect(faulty.deliveries.failed ?? 0).toBeGreaterThan(0);
    expect(clean.violations).toEqual([]);
    expect(examples).toEqual([]);
    expect(different).toBe(0);
    expect(faulty.violations).toEqual([]);
    expect(faulty.repeated).toBe(0);
  });
});
