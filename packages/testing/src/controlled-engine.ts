/**
 * The flow as the harness runs it: the adapter's engine for the flow, with the scenario's lookup outcomes forced
 * and every step tapped into a {@link TraceStep} list.
 *
 * @module
 */
import { engineFromFlow, type FlowEngine } from '@ivrkit/adapter-http';
import type { CallSnapshot, Flow } from '@ivrkit/machines';
import type { LookupOutcome } from './scenario.js';
import { statePath, type TraceStep } from './trace.js';
import { takenTransitions } from './transitions.js';

/**
 * Options of {@link controlledEngine}.
 *
 * @example
 * const options: ControlledEngineOptions = { lookups: ['done', 'failed'], traceTransitions: true };
 */
export interface ControlledEngineOptions {
  /** Outcome of the 1st, 2nd, … lookup; past the list, lookups run for real. */
  lookups?: readonly LookupOutcome[];
  /** Compute the transitions each step takes (coverage). Default false. */
  traceTransitions?: boolean;
}

/**
 * A tapped engine and what it saw.
 *
 * @example
 * const { engine, steps }: ControlledEngine = controlledEngine(bankFlow);
 */
export interface ControlledEngine {
  engine: FlowEngine;
  /** Steps per call, by `reference_id`, in order. */
  readonly steps: Map<string, TraceStep[]>;
  /** Lookups started, in order: name and forced outcome. */
  readonly lookups: Array<{ name: string; outcome: LookupOutcome }>;
  /** Lookups running that will settle on their own (forced time-outs excluded: they wait for an abort). */
  readonly running: () => number;
}

function abortable(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function numericFields(context: unknown): Record<string, number> {
  const counters: Record<string, number> = {};
  if (context && typeof context === 'object') {
    for (const [key, value] of Object.entries(context)) if (typeof value === 'number') counters[key] = value;
  }
  return counters;
}

/**
 * Wraps `flow` for one harness run.
 *
 * @example
 * const tapped = controlledEngine(bankFlow, { lookups: ['timeout'] });
 * const app = createVoiceApp({ flow: tapped.engine, client, store });
 */
export function controlledEngine(flow: Flow, options: ControlledEngineOptions = {}): ControlledEngine {
  const base = engineFromFlow(flow);
  const steps = new Map<string, TraceStep[]>();
  const started: Array<{ name: string; outcome: LookupOutcome }> = [];
  const plan = options.lookups ?? [];
  let lastReference = '';
  let running = 0;
  const engine: FlowEngine = {
    id: base.id,
    step(snapshot, input, stepOptions) {
      const before = snapshot as CallSnapshot | undefined;
      const output = base.step(snapshot, input, stepOptions);
      const after = output.snapshot as CallSnapshot;
      // Timers and lookup outcomes carry no reference id: the harness runs one call at a time.
      const reference = 'event' in input ? input.reference_id : lastReference;
      lastReference = reference;
      const digits =
        'event' in input && (input.event === 'speak_completed' || input.event === 'play_completed')
          ? input.data.collected_digits
          : null;
      const step: TraceStep = {
        at: stepOptions.now,
        input: 'event' in input ? input.event : input.type,
        raw: input,
        digits,
        before: before ? statePath(before.machine.value) : null,
        after: statePath(after.machine.value),
        actions: output.actions,
        done: output.done,
        counters: numericFields(after.machine.context),
      };
      if (output.end) step.end = output.end.reason;
      if (options.traceTransitions) step.transitions = takenTransitions(flow, before, input, stepOptions.now);
      const list = steps.get(reference) ?? [];
      list.push(step);
      steps.set(reference, list);
      return output;
    },
    lookup(name, input, lookupOptions) {
      const outcome = plan[started.length] ?? 'done';
      started.push({ name, outcome });
      if (outcome === 'failed') return Promise.reject(new Error(`lookup ${name} failed (scenario)`));
      if (outcome === 'timeout') return abortable(lookupOptions.signal);
      running++;
      return base.lookup(name, input, lookupOptions).finally(() => {
        running--;
      });
    },
    onEnd: base.onEnd,
  };
  return { engine, steps, lookups: started, running: () => running };
}
