/**
 * Reliability 6 — replays: TeleSign's signature covers the body only, so a captured event re-POSTed later still
 * verifies. The delivery model refuses a replay after the call ended, out of turn, and a second time for the same
 * awaited action (ARCHITECTURE.md, "Delivery model"; the adapter README states the window that remains). Here: 200
 * calls in the TeleSign profile, then every event they were sent replayed, signed, after they ended — none may be
 * applied — and a copy of each call's events replayed the moment after TeleSign's own was answered — each answered
 * as before and never applied, so every call ends as the fault-free run does.
 */
import { type BufferedRequest, headerReader } from '@ivrkit/adapter-http';
import { signCallback } from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../src/credentials.js';
import { createInProcessStack } from '../src/in-process-stack.js';
import { type CallOutcome, callerNumber, outcomeOf, variedCaller } from './call-outcome.js';
import { reportFigures } from './report.js';

const CALLS = 200;

async function runCalls(replayAtOnce: boolean) {
  const stack = createInProcessStack({ simulator: { seed: 'reliability-replay' } });
  const { sim, app, store } = stack;
  let replayed = 0;
  let replayApplied = 0;
  if (replayAtOnce) {
    // A replayer on the path: each event TeleSign posts is posted again, signed, as soon as it was answered.
    const handle = app.handle.bind(app);
    (app as { handle: (request: BufferedRequest) => ReturnType<typeof handle> }).handle = async (request) => {
      const answer = await handle(request);
      const again = await handle({
        ...request,
        headers: headerReader({
          'content-type': 'application/json',
          ...signCallback(BENCH_CREDENTIALS, request.body),
        }),
      });
      replayed++;
      if (again.body !== answer.body) replayApplied++;
      return answer;
    };
  }
  const ids = new Map<string, string>();
  for (let i = 0; i < CALLS; i++) {
    const from = callerNumber(i);
    ids.set(from, sim.placeInboundCall({ to: BENCH_NUMBER, from, caller: variedCaller(i) }).reference_id);
  }
  await stack.settle();
  const outcomes = new Map<string, CallOutcome>();
  for (const [from, id] of ids) outcomes.set(from, await outcomeOf(sim, store, id));
  return { stack, ids, outcomes, replayed, replayApplied };
}

describe('reliability: replays of signed events', () => {
  it('refuses every replay after the call ended, and never applies one at once', async () => {
    const clean = await runCalls(false);
    const { stack, ids } = clean;
    let afterEnd = 0;
    let applied = 0;
    for (const id of ids.values()) {
      const before = JSON.stringify((await stack.app.runtime.get(id))?.summary);
      for (const entry of stack.sim.transcript(id).entries) {
        if (entry.kind !== 'event') continue;
        const body = JSON.stringify(entry.event);
        const answer = await stack.app.handle({
          method: 'POST',
          path: '/events',
          headers: headerReader({
            'content-type': 'application/json',
            ...signCallback(BENCH_CREDENTIALS, body),
          }),
          body,
        });
        afterEnd++;
        if (answer.status !== 200 || answer.body !== null) applied++;
      }
      if (JSON.stringify((await stack.app.runtime.get(id))?.summary) !== before) applied++;
    }
    const atOnce = await runCalls(true);
    let different = 0;
    for (const [from, expected] of clean.outcomes) {
      if (JSON.stringify(atOnce.outcomes.get(from)) !== JSON.stringify(expected)) different++;
    }
    await reportFigures('Reliability 6 — replays', [
      {
        key: 'replay.afterEndApplied',
        label: `replays after the call ended that were answered or applied (of ${afterEnd})`,
        value: applied,
        unit: 'replays',
        target: { op: '<=', value: 0 },
      },
      {
        key: 'replay.atOnceDifferent',
        label: `calls ending unlike the fault-free run with every event replayed at once (of ${CALLS}; ${atOnce.replayed} replays)`,
        value: different,
        unit: 'calls',
        target: { op: '<=', value: 0 },
        note: `${atOnce.replayApplied} replays answered differently from TeleSign's own delivery`,
      },
    ]);
    expect(afterEnd).toBeGreaterThan(CALLS * 3);
    expect(applied).toBe(0);
    expect(atOnce.replayApplied).toBe(0);
    expect(different).toBe(0);
  });
});
