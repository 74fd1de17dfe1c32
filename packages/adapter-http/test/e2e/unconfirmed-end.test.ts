/**
 * A call whose flow hung up itself but whose `call_completed` never reached the adapter (every delivery of it
 * failed) must not stay live forever — nor be counted live by `resume()` after a restart: once the flow is done it
 * waits TeleSign's retry span and the recovery margin, then hangs up again (refused: the call did end) and gives the
 * call up as ended, `UNCONFIRMED_END_STATUS`. The real adapter and the simulator in TeleSign's profile, in virtual
 * time, with a store shared across the restart.
 */
import type { CallEnd } from '@ivrkit/machines';
import { defineFlow, hangup } from '@ivrkit/machines';
import { LOST_EVENT_RECOVERY, REDELIVERY, UNCONFIRMED_END_STATUS } from '@ivrkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type Json, type Store, StoreUnavailableError } from '../../src/index.js';
import { type Harness, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

/** The flow's done-to-given-up bound. */
const BOUND_MS = REDELIVERY.windowMs + LOST_EVENT_RECOVERY.marginMs;

/** A store that cannot write the end of a call while `blocked`: `call_completed` is answered 503 each time. */
function storeLosingTheEnd(state: { blocked: boolean }): Store {
  const inner = createMemoryStore();
  return {
    ...inner,
    compareAndSet(key, value, expected) {
      const ending = (value as { ended?: boolean } | null)?.ended === true;
      if (state.blocked && ending) return Promise.reject(new StoreUnavailableError('the store is down'));
      return inner.compareAndSet(key, value as Json, expected);
    },
  };
}

describe('a flow that hung up itself, its call_completed lost', () => {
  it.each([false, true])(
    'ends unconfirmed after its bound (restarted once the flow is done: %s)',
    async (restart) => {
      const ends: CallEnd[] = [];
      const flow = defineFlow({
        id: 'brief',
        version: 1,
        direction: 'inbound',
        start: 'bye',
        nodes: { bye: hangup({ prompt: 'Hello, and goodbye.' }) },
        onEnd: (end) => {
          ends.push(end);
        },
      });
      const state = { blocked: true };
      const h = await startHarness({ mode: 'http', flow, store: storeLosingTheEnd(state) });
      harnesses.push(h);
      const call = h.sim.placeInboundCall({
        to: h.sim.numbers()[0] as string,
        from: '15558675309',
        caller: {},
      });
      const id = call.reference_id;
      const gaveUp = () =>
        h.sim.transcript(id).entries.some((e) => e.kind === 'delivery' && e.outcome === 'gave_up');
      // TeleSign gives up on call_completed after its retries; the flow then waits its grace, and is done.
      await h.runUntil(gaveUp);
      state.blocked = false;
      await h.runUntil(async () => (await h.app.runtime.get(id))?.flow_done === true);
      expect(ends.map((e) => e.reason)).toEqual(['hung_up']);
      expect((await h.app.runtime.get(id))?.ended).toBe(false);
      const doneAt = h.clock.now();
      if (restart) {
        await h.restart();
        // Live until its bound: resume() counts it, and arms its deadline.
        expect(await h.app.runtime.resume()).toMatchObject({ calls: 1 });
      }
      await h.advance(BOUND_MS - 1_000);
      expect((await h.app.runtime.get(id))?.ended).toBe(false);
      await h.advance(2_000);
      const record = await h.app.runtime.get(id);
      expect(record?.ended).toBe(true);
      expect(record?.summary.call_status).toBe(UNCONFIRMED_END_STATUS);
      expect(h.clock.now() - doneAt).toBeLessThanOrEqual(BOUND_MS + 1_000);
      // The flow's end hook ran once, and a restart now finds nothing live.
      expect(ends).toHaveLength(1);
      await h.restart();
      expect(await h.app.runtime.resume()).toEqual({ calls: 0, lookups: 0, timers: 0 });
      expect(h.sim.violations(id)).toEqual([]);
    },
  );
});
