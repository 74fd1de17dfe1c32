/**
 * What "the same outcome" means for a call in the reliability suite, and the varied callers the suite places:
 * every caller behaviour the bench flow branches on, so a fault that changes a branch shows.
 *
 * @module
 */
import type { CallSummary, Store } from '@ivrkit/adapter-http';
import type { CallerScript, Simulator } from '@ivrkit/simulator';

/**
 * The caller of call `index`: balance read-backs, an unknown account, an invalid key then a retry, a silent
 * caller (identical repeated events: the no-input re-prompts), and callers hanging up during a prompt.
 *
 * @example
 * sim.placeInboundCall({ to, from: callerNumber(7), caller: variedCaller(7) });
 */
export function variedCaller(index: number): CallerScript {
  switch (index % 6) {
    case 0:
      return {
        rules: [
          { prompt: 1, press: '1', afterMs: 300 },
          { prompt: 2, press: '12345678', afterMs: 500 },
          { prompt: 3, press: '2', afterMs: 200 },
        ],
      };
    case 1:
      return {
        rules: [
          { prompt: 1, press: '1', afterMs: 300 },
          { prompt: 2, press: '87654321', afterMs: 500 },
          { prompt: 3, press: '1', afterMs: 200 },
          { prompt: 4, press: '2', afterMs: 200 },
        ],
      };
    case 2:
      return {
        rules: [
          { prompt: 1, press: '1', afterMs: 300 },
          { prompt: 2, press: '11112222', afterMs: 500 },
        ],
      };
    case 3:
      return {
        rules: [
          { prompt: 1, press: '9', afterMs: 300 },
          { prompt: 2, press: '1', afterMs: 300 },
          { prompt: 3, press: '12345678', afterMs: 500 },
          { prompt: 4, press: '2', afterMs: 200 },
        ],
      };
    case 4:
      return {};
    default:
      // Hangs up during the second prompt: a hang-up tied to what the caller hears, not to the clock, so a
      // delayed event changes when it happens but not what the caller heard.
      return {
        rules: [
          { prompt: 1, press: '1', afterMs: 300 },
          { prompt: 2, bargeIn: true, hangupAfterMs: 800 },
        ],
      };
  }
}

/**
 * The caller number of call `index` (the key that matches a call across runs).
 *
 * @example
 * callerNumber(12); // '15550000012'
 */
export function callerNumber(index: number): string {
  return `1555${String(10_000_000 + index).slice(1)}`;
}

/** A call's outcome: what the caller heard and what ended the call — not when. */
export interface CallOutcome {
  /** Actions the simulator accepted for the call, in order (`method: text`). */
  actions: string[];
  /** `call_completed` status. */
  status: string;
  /** Digits the adapter recorded, and how it saw the call end. */
  digits: string[];
  callStatus: string | null;
}

/**
 * Reads a call's outcome from the simulator (accepted actions, final status) and the adapter's store (summary).
 *
 * @example
 * const outcome = await outcomeOf(sim, store, referenceId);
 */
export async function outcomeOf(
  sim: Simulator,
  store: Store | undefined,
  referenceId: string,
): Promise<CallOutcome> {
  const actions: string[] = [];
  for (const entry of sim.transcript(referenceId).entries) {
    if (entry.kind !== 'action' || !entry.accepted) continue;
    const params = entry.action.params as { tts?: { message?: string } };
    actions.push(`${entry.action.method}: ${params.tts?.message ?? ''}`);
  }
  const summary = store
    ? ((await store.get<never>(`call:${referenceId}`))?.value as { summary?: CallSummary } | undefined)
        ?.summary
    : undefined;
  return {
    actions,
    status: sim.call(referenceId)?.status ?? '',
    digits: summary?.digits ?? [],
    callStatus: summary?.call_status ?? null,
  };
}

/**
 * Counts the actions of a call the simulator was offered more than once for one event: a duplicated answer that
 * acted, or an answer refused because the call had moved on.
 *
 * @example
 * expect(repeatedActions(sim, id)).toBe(0);
 */
export function repeatedActions(sim: Simulator, referenceId: string): number {
  return repeatedActionLines(sim, referenceId).length + sim.violations(referenceId).length;
}

/**
 * The transcript lines behind {@link repeatedActions}, for a failure message.
 *
 * @example
 * console.log(repeatedActionLines(sim, id));
 */
export function repeatedActionLines(sim: Simulator, referenceId: string): string[] {
  const seen = new Set<number>();
  const lines: string[] = [];
  for (const entry of sim.transcript(referenceId).entries) {
    if (entry.kind !== 'action' || entry.replyTo === undefined || !entry.accepted) continue;
    if (seen.has(entry.replyTo))
      lines.push(`${referenceId}: event ${entry.replyTo} answered twice (${entry.action.method})`);
    seen.add(entry.replyTo);
  }
  return lines;
}
