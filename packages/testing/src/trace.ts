/**
 * What the harness sees of a flow while it runs: every step the adapter takes (input, state before and after,
 * actions), tapped from the flow engine.
 *
 * @module
 */
import type { FlowInput } from '@ivrkit/adapter-http';
import type { VoiceAction } from '@ivrkit/protocol';

/**
 * One step of the flow, as the adapter ran it.
 *
 * @example
 * const step: TraceStep = { at: 0, input: 'incoming_call', digits: null, before: null, after: 'call.welcome', actions: [], done: false, counters: {} };
 */
export interface TraceStep {
  /** Virtual epoch ms. */
  at: number;
  /** The input's name: an event name, `lookup.done`, `lookup.failed` or `timer`. */
  input: string;
  /** The raw input. */
  raw: FlowInput;
  /** Digits carried by a prompt completion, else `null`. */
  digits: string | null;
  /** The flow's state before, as a dotted path (`call.main`), or `null` for a new call. */
  before: string | null;
  /** The flow's state after. */
  after: string;
  actions: VoiceAction[];
  done: boolean;
  /** The end reason, when `done`. */
  end?: string;
  /** Numeric context fields after the step (a menu flow's `noInput` / `invalid` counters). */
  counters: Record<string, number>;
  /** Ids of the transitions taken (`<state id>|<event>|<index>`), when transition tracing is on. */
  transitions?: string[];
}

/**
 * A state value as a dotted path; parallel regions are joined with `,`.
 *
 * @example
 * statePath({ call: 'main' }); // 'call.main'
 */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, child]) => {
      const rest = statePath(child);
      return rest === '' ? key : `${key}.${rest}`;
    })
    .join(',');
}
