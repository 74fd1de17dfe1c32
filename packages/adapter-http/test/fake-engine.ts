import type { VoiceAction } from '@ivrkit/protocol';
import type { FlowEngine, FlowInput, StepOutput } from '../src/index.js';

/** The snapshot of {@link fakeBankEngine}: where it is, and every input it applied (to prove exactly-once). */
export interface FakeSnapshot {
  at: 'menu' | 'lookup' | 'told' | 'bye' | 'hangup' | 'done';
  applied: string[];
  lookupId?: string;
}

const speak = (message: string, collect = false): VoiceAction => ({
  method: 'speak',
  params: { tts: { message, language: 'en-US' }, ...(collect ? { collect_digits: { max: 1 } } : {}) },
});
const hangup: VoiceAction = { method: 'hangup', params: {} };

/**
 * A hand-written engine (the runtime's port, without XState): menu → '1' looks up a balance (timing out after
 * `lookupTimeoutMs` via the flow's own timer) → tells it → hangs up.
 */
export function fakeBankEngine(
  balance: (input: unknown, options: { signal: AbortSignal }) => Promise<unknown>,
  options: { lookupTimeoutMs?: number; ends?: unknown[] } = {},
): FlowEngine & { steps: number } {
  const timeout = options.lookupTimeoutMs ?? 5_000;
  const engine = {
    id: 'fake-bank@1',
    steps: 0,
    step(raw: unknown, input: FlowInput, { now }: { now: number }): StepOutput {
      engine.steps++;
      const prior = raw as FakeSnapshot | undefined;
      const name =
        'event' in input
          ? `${input.event}:${'collected_digits' in input.data ? input.data.collected_digits : ''}`
          : input.type;
      const s: FakeSnapshot = prior
        ? { ...prior, applied: [...prior.applied, name] }
        : { at: 'menu', applied: [name] };
      const out = (actions: VoiceAction[], extra: Partial<StepOutput> = {}): StepOutput => ({
        snapshot: s,
        actions,
        done: s.at === 'done',
        lookups: [],
        ...extra,
      });
      if ('event' in input && input.event === 'call_completed') {
        s.at = 'done';
        return out([], {
          end: { reason: 'hung_up', data: {} },
          cancelLookups: s.lookupId ? [s.lookupId] : [],
        });
      }
      if (!prior) return out([speak('Press 1 for your balance.', true)]);
      if ('event' in input && input.event === 'speak_completed') {
        if (s.at === 'menu') {
          if (input.data.collected_digits === '1') {
            s.at = 'lookup';
            s.lookupId = `balance#${s.applied.length}`;
            return out([], {
              lookups: [{ id: s.lookupId, name: 'balance', input: { account: '42' } }],
              nextDeadline: now + timeout,
            });
          }
          s.at = 'bye';
          return out([speak('Goodbye.')]);
        }
        if (s.at === 'told' || s.at === 'bye') {
          s.at = 'hangup';
          return out([hangup]);
        }
        return out([]);
      }
      if (s.at === 'lookup' && 'type' in input) {
        const id = s.lookupId;
        if (input.type === 'lookup.done' && input.id === id) {
          s.at = 'told';
          delete s.lookupId;
          return out([speak(`Your balance is ${String(input.output)}.`)]);
        }
        if (input.type === 'lookup.failed' || input.type === 'timer') {
          s.at = 'bye';
          delete s.lookupId;
          return out([speak('Sorry, try later.')], { cancelLookups: id ? [id] : [] });
        }
      }
      return out([]);
    },
    lookup: (_name: string, input: unknown, opts: { signal: AbortSignal }) => balance(input, opts),
    onEnd: (end: unknown) => {
      options.ends?.push(end);
    },
  };
  return engine;
}

/** A promise with its resolve and reject exposed. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
