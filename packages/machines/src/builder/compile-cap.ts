/**
 * An inbound flow's own call cap: TeleSign never learns it (only `dial` carries `max_call_duration`), so the flow
 * ends the call itself when its cap passes.
 *
 * @module
 */
import { armTimer } from '../core/effects.js';
import type { CompileContext, StateConfig } from './compile-context.js';
import type { MenuFlowSpec } from './flow-spec.js';
import { END_GRACE_MS, INTERNAL, MACHINE_ID, nodeTarget, TIMER } from './menu-context.js';
import { speakPrompt } from './prompt.js';
import { endWith, isTimer, PROMPT_DONE, replyWith } from './transitions.js';

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
