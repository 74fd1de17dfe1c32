/**
 * The lookups of an event's answer, run within the answer budget: each outcome is stepped into the same record in
 * memory, so the event, its lookups and its answer are written once. Lookups still running when the budget ends
 * are continued after the write (`lookup-continuation.ts`), and the event is answered empty.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import type { LookupRequest } from './flow-engine.js';
import { staleReason } from './input-rules.js';
import type { LookupContinuation, RunningLookup } from './lookup-continuation.js';
import type { RuntimeCore, Stepped } from './runtime-core.js';

/**
 * Runs `stepped`'s lookups until `budgetEnd` (on `budgetClock`), stepping each outcome into `stepped` (which it
 * changes). Resolves with the lookups still running when the budget ran out (`[]` when the runtime closed), or
 * `undefined` when every lookup settled. Throws `FlowStepError` when the flow throws on an outcome.
 *
 * @example
 * const running = await settleInline(core, continuation, budgetClock, referenceId, stepped, budgetClock.now() + 1_500);
 */
export async function settleInline(
  core: RuntimeCore,
  continuation: LookupContinuation,
  budgetClock: Clock,
  referenceId: string,
  stepped: Stepped,
  budgetEnd: number,
): Promise<RunningLookup[] | undefined> {
  let pending = stepped.lookups;
  while (pending.length > 0) {
    const running = pending.map((request) => ({
      id: request.id,
      outcome: continuation.start(referenceId, request),
    }));
    const outcomes = await withinBudget(
      budgetClock,
      Promise.all(running.map((r) => r.outcome)),
      budgetEnd - budgetClock.now(),
    );
    // Closing aborted the lookups: that is no outcome to step in. The record keeps them pending.
    if (core.closed) return [];
    if (!outcomes) return running;
    const next: LookupRequest[] = [];
    for (const input of outcomes) {
      const now = core.clock.now();
      stepped.settledLookups.push(input);
      if (staleReason(stepped.record, input, now)) continue;
      const more = core.step(stepped.record, input, now);
      stepped.record = more.record;
      stepped.actions.push(...more.actions);
      for (const id of more.cancelled) stepped.cancelled.add(id);
      stepped.end ??= more.end;
      next.push(...more.lookups);
    }
    pending = next;
  }
  return undefined;
}

/** `promise`'s value if it settles within `ms` on `clock`; `undefined` if not (or if it rejects). */
function withinBudget<T>(clock: Clock, promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.race([promise, Promise.resolve(undefined)]);
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      () => {
        clock.clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
