/**
 * Lost events (TeleSign gave up on them) in the reliability suite: which events of a call the simulator lost, and
 * which calls the adapter can then still end exactly as the fault-free run does. In the TeleSign profile (no Call
 * Query API) that is a call whose only lost events were `call_completed` — the caller heard everything, and the
 * adapter gives the call up after its recovery's bounds; any other lost event makes the adapter re-send a prompt or
 * say its closing prompt, which the caller hears. A call whose `incoming_call` was lost is unknown to the adapter:
 * its caller hears ringing. And deliveries interrupted after the adapter may have applied them, which it cannot
 * always tell from the retry.
 *
 * @module
 */
import type { Simulator } from '@ivrkit/simulator';
import type { CallOutcome } from './call-outcome.js';

/**
 * The names of the events of call `referenceId` that the simulator never delivered, in order.
 *
 * @example
 * lostEventsOf(sim, id); // ['speak_completed']
 */
export function lostEventsOf(sim: Simulator, referenceId: string): string[] {
  const entries = sim.transcript(referenceId).entries;
  const lost = new Set(
    entries.flatMap((entry) =>
      entry.kind === 'delivery' && entry.outcome === 'lost' ? [entry.sequence] : [],
    ),
  );
  return entries.flatMap((entry) =>
    entry.kind === 'event' && lost.has(entry.sequence) ? [entry.event.event] : [],
  );
}

/**
 * Whether a call that lost these events can still end as the fault-free run does without the Call Query API: it
 * lost something, and all of it was `call_completed`.
 *
 * @example
 * recoverableWithoutCallQuery(['call_completed']); // true
 * recoverableWithoutCallQuery(['speak_completed']); // false: the caller hears the prompt again
 */
export function recoverableWithoutCallQuery(lost: readonly string[]): boolean {
  return lost.length > 0 && lost.every((name) => name === 'call_completed');
}

/**
 * Whether the adapter never learnt of a call that lost these events (its `incoming_call`).
 *
 * @example
 * unknownToAdapter(['incoming_call']); // true
 */
export function unknownToAdapter(lost: readonly string[]): boolean {
  return lost.includes('incoming_call');
}

/**
 * What the caller lived through — what they heard, the call's end and their keys — not how the adapter learnt of
 * the end (a lost `call_completed` leaves its status unknown to it): compare two runs' calls by this.
 *
 * @example
 * heard(lossy.get(from)) === heard(clean.get(from));
 */
export function heard(outcome: CallOutcome | undefined): string {
  return JSON.stringify(
    outcome && { actions: outcome.actions, status: outcome.status, digits: outcome.digits },
  );
}

/**
 * The events of call `referenceId` whose delivery failed at least once (an error answer, a broken connection, a
 * timeout) before TeleSign tried again. The failed attempt may have been applied with its answer lost — a process
 * killed between its write and its answer, Redis killed between executing a write and replying — and then the
 * delivery model takes a retry that arrives after that answer could have completed as the completion (ARCHITECTURE.md,
 * "Where it cannot tell"): without the Call Query API such a call can end otherwise than the fault-free run.
 *
 * @example
 * interruptedDeliveries(sim, id); // [4]: event 4 was retried after a 503
 */
export function interruptedDeliveries(sim: Simulator, referenceId: string): number[] {
  const sequences = new Set<number>();
  for (const entry of sim.transcript(referenceId).entries) {
    if (entry.kind === 'delivery' && (entry.outcome === 'failed' || entry.outcome === 'timeout'))
      sequences.add(entry.sequence);
  }
  return [...sequences];
}
