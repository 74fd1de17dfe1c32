/**
 * A reusable, inert actor scope for pure transitions. XState's `transition()` builds a throwaway actor (and
 * computes the machine's initial snapshot) on every call; a flow step needs none of that, since flow machines
 * spawn no children: one unstarted actor per machine provides `self` and `system`, and the scope's action
 * executor appends to whichever effect list the running step has lent it, instead of running anything.
 *
 * One scope per machine, built once: a step costs no closures or scope objects of its own.
 *
 * @module
 */
import { type AnyActorScope, type AnyStateMachine, createActor } from 'xstate';

/**
 * An executable action as `transition` hands it over: the effect's name and its resolved params.
 *
 * @example
 * const effect: CollectedEffect = { type: 'ivr.reply', params: { method: 'hangup', params: {} } };
 */
export interface CollectedEffect {
  type: string;
  params?: unknown;
}

/** A machine's inert scope and the list its executor currently appends to. */
interface InertScope {
  scope: AnyActorScope;
  sink: CollectedEffect[];
}

const scopes = new WeakMap<AnyStateMachine, InertScope>();

function scopeOf(machine: AnyStateMachine): InertScope {
  const existing = scopes.get(machine);
  if (existing) return existing;
  const self = createActor(machine);
  const inert: InertScope = { scope: undefined as unknown as AnyActorScope, sink: [] };
  inert.scope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    system: self.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: (action) => {
      inert.sink.push(action as CollectedEffect);
    },
  } as AnyActorScope;
  scopes.set(machine, inert);
  return inert;
}

/**
 * Runs `work` with `machine`'s inert scope, collecting the actions XState would execute into `effects`. Nested
 * use (a guard that steps another call) gets its own list and hands the outer one back when it returns.
 *
 * @example
 * const effects: CollectedEffect[] = [];
 * const next = withInertScope(machine, effects, (scope) => machine.transition(snapshot, event, scope));
 */
export function withInertScope<T>(
  machine: AnyStateMachine,
  effects: CollectedEffect[],
  work: (scope: AnyActorScope) => T,
): T {
  const inert = scopeOf(machine);
  const outer = inert.sink;
  inert.sink = effects;
  try {
    return work(inert.scope);
  } finally {
    inert.sink = outer;
  }
}
