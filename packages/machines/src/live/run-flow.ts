/**
 * The live runner: a flow as a running XState actor in this process, performing its own effects.
 *
 * @module
 */
import type { EventName, VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import { type Actor, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import { assertReply } from '../core/contract-guard.js';
import { type ArmParams, EFFECT, type LookupRequest } from '../core/effects.js';
import { errorMessage, type FlowEvent, toMachineEvent } from '../core/events.js';
import type { CallEnd, Flow } from '../core/flow.js';
import { restoreSnapshot } from '../core/restore-snapshot.js';
import { CALL_SNAPSHOT_FORMAT, type CallSnapshot, type PersistedMachineState } from '../core/snapshot.js';
import type { CallActor, RunFlowOptions } from './call-actor.js';

/**
 * Runs `flow` as a live actor: lookups run in-process (aborted on timeout or hang-up), timers run on `clock`,
 * every reply is checked against the contract before `onAction` sees it.
 *
 * @example
 * const clock = new SimulatedClock();
 * const call = runFlow(bankFlow, { clock, onAction: (a) => console.log(a) });
 * call.send({ event: 'incoming_call', reference_id: 'r1', data: { to: '15550001111', from: '15552223333' } });
 */
export function runFlow<TMachine extends AnyStateMachine>(
  flow: Flow<TMachine>,
  options: RunFlowOptions,
): CallActor<TMachine> {
  const { clock, onAction } = options;
  const restored = options.snapshot ? restoreSnapshot(flow, options.snapshot) : undefined;
  let answering: EventName | null = restored?.answering ?? null;
  const timers = new Map<string, { handle: unknown; at: number }>();
  const running = new Map<string, { name: string; controller: AbortController }>();
  let settled = false;
  let resolveDone!: (end: CallEnd) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<CallEnd>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const deliver = (event: FlowEvent) => {
    if (!settled) actor.send(event as never);
  };
  const clearTimer = (id: string) => {
    const timer = timers.get(id);
    if (timer) clock.clearTimeout(timer.handle);
    timers.delete(id);
  };
  const armAt = (id: string, at: number) => {
    clearTimer(id);
    const handle = clock.setTimeout(
      () => {
        timers.delete(id);
        deliver({ type: 'ivr.timeout', id, now: clock.now() });
      },
      Math.max(0, at - clock.now()),
    );
    timers.set(id, { handle, at });
  };
  const release = () => {
    settled = true;
    for (const id of [...timers.keys()]) clearTimer(id);
    for (const { controller } of running.values()) controller.abort();
    running.clear();
  };
  const fail = (error: unknown) => {
    if (settled) return;
    release();
    actor.stop();
    rejectDone(error);
  };

  const machine = flow.machine.provide({
    actions: {
      [EFFECT.reply]: ({ self }: { self: { getSnapshot(): { value: unknown } } }, action: VoiceAction) => {
        if (settled) return;
        try {
          assertReply(answering, action, JSON.stringify(self.getSnapshot().value));
        } catch (error) {
          fail(error);
          return;
        }
        answering = null;
        onAction(action);
      },
      [EFFECT.lookup]: (_: unknown, request: LookupRequest) => {
        const controller = new AbortController();
        running.set(request.id, { name: request.name, controller });
        const settle = (event: FlowEvent) => {
          if (running.get(request.id)?.controller !== controller) return;
          running.delete(request.id);
          deliver(event);
        };
        const fn = flow.lookups[request.name];
        Promise.resolve()
          .then(() => {
            if (!fn) throw new Error(`no lookup named "${request.name}" in flow.lookups`);
            return fn(request.input, { signal: controller.signal });
          })
          .then(
            (output) => settle({ type: 'lookup.done', id: request.id, output, now: clock.now() }),
            (error) =>
              settle({ type: 'lookup.failed', id: request.id, error: errorMessage(error), now: clock.now() }),
          );
      },
      [EFFECT.cancelLookup]: (_: unknown, { id }: { id: string }) => {
        running.get(id)?.controller.abort();
        running.delete(id);
      },
      [EFFECT.arm]: (_: unknown, { id, ms }: ArmParams) => armAt(id, clock.now() + ms),
      [EFFECT.disarm]: (_: unknown, { id }: { id: string }) => clearTimer(id),
    },
  } as never) as TMachine;

  const actor = createActor(machine as AnyStateMachine, {
    clock,
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(restored ? { snapshot: restored.machine as never } : {}),
  }) as unknown as Actor<TMachine>;

  actor.subscribe({
    complete: () => {
      if (settled) return;
      release();
      const end = ((actor.getSnapshot() as { output?: unknown }).output as CallEnd | undefined) ?? {
        reason: 'hung_up',
        data: {},
      };
      Promise.resolve()
        .then(() => flow.onEnd?.(end))
        .then(
          () => resolveDone(end),
          (error) => rejectDone(error),
        );
    },
    error: (error) => fail(error),
  });
  actor.start();
  if (restored) {
    for (const [id, at] of Object.entries(restored.timers)) armAt(id, at);
    for (const id of Object.keys(restored.lookups)) {
      deliver({ type: 'lookup.failed', id, error: 'interrupted', now: clock.now() });
    }
  }

  return {
    actor,
    done,
    send(event: VoiceEvent) {
      if (settled) return;
      const machineEvent = toMachineEvent(event, clock.now());
      // As in stepFlow: only an event the flow takes becomes the one awaiting a reply.
      const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
      if ((machine as AnyStateMachine).getTransitionData(snapshot, machineEvent).length > 0)
        answering = event.event;
      actor.send(machineEvent as never);
    },
    stop() {
      if (settled) return;
      release();
      actor.stop();
    },
    getCallSnapshot(): CallSnapshot {
      return {
        format: CALL_SNAPSHOT_FORMAT,
        flowId: flow.id,
        flowVersion: flow.version,
        answering,
        timers: Object.fromEntries([...timers].map(([id, { at }]) => [id, at])),
        lookups: Object.fromEntries([...running].map(([id, { name }]) => [id, name])),
        machine: actor.getPersistedSnapshot() as unknown as PersistedMachineState,
      };
    },
  };
}

/**
 * Another name for {@link runFlow}.
 *
 * @example
 * const call = createCallActor(flow, { clock, onAction });
 */
export const createCallActor = runFlow;
