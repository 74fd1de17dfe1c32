/**
 * The scripted caller of `ivrkit demo` and `ivrkit call`: presses one group of digits in answer to each prompt
 * that collects digits, in order, after the prompt ends — a caller who listens, then answers.
 *
 * @module
 */
import type { Caller } from '@ivrkit/simulator';

/** `[demo]` How long the scripted caller waits after a prompt before pressing, in simulated ms. */
export const PRESS_AFTER_MS = 700;

/**
 * A code caller for `sim.placeInboundCall` that presses `groups[i]` at the i-th collecting prompt and stays silent
 * after the last group (the flow then decides: a re-prompt, then usually goodbye).
 *
 * @example
 * sim.placeInboundCall({ to, from, caller: pressingCaller(['1', '12345678', '2']) });
 */
export function pressingCaller(groups: readonly string[], afterMs = PRESS_AFTER_MS): Caller {
  let next = 0;
  return {
    onPrompt(prompt) {
      if (!prompt.collectsDigits) return undefined;
      const press = groups[next];
      if (press === undefined) return undefined;
      next++;
      return { press, afterMs };
    },
  };
}
