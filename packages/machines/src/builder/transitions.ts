/**
 * Building blocks of compiled states: guards on prompt completions, context updates, effect objects.
 *
 * @module
 */
import type { VoiceAction } from '@ivrkit/protocol';
import { assign } from 'xstate';
import { EFFECT } from '../core/effects.js';
import type { FlowEvent } from '../core/events.js';
import type { EndReason } from '../core/flow.js';
import type { MenuContext } from './menu-context.js';

/**
 * The arguments XState gives guards, assigns and params functions of a menu flow.
 *
 * @example
 * const guard = ({ context }: Args) => context.noInput < 2;
 */
export interface Args {
  context: MenuContext;
  event: FlowEvent;
}

/**
 * A guard: the event is timer `id` firing.
 *
 * @example
 * { 'ivr.timeout': { guard: isTimer(TIMER.cap), target: 'ended' } }
 */
export const isTimer =
  (id: string) =>
  ({ event }: Args) =>
    event.type === 'ivr.timeout' && event.id === id;

/**
 * The events that end a prompt.
 *
 * @example
 * const on = Object.fromEntries(PROMPT_DONE.map((e) => [e, branches]));
 */
export const PROMPT_DONE = ['speak_completed', 'play_completed'] as const;

/**
 * The digits a prompt collected, or `null` when nothing usable was collected (none pressed, or the prompt failed
 * to play and none were pressed).
 *
 * @example
 * collected({ type: 'speak_completed', now: 0, event }); // '1'
 */
export function collected(event: FlowEvent): string | null {
  if (event.type !== 'speak_completed' && event.type !== 'play_completed') return null;
  const digits = event.event.data.collected_digits;
  return digits === '' ? null : digits;
}

/**
 * An `ivr.reply` effect computed from the context and event.
 *
 * @example
 * entry: replyWith(({ context }) => promptAction('Hi', context.data, 'en-US'))
 */
export const replyWith = (fn: (args: Args) => VoiceAction) => ({ type: EFFECT.reply, params: fn });

const NO_TRIES = { noInput: 0, invalid: 0 } as const;

/**
 * On entering node `name` (one that collects digits): its retry counters start at zero, unless the flow comes
 * back from a `via` detour of this very node, which continues the same visit.
 *
 * @example
 * entry: [loadTries('main'), prompt]
 */
export const loadTries = (name: string) =>
  assign(({ context }: { context: MenuContext }) => ({ ...(context.tries?.[name] ?? NO_TRIES), tries: {} }));

/**
 * Counts one failed answer at the current node (`noInput` or `invalid`), up to `cap` (past its rule's last retry
 * the count no longer matters, and a bounded count keeps the flow's state space finite).
 *
 * @example
 * actions: [countTry('invalid', 3), reprompt]
 */
export const countTry = (kind: 'noInput' | 'invalid', cap: number) =>
  assign({ [kind]: ({ context }: { context: MenuContext }) => Math.min(context[kind] + 1, cap) });

/**
 * Counts one failed answer at node `name` and keeps its counters for the `via` detour it leaves on.
 *
 * @example
 * actions: viaTry('main', 'invalid', 3)
 */
export const viaTry = (name: string, kind: 'noInput' | 'invalid', cap: number) =>
  assign(({ context }: { context: MenuContext }) => {
    const tries = {
      noInput: context.noInput,
      invalid: context.invalid,
      [kind]: Math.min(context[kind] + 1, cap),
    };
    return { ...tries, tries: { [name]: tries } };
  });

/**
 * Records why the flow ends.
 *
 * @example
 * { target: 'ended', actions: endWith('caller_hung_up') }
 */
export const endWith = (reason: EndReason) => assign({ end: reason });
