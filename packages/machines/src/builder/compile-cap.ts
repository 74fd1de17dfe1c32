/**
 * An inbound flow's own call cap: TeleSign never learns it (only `dial` carries `max_call_duration`), so the flow
 * ends the call itself when its cap passes.
 *
 * @module
 */
import { and, or, stateIn } from 'xstate';
import { armTimer } from '../core/effects.js';
import type { FlowEvent } from '../core/events.js';
import type { CompileContext, StateConfig } from './compile-context.js';
import type { MenuFlowSpec } from './flow-spec.js';
import { END_GRACE_MS, INTERNAL, MACHINE_ID, type MenuContext, nodeTarget, TIMER } from './menu-context.js';
import { speakPrompt } from './prompt.js';
import { type Args, endWith, isTimer, PROMPT_DONE, replyWith } from './transitions.js';

const HANGUP = { method: 'hangup', params: {} } as const;

/**
 * The states of an inbound flow's own cap. Without a closing prompt: `hangup` at once. With one: a prompt playing
 * when the cap passes is let end (an action may only answer an event), the closing prompt answers its end, and
 * `hangup` answers the closing prompt's end — each wait bounded by the closing grace, after which the flow hangs up.
 * Every way out ends with `max_duration`.
 *
 * @example
 * const states = compileOwnCap(spec, ctx); // { $capped, '$capped-prompt', '$capped-closing' }
 */
export function compileOwnCap(spec: MenuFlowSpec, ctx: CompileContext): Record<string, StateConfig> {
  const prompt = spec.maxCallDurationPrompt;
  const ended = (description: string) => ({
    target: `#${MACHINE_ID}.ended`,
    actions: endWith('max_duration'),
    description,
  });
  const hangUp = (description: string) => ({
    target: nodeTarget(INTERNAL.cappedClosing),
    actions: replyWith(() => HANGUP),
    description,
  });
  const closing = {
    entry: armTimer(TIMER.closing, END_GRACE_MS),
    on: {
      call_completed: ended('call ended'),
      'ivr.timeout': { guard: isTimer(TIMER.closing), ...ended('no call_completed') },
    },
  };
  if (prompt === undefined) {
    return {
      [INTERNAL.capped]: {
        entry: replyWith(() => HANGUP),
        always: { target: nodeTarget(INTERNAL.cappedClosing) },
      },
      [INTERNAL.cappedClosing]: closing,
    };
  }
  const waitThen = (onDone: object, description: string): StateConfig => ({
    entry: armTimer(TIMER.closing, END_GRACE_MS),
    on: {
      ...Object.fromEntries(PROMPT_DONE.map((event) => [event, { ...onDone, description }])),
      'ivr.timeout': { guard: isTimer(TIMER.closing), ...hangUp('no prompt ended: hang up') },
      call_completed: ended('call ended at the cap'),
    },
  });
  return {
    [INTERNAL.capped]: waitThen(
      {
        target: nodeTarget(INTERNAL.cappedPrompt),
        actions: replyWith(({ context }) => speakPrompt(prompt, context, ctx, INTERNAL.cappedPrompt)),
      },
      'the playing prompt ended: the closing prompt',
    ),
    [INTERNAL.cappedPrompt]: waitThen(hangUp('closing prompt ended'), 'closing prompt ended'),
    [INTERNAL.cappedClosing]: closing,
  };
}

/**
 * What an inbound flow does when its own cap passes, by what the call is doing then (every way ends with
 * `max_duration`):
 * - bridged to another party, or dialling one (a `transfer`): `hangup` at once — a closing prompt would not reach
 *   the caller alone;
 * - waiting for a lookup (no prompt plays; the call awaits the flow's next action): the closing prompt at once
 *   (sent: no event is being answered), then `hangup` when it ends;
 * - after the flow's own `hangup` (waiting for `call_completed`): nothing more;
 * - otherwise a prompt plays or collects digits: it is let end, then the closing prompt, then `hangup` (the states
 *   of {@link compileOwnCap}).
 * Without a closing prompt, every case hangs up at once.
 *
 * @example
 * const on = { 'ivr.timeout': ownCapTransitions(spec, ctx) };
 */
export function ownCapTransitions(spec: MenuFlowSpec, ctx: CompileContext): object[] {
  const prompt = spec.maxCallDurationPrompt;
  const capPassed = isTimer(TIMER.cap);
  const transfers = Object.entries(spec.nodes)
    .filter(([, node]) => node.kind === 'transfer')
    .map(([name]) => stateIn<MenuContext, FlowEvent, unknown>({ call: name }));
  const hangUpNow = {
    target: nodeTarget(INTERNAL.cappedClosing),
    actions: [endWith('max_duration'), replyWith(() => HANGUP)],
  };
  const closeNow =
    prompt === undefined
      ? hangUpNow
      : {
          target: nodeTarget(INTERNAL.cappedPrompt),
          actions: [
            endWith('max_duration'),
            replyWith(({ context }) => speakPrompt(prompt, context, ctx, INTERNAL.cappedPrompt)),
          ],
        };
  return [
    {
      guard: and<MenuContext, FlowEvent, unknown[]>([capPassed, stateIn({ call: INTERNAL.closing })]),
      description: 'call cap passed after hangup',
    },
    ...(transfers.length > 0
      ? [
          {
            guard: and<MenuContext, FlowEvent, unknown[]>([capPassed, or(transfers)]),
            ...hangUpNow,
            description: 'call cap passed while transferred',
          },
        ]
      : []),
    {
      guard: (args: Args) => capPassed(args) && args.context.pending !== null,
      ...closeNow,
      description: 'call cap passed during a lookup',
    },
    {
      guard: capPassed,
      target: nodeTarget(INTERNAL.capped),
      actions: endWith('max_duration'),
      description: 'call cap passed: hang up',
    },
  ];
}
