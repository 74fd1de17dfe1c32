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
import { promptAction } from './prompt.js';
import { endWith, isTimer, PROMPT_DONE, replyWith } from './transitions.js';

const HANGUP = { method: 'hangup', params: {} } as const;

/**
 * The states of an inbound flow's own cap: the closing prompt (if any, bounded by the closing grace should it never
 * end), then `hangup`, then the wait for `call_completed` — all ending with `max_duration`.
 *
 * @example
 * const states = compileOwnCap(spec, ctx); // { $capped, '$capped-closing' }
 */
export function compileOwnCap(spec: MenuFlowSpec, ctx: CompileContext): Record<string, StateConfig> {
  const prompt = spec.maxCallDurationPrompt;
  const ended = (description: string) => ({
    target: `#${MACHINE_ID}.ended`,
    actions: endWith('max_duration'),
    description,
  });
  const hangUp = { target: nodeTarget(INTERNAL.cappedClosing), actions: replyWith(() => HANGUP) };
  const capped: StateConfig =
    prompt === undefined
      ? { entry: replyWith(() => HANGUP), always: { target: nodeTarget(INTERNAL.cappedClosing) } }
      : {
          entry: [
            replyWith(({ context }) => promptAction(prompt, context.data, ctx.language)),
            armTimer(TIMER.closing, END_GRACE_MS),
          ],
          on: {
            ...Object.fromEntries(
              PROMPT_DONE.map((event) => [event, { ...hangUp, description: 'cap prompt ended' }]),
            ),
            'ivr.timeout': {
              guard: isTimer(TIMER.closing),
              ...hangUp,
              description: 'cap prompt never ended',
            },
            call_completed: ended('call ended during the cap prompt'),
          },
        };
  return {
    [INTERNAL.capped]: capped,
    [INTERNAL.cappedClosing]: {
      entry: armTimer(TIMER.closing, END_GRACE_MS),
      on: {
        call_completed: ended('call ended'),
        'ivr.timeout': { guard: isTimer(TIMER.closing), ...ended('no call_completed') },
      },
    },
  };
}
