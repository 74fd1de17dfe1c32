/**
 * What a load run learns from the flow's own steps: the adapter's engine for the flow, tapped, turned into a
 * per-state funnel (entered, left by each exit, re-prompted, timed out, abandoned) and an outcome and a time in
 * the IVR per call — counted as the calls run, nothing kept per step.
 *
 * @module
 */
import { engineFromFlow, type FlowEngine, type FlowInput } from '@ivrkit/adapter-http';
import type { CallSnapshot, Flow } from '@ivrkit/machines';
import { STATUS, type VoiceAction } from '@ivrkit/protocol';
import { statePath } from '../trace.js';

/**
 * How a call ended: `completed` (the IVR ended it), `transfer` (it reached a person: a transfer was answered),
 * `abandoned` (the caller hung up first), `unfinished` (still up when the run stopped).
 *
 * @example
 * report.outcomes.transfer / report.callers; // the share transferred
 */
export type LoadOutcome = 'completed' | 'transfer' | 'abandoned' | 'unfinished';

/**
 * Every {@link LoadOutcome}, in report order.
 *
 * @example
 * LOAD_OUTCOMES.includes('transfer'); // true
 */
export const LOAD_OUTCOMES: readonly LoadOutcome[] = ['completed', 'transfer', 'abandoned', 'unfinished'];

/**
 * One state of the funnel. `state` is the node's name (the last segment of its path: `welcome`).
 *
 * @example
 * const row: FunnelRow = { state: 'welcome', entered: 100, exits: { account: 40, cards: 30 }, retries: 12, timedOut: 9, abandoned: 4 };
 */
export interface FunnelRow {
  state: string;
  /** Calls that came into the state (from another state, or at the start). */
  entered: number;
  /** Calls that left it, by the state they went to; `(call ended)` when the call ended there after the IVR hung up. */
  exits: Record<string, number>;
  /** Times the state prompted again (after silence or a refused entry). */
  retries: number;
  /** Prompts that ended without input while digits were collected, and timers that fired (lookups, waits). */
  timedOut: number;
  /** Calls whose caller hung up in this state. */
  abandoned: number;
}

/**
 * The end of one call, as the tracker saw it.
 *
 * @example
 * tracker.onCallEnd((call: TrackedCallEnd) => durations.push(call.timeInIvrMs));
 */
export interface TrackedCallEnd {
  referenceId: string;
  persona: string;
  outcome: LoadOutcome;
  /** Virtual ms from the first event to the end of the call, or to the answered transfer. */
  timeInIvrMs: number;
}

interface TrackedCall {
  referenceId: string;
  persona: string;
  state?: string;
  collects: boolean;
  ivrHungUp: boolean;
  transferred: boolean;
  startedAt?: number;
  leftIvrAt?: number;
}

/** The name of the call-ended pseudo exit. */
export const CALL_ENDED_EXIT = '(call ended)';

const PROMPTS = new Set(['speak', 'play', 'play_multiple']);

function lastPrompt(actions: readonly VoiceAction[]): VoiceAction | undefined {
  for (let i = actions.length - 1; i >= 0; i--)
    if (PROMPTS.has((actions[i] as VoiceAction).method)) return actions[i];
  return undefined;
}

function collects(action: VoiceAction): boolean {
  return 'params' in action && (action.params as { collect_digits?: unknown }).collect_digits !== undefined;
}

/**
 * The funnel's name of a state: the node of a menu flow (`call.agent.dialing` → `agent`), the top state of a
 * machine without a `call` root; `undefined` for the builder's internal states (`$closing`), which count as the
 * node the call was in.
 */
function nodeName(snapshot: unknown): string | undefined {
  const path = statePath((snapshot as CallSnapshot).machine.value).split(',')[0] ?? '';
  const segments = path.split('.');
  const node = (segments.length > 1 ? segments[1] : segments[0]) as string;
  return node.startsWith('$') ? undefined : node;
}

/**
 * Taps `flow`'s engine. Calls are recognised by `reference_id` on events and, for timers and lookup outcomes
 * (which carry none), by the snapshot object the runtime hands back — the one the previous step returned.
 *
 * @example
 * const tracker = createCallTracker(bankFlow);
 * const app = createVoiceApp({ flow: tracker.engine, client, store });
 * tracker.expect(referenceId, 'patient');
 */
export function createCallTracker(flow: Flow) {
  const base = engineFromFlow(flow);
  const calls = new Map<string, TrackedCall>();
  const bySnapshot = new WeakMap<object, string>();
  const rows = new Map<string, FunnelRow>();
  const listeners: Array<(end: TrackedCallEnd) => void> = [];
  let untracked = 0;

  const row = (state: string): FunnelRow => {
    let found = rows.get(state);
    if (!found) {
      found = { state, entered: 0, exits: {}, retries: 0, timedOut: 0, abandoned: 0 };
      rows.set(state, found);
    }
    return found;
  };

  const finish = (call: TrackedCall, outcome: LoadOutcome, now: number) => {
    calls.delete(call.referenceId);
    const started = call.startedAt ?? now;
    const end = {
      referenceId: call.referenceId,
      persona: call.persona,
      outcome,
      timeInIvrMs: (call.leftIvrAt ?? now) - started,
    };
    for (const listener of listeners) listener(end);
  };

  const observe = (
    call: TrackedCall,
    input: FlowInput,
    after: string,
    actions: VoiceAction[],
    now: number,
  ) => {
    const before = call.state;
    call.startedAt ??= now;
    if ('event' in input && input.event === 'call_completed') {
      if (before !== undefined) {
        const left = row(before);
        if (call.ivrHungUp || call.transferred)
          left.exits[CALL_ENDED_EXIT] = (left.exits[CALL_ENDED_EXIT] ?? 0) + 1;
        else left.abandoned++;
      }
      finish(call, call.transferred ? 'transfer' : call.ivrHungUp ? 'completed' : 'abandoned', now);
      return;
    }
    const silent =
      'event' in input &&
      (input.event === 'speak_completed' || input.event === 'play_completed') &&
      input.data.collected_digits === '' &&
      call.collects;
    if (before !== undefined && (silent || ('type' in input && input.type === 'timer')))
      row(before).timedOut++;
    const prompt = lastPrompt(actions);
    if (before === undefined) row(after).entered++;
    else if (after !== before) {
      const left = row(before);
      left.exits[after] = (left.exits[after] ?? 0) + 1;
      row(after).entered++;
    } else if (prompt) row(before).retries++;
    call.state = after;
    if (prompt) call.collects = collects(prompt);
    if (actions.some((a) => a.method === 'hangup')) call.ivrHungUp = true;
    if ('event' in input && input.event === 'dial_completed' && input.data.status === STATUS.dial.answered) {
      call.transferred = true;
      call.leftIvrAt ??= now;
    }
  };

  const engine: FlowEngine = {
    ...base,
    step(snapshot, input, options) {
      const output = base.step(snapshot, input, options);
      const reference =
        'event' in input
          ? input.reference_id
          : typeof snapshot === 'object' && snapshot !== null
            ? bySnapshot.get(snapshot)
            : undefined;
      if (reference === undefined) {
        untracked++;
        return output;
      }
      if (typeof output.snapshot === 'object' && output.snapshot !== null)
        bySnapshot.set(output.snapshot, reference);
      let call = calls.get(reference);
      if (!call) {
        call = {
          referenceId: reference,
          persona: 'unknown',
          collects: false,
          ivrHungUp: false,
          transferred: false,
        };
        calls.set(reference, call);
      }
      observe(call, input, nodeName(output.snapshot) ?? call.state ?? 'start', output.actions, options.now);
      return output;
    },
  };

  return {
    /** The engine to give `createVoiceApp`. */
    engine,
    /** Says which persona places the call `referenceId` (before its first event). */
    expect(referenceId: string, persona: string) {
      const known = calls.get(referenceId);
      if (known) known.persona = persona;
      else
        calls.set(referenceId, {
          referenceId,
          persona,
          collects: false,
          ivrHungUp: false,
          transferred: false,
        });
    },
    /** Listens to each call's end. */
    onCallEnd(listener: (end: TrackedCallEnd) => void) {
      listeners.push(listener);
    },
    /** Ends every call still tracked as `unfinished` (the run stopped). */
    finishAll(now: number) {
      for (const call of [...calls.values()]) finish(call, 'unfinished', now);
    },
    /** The funnel, states in the order they were first entered. */
    funnel(): FunnelRow[] {
      return [...rows.values()];
    },
    /** Steps that could not be told to a call (a timer of a snapshot read back from the store). */
    get untracked() {
      return untracked;
    },
  };
}

/**
 * A call tracker ({@link createCallTracker}).
 *
 * @example
 * const tracker: CallTracker = createCallTracker(bankFlow);
 */
export type CallTracker = ReturnType<typeof createCallTracker>;
