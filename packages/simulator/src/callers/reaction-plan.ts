/**
 * Turns a caller's reaction to a prompt into timed steps: each key press and the hang-up, in milliseconds from
 * the prompt's start. Pure, so the engine only schedules what it is given.
 *
 * @module
 */
import { type CallerReaction, DEFAULT_DIGIT_GAP_MS, DTMF_PAUSE_MS } from './caller.js';

/** One timed step: a digit pressed, or (without `digit`) a hang-up. */
export interface ReactionStep {
  /** Milliseconds from the prompt's start. */
  atMs: number;
  digit?: string;
}

/**
 * The steps of `reaction` to a prompt lasting `durationMs`. Times count from the prompt's end, or its start
 * with `bargeIn`; digits are `digitGapMs` apart and each `w` adds {@link DTMF_PAUSE_MS}.
 *
 * @example
 * planReaction({ press: '9w2', afterMs: 500 }, 3_000);
 * // [{ atMs: 3500, digit: '9' }, { atMs: 4250, digit: '2' }]
 */
export function planReaction(reaction: CallerReaction, durationMs: number): ReactionStep[] {
  const base = reaction.bargeIn ? 0 : durationMs;
  const steps: ReactionStep[] = [];
  if (reaction.press) {
    const gap = reaction.digitGapMs ?? DEFAULT_DIGIT_GAP_MS;
    let at = base + (reaction.afterMs ?? 0);
    let first = true;
    for (const digit of reaction.press) {
      if (digit === 'w') {
        at += DTMF_PAUSE_MS;
        continue;
      }
      if (!first) at += gap;
      first = false;
      steps.push({ atMs: at, digit });
    }
  }
  if (reaction.hangupAfterMs !== undefined) steps.push({ atMs: base + reaction.hangupAfterMs });
  return steps;
}
