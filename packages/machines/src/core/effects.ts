/**
 * The effect vocabulary of a flow: named XState actions that a flow machine *declares* and a runtime *performs*.
 * The pure step ({@link stepFlow}) reads them from the transition's action list; the live runner
 * ({@link runFlow}) binds them with `machine.provide`. A hand-written machine spreads {@link flowEffects} into
 * its `setup({ actions })` and uses the helpers below — that is the whole low-level API.
 *
 * @module
 */
import type { AllowedReply, EventName, VoiceAction } from '@ivrkit/protocol';

/**
 * The names of the effects.
 *
 * @example
 * EFFECT.reply; // 'ivr.reply'
 */
export const EFFECT = {
  /** Send a voice action as the reply to the event being answered. Params: the {@link VoiceAction}. */
  reply: 'ivr.reply',
  /** Start a lookup. Params: {@link LookupRequest}. */
  lookup: 'ivr.lookup',
  /** Abort a lookup still running. Params: `{ id }`. */
  cancelLookup: 'ivr.cancelLookup',
  /** Arm (or re-arm) a named timer. Params: {@link ArmParams}. */
  arm: 'ivr.arm',
  /** Disarm a named timer. Params: `{ id }`. */
  disarm: 'ivr.disarm',
} as const;

/**
 * A request for async work, by the name of an implementation in `flow.lookups`.
 *
 * @example
 * const req: LookupRequest = { id: 'balance#1', name: 'balance', input: { account: '12345678' } };
 */
export interface LookupRequest {
  /** Unique within the call; the runtime feeds the result back with it. */
  id: string;
  /** The key of the implementation in `flow.lookups`. */
  name: string;
  /** JSON input given to the implementation. */
  input: unknown;
}

/**
 * Arm timer `id` to fire `ms` after the step that armed it.
 *
 * @example
 * const p: ArmParams = { id: 'lookup', ms: 3_000 };
 */
export interface ArmParams {
  id: string;
  ms: number;
}

/**
 * Declarations of the effects, to spread into `setup({ actions })`. They do nothing themselves: the pure step
 * returns them as data and the live runner replaces them.
 *
 * @example
 * const m = setup({ types: { events: {} as FlowEvent }, actions: { ...flowEffects } }).createMachine({});
 */
export const flowEffects = {
  [EFFECT.reply]: (_: unknown, _action: VoiceAction) => {},
  [EFFECT.lookup]: (_: unknown, _request: LookupRequest) => {},
  [EFFECT.cancelLookup]: (_: unknown, _params: { id: string }) => {},
  [EFFECT.arm]: (_: unknown, _params: ArmParams) => {},
  [EFFECT.disarm]: (_: unknown, _params: { id: string }) => {},
};

/**
 * XState's argument to a params function: the machine's context and the event being handled.
 *
 * @example
 * const message = ({ context }: EffectArgs) => `Hello ${context.name}`;
 */
// biome-ignore lint/suspicious/noExplicitAny: any machine's context and event are accepted here.
export type EffectArgs = { context: any; event: any };

/**
 * A value, or a function of the machine's context and event that computes it.
 *
 * @example
 * const hangupAction: Computed<HangupAction> = () => ({ method: 'hangup', params: {} });
 */
export type Computed<T> = T | ((args: EffectArgs) => T);

/**
 * Reply to event `after` with `action`. The action's type is checked against the contract: a `dial` after
 * `dial_completed` is a type error. The runtime checks again against the event really being answered.
 *
 * @example
 * on: { incoming_call: { actions: reply('incoming_call', { method: 'speak', params: { tts: { message: 'Hi' } } }) } }
 */
export function reply<E extends EventName>(
  _after: E,
  action: Computed<AllowedReply<E>>,
): { type: typeof EFFECT.reply; params: Computed<VoiceAction> } {
  return { type: EFFECT.reply, params: action };
}

/**
 * Start the lookup `name` with `input`, identified by `id` in the call.
 *
 * @example
 * entry: startLookup(({ context }) => ({ id: 'balance#1', name: 'balance', input: context.data.account }))
 */
export function startLookup(request: Computed<LookupRequest>): {
  type: typeof EFFECT.lookup;
  params: Computed<LookupRequest>;
} {
  return { type: EFFECT.lookup, params: request };
}

/**
 * Abort the lookup `id` if it is still running.
 *
 * @example
 * exit: cancelLookup(({ context }) => ({ id: context.pending }))
 */
export function cancelLookup(params: Computed<{ id: string }>): {
  type: typeof EFFECT.cancelLookup;
  params: Computed<{ id: string }>;
} {
  return { type: EFFECT.cancelLookup, params };
}

/**
 * Arm timer `id`: an `ivr.timeout` event with that id arrives `ms` later (re-arming moves the deadline).
 *
 * @example
 * entry: armTimer('lookup', 3_000)
 */
export function armTimer(id: string, ms: number): { type: typeof EFFECT.arm; params: ArmParams } {
  return { type: EFFECT.arm, params: { id, ms } };
}

/**
 * Disarm timer `id`.
 *
 * @example
 * exit: disarmTimer('lookup')
 */
export function disarmTimer(id: string): { type: typeof EFFECT.disarm; params: { id: string } } {
  return { type: EFFECT.disarm, params: { id } };
}
