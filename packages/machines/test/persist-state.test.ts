import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor, setup } from 'xstate';
import { persistFlowState } from '../src/core/persist-state.js';
import { bankFlow } from '../src/examples/index.js';
import { defineFlow, FlowVersionMismatchError, stepFlow } from '../src/index.js';
import { rawFlow, rawMachine } from './support/raw-machine.js';
import { incomingCall, speakCompleted } from './support/wire.js';

/** XState's own persisted form, as JSON (what a store keeps). */
const xstatePersisted = (machine: { getPersistedSnapshot(s: never): unknown }, state: AnyMachineSnapshot) =>
  JSON.parse(JSON.stringify(machine.getPersistedSnapshot(state as never)));

describe('persistFlowState', () => {
  it('equals XState’s getPersistedSnapshot, history and final output included', () => {
    const machine = setup({ types: { events: {} as { type: 'next' } | { type: 'back' } } }).createMachine({
      initial: 'form',
      context: { visits: 0 },
      states: {
        form: {
          initial: 'name',
          states: {
            name: { on: { next: 'phone' } },
            phone: { on: { next: 'done' } },
            done: {},
            hist: { type: 'history' },
          },
          on: { back: '#menu' },
        },
        menu: { id: 'menu', on: { next: 'form.hist', back: 'finished' } },
        finished: { type: 'final' },
      },
      output: { reason: 'done' },
    });
    const actor = createActor(machine).start();
    const seen: AnyMachineSnapshot[] = [actor.getSnapshot()];
    for (const type of ['next', 'back', 'next', 'back', 'back'] as const) {
      actor.send({ type });
      seen.push(actor.getSnapshot());
    }
    expect(seen.at(-1)?.status).toBe('done');
    expect(Object.keys(seen[2]?.historyValue ?? {})).not.toEqual([]);
    for (const state of seen) {
      expect(JSON.parse(JSON.stringify(persistFlowState(state)))).toEqual(xstatePersisted(machine, state));
    }
  });
});

describe('returned snapshots', () => {
  it('are frozen, so the step that reuses their live state sees what they say', () => {
    const first = stepFlow(bankFlow, undefined, incomingCall(), { now: 0 });
    expect(Object.isFrozen(first.snapshot)).toBe(true);
    expect(Object.isFrozen(first.snapshot.machine)).toBe(true);
    expect(Object.isFrozen(first.snapshot.timers)).toBe(true);
    expect(() => {
      (first.snapshot as { answering: unknown }).answering = 'speak_completed';
    }).toThrow(TypeError);
    // A copy (as a store gives back) is restored, the object itself is continued: same outcome.
    const copy = JSON.parse(JSON.stringify(first.snapshot));
    expect(stepFlow(bankFlow, first.snapshot, speakCompleted('1'), { now: 10 })).toEqual(
      stepFlow(bankFlow, copy, speakCompleted('1'), { now: 10 }),
    );
  });

  it('continue only with the flow that returned them: another version of the same machine is refused as before', () => {
    const first = stepFlow(rawFlow, undefined, incomingCall(), { now: 0 });
    const v2 = defineFlow({ id: 'raw', version: 2, direction: 'inbound', machine: rawMachine });
    expect(() => stepFlow(v2, first.snapshot, speakCompleted(), { now: 10 })).toThrow(
      FlowVersionMismatchError,
    );
  });
});
