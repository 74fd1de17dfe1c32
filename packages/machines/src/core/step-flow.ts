/**
 * The pure step: restore, transition, read the effects, persist. Executes nothing.
 *
 * @module
 */
import { type EventName, isAllowedReply, type VoiceAction } from '@ivrkit/protocol';
import type { AnyActorScope, AnyMachineSnapshot, Snapshot } from 'xstate';
import { UnsupportedInFlowError } from '../errors/unsupported-in-flow-error.js';
import { assertReply } from './contract-guard.js';
import { type ArmParams, EFFECT, type LookupRequest } from './effects.js';
import { errorMessage, type FlowEvent, isVoiceEvent, type StepInput, toMachineEvent } from './events.js';
import type { CallEnd, Flow } from './flow.js';
import { type CollectedEffect, withInertScope } from './inert-scope.js';
import { liveStateOf, rememberLiveState } from './live-states.js';
import { persistFlowState } from './persist-state.js';
import { restoreSnapshot } from './restore-snapshot.js';
import { CALL_SNAPSHOT_FORMAT, type CallSnapshot } from './snapshot.js';
import type { StepOptions, StepResult } from './step-result.js';

/** What one step accumulates while it reads the machine's effects. */
interface Work {
  answering: EventName | null;
  timers: Record<string, number>;
  pending: Record<string, string>;
  actions: VoiceAction[];
  lookups: LookupRequest[];
  cancelLookups: string[];
  now: number;
}

/** Names the state an effect was collected in (only an error needs the name). */
function nameOf(state: AnyMachineSnapshot): string {
  return JSON.stringify(state.value);
}

function perform(work: Work, effect: CollectedEffect, state: AnyMachineSnapshot): void {
  switch (effect.type) {
    case EFFECT.reply: {
      const action = effect.params as VoiceAction;
      // `hangup` ends a live call at any moment (a cap, a timer), with or without an event to answer.
      const anytime = action.method === 'hangup' && work.answering === null;
      if (!anytime && (work.answering === null || !isAllowedReply(work.answering, action.method))) {
        assertReply(work.answering, action, nameOf(state));
      }
      work.actions.push(action);
      // [ours] SEND_DTMF_TIMING: send_dtmf leaves the event awaiting its reply.
      if (action.method !== 'send_dtmf') work.answering = null;
      return;
    }
    case EFFECT.lookup: {
      const request = effect.params as LookupRequest;
      work.lookups.push(request);
      work.pending[request.id] = request.name;
      return;
    }
    case EFFECT.cancelLookup: {
      const { id } = effect.params as { id: string };
      if (id in work.pending) {
        delete work.pending[id];
        work.cancelLookups.push(id);
      }
      return;
    }
    case EFFECT.arm: {
      const { id, ms } = effect.params as ArmParams;
      work.timers[id] = work.now + ms;
      return;
    }
    case EFFECT.disarm:
      delete work.timers[(effect.params as { id: string }).id];
      return;
    case 'xstate.spawnChild':
      throw new UnsupportedInFlowError('invoke', nameOf(state));
    case 'xstate.raise':
    case 'xstate.sendTo':
      if ((effect.params as { delay?: unknown } | undefined)?.delay !== undefined) {
        throw new UnsupportedInFlowError('delayed event', nameOf(state));
      }
      return;
    default:
      // Actions other than the ivr.* effects (inline functions, logging) are not effects of the call: a pure
      // step does not execute them.
      return;
  }
}

/** Turns a step input into the machine events it delivers (a timer input delivers every timer now due). */
function machineEvents(input: StepInput, work: Work): FlowEvent[] {
  const now = work.now;
  if (isVoiceEvent(input)) return [toMachineEvent(input, now)];
  if (input.type === 'timer') {
    const due = Object.entries(work.timers)
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1]);
    for (const [id] of due) delete work.timers[id];
    return due.map(([id]) => ({ type: 'ivr.timeout', id, now }));
  }
  // A result for a lookup the flow no longer waits for (timed out, cancelled, duplicated) is dropped.
  if (!(input.id in work.pending)) return [];
  delete work.pending[input.id];
  return input.type === 'lookup.done'
    ? [{ type: 'lookup.done', id: input.id, output: input.output, now }]
    : [{ type: 'lookup.failed', id: input.id, error: errorMessage(input.error), now }];
}

function earliest(timers: Record<string, number>): number | undefined {
  let min: number | undefined;
  for (const at of Object.values(timers)) if (min === undefined || at < min) min = at;
  return min;
}

/** XState's snapshot of a validated call snapshot. */
function restore(machine: Flow['machine'], prior: CallSnapshot, scope: AnyActorScope): AnyMachineSnapshot {
  return machine.restoreSnapshot(prior.machine as unknown as Snapshot<unknown>, scope) as AnyMachineSnapshot;
}

/**
 * Starts the machine (or continues from `prior`) and delivers the input's events to it, performing their effects
 * on `work`.
 */
function run(
  machine: Flow['machine'],
  prior: AnyMachineSnapshot | undefined,
  input: StepInput,
  work: Work,
  scope: AnyActorScope,
  effects: CollectedEffect[],
): AnyMachineSnapshot {
  let state: AnyMachineSnapshot;
  if (prior) {
    state = prior;
  } else {
    state = machine.getInitialSnapshot(scope) as AnyMachineSnapshot;
    for (const effect of effects.splice(0)) perform(work, effect, state);
  }
  for (const event of state.status === 'active' ? machineEvents(input, work) : []) {
    // Errors name the state that handled the event.
    const handledIn = state;
    // A TeleSign event the flow takes becomes the one awaiting a reply. One it ignores (a duplicate, a late or
    // stray delivery) leaves the pending one as it was, so that the next reply answers the right event.
    const next = machine.transition(state, event, scope) as AnyMachineSnapshot;
    // (XState returns the very same snapshot when no transition was taken; only then is the slower check needed.)
    if ('event' in event && (next !== state || machine.getTransitionData(state, event).length > 0)) {
      work.answering = event.type;
    }
    state = next;
    for (const effect of effects.splice(0)) perform(work, effect, handledIn);
    if (state.status !== 'active') break;
  }
  if (Object.keys(state.children).length > 0) {
    throw new UnsupportedInFlowError('invoke', nameOf(state));
  }
  return state;
}

/**
 * Steps a call: (snapshot or nothing, input, now) → new snapshot and the work to do. No I/O, no timers, no
 * globals. Replies are checked against the contract (a {@link ContractViolationError} is thrown for a forbidden
 * one); a snapshot of another flow version is migrated or refused as by {@link restoreSnapshot}.
 *
 * @example
 * const r1 = stepFlow(flow, undefined, incomingCall, { now: 0 });          // r1.actions: [the greeting]
 * const r2 = stepFlow(flow, r1.snapshot, speakCompleted, { now: 4_000 });  // the caller pressed a key
 * if (r2.nextDeadline !== undefined) scheduleWake(r2.nextDeadline);        // then step with { type: 'timer' }
 */
export function stepFlow(
  flow: Flow,
  snapshot: CallSnapshot | undefined,
  input: StepInput,
  options: StepOptions,
): StepResult {
  const machine = flow.machine;
  const reused = snapshot && liveStateOf(snapshot, flow);
  const prior = snapshot === undefined || reused ? snapshot : restoreSnapshot(flow, snapshot);
  const work: Work = {
    answering: prior?.answering ?? null,
    timers: { ...prior?.timers },
    pending: { ...prior?.lookups },
    actions: [],
    lookups: [],
    cancelLookups: [],
    now: options.now,
  };
  const effects: CollectedEffect[] = [];
  const state = withInertScope(machine, effects, (scope) =>
    run(machine, prior && (reused ?? restore(machine, prior, scope)), input, work, scope, effects),
  );
  // A guard or an assign that throws is a bug in the flow: surface it rather than persist a dead call.
  if (state.status === 'error') throw state.error;
  const done = state.status !== 'active';
  if (done) {
    work.cancelLookups.push(...Object.keys(work.pending));
    work.pending = {};
    work.timers = {};
  }
  const nextDeadline = earliest(work.timers);
  const result: StepResult = {
    snapshot: rememberLiveState(
      {
        format: CALL_SNAPSHOT_FORMAT,
        flowId: flow.id,
        flowVersion: flow.version,
        answering: work.answering,
        timers: work.timers,
        lookups: work.pending,
        machine: persistFlowState(state),
      },
      flow,
      state,
    ),
    actions: work.actions,
    done,
    lookups: work.lookups,
    cancelLookups: work.cancelLookups,
  };
  if (nextDeadline !== undefined) result.nextDeadline = nextDeadline;
  if (done) result.end = (state.output as CallEnd | undefined) ?? { reason: 'hung_up', data: {} };
  return result;
}
