/**
 * A reusable, inert actor scope for pure transitions. XState's `transition()` builds a throwaway actor (and
 * computes the machine's initial snapshot) on every call; a flow step needs none of that, since flow machines
 * spawn no children: one unstarted actor per machine provides `self` and `system`, and each step collects the
 * executable actions instead of running them.
 *
 * @module
 */
import { type AnyActorScope, type AnyStateMachine, createActor } from 'xstate';

const actors = new WeakMap<AnyStateMachine, ReturnType<typeof createActor>>();

/**
 * An inert scope for `machine` whose action executor appends to `sink`.
 *
 * @example
 * const effects: unknown[] = [];
 * const next = machine.transition(snapshot, event, inertScope(machine, effects));
 */
export function inertScope(
  machine: AnyStateMachine,
  sink: Array<{ type: string; params?: unknown }>,
): AnyActorScope {
  let self = actors.get(machine);
  if (!self) {
    self = createActor(machine);
    actors.set(machine, self);
  }
  return {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    system: self.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: (action) => {
      sink.push(action as { type: string; params?: unknown });
    },
  } as AnyActorScope;
}
