/**
 * Turns an explored path (a list of stimuli) into a simulator {@link Scenario}: digits become a scripted
 * caller's presses, lookup and transfer results become forced outcomes, a lost `call_completed` becomes a dropped
 * delivery.
 *
 * @module
 */
import type { CallerRule } from '@ivrkit/simulator';
import type { ExploreEvent } from './explore.js';
import type { Scenario } from './scenario.js';

/**
 * A scenario and the run options it needs (a path that waits out the call cap needs a long run).
 *
 * @example
 * const { scenario, maxCallMs }: PathScenario = pathToScenario(edge.path);
 */
export interface PathScenario {
  scenario: Scenario;
  maxCallMs?: number;
}

/**
 * The scenario that walks `path`; after the path the caller stays silent.
 *
 * @example
 * const { scenario } = pathToScenario(edge.path);
 * const run = await runScenario(flow, scenario, { traceTransitions: true });
 */
export function pathToScenario(path: readonly ExploreEvent[]): PathScenario {
  const rules: CallerRule[] = [];
  const lookups: NonNullable<Scenario['lookups']> = [];
  const transfers: NonNullable<Scenario['transfers']> = [];
  const scenario: Scenario = { caller: { rules } };
  const result: PathScenario = { scenario };
  let prompts = 0;
  for (const { stimulus } of path) {
    switch (stimulus.kind) {
      case 'start':
        if (stimulus.answer !== 'answered') scenario.answer = stimulus.answer;
        break;
      case 'unexpected-first':
        scenario.unexpectedFirst = stimulus.event;
        return result;
      case 'prompt':
        prompts++;
        if (stimulus.digits !== '') rules.push({ prompt: prompts, press: stimulus.digits });
        break;
      case 'hangup':
        rules.push({ prompt: prompts + 1, hangupAfterMs: 0, bargeIn: true });
        return result;
      case 'lookup':
        lookups.push(stimulus.outcome);
        scenario.lookups = lookups;
        break;
      case 'transfer':
        transfers.push({ outcome: stimulus.outcome });
        scenario.transfers = transfers;
        break;
      case 'leg-ended':
      case 'wait':
        break;
      case 'lost-call-completed':
        scenario.dropCallCompleted = true;
        return result;
      case 'cap':
        scenario.dropCallCompleted = true;
        scenario.lostEventRecovery = false;
        rules.push({ prompt: prompts + 1, hangupAfterMs: 0, bargeIn: true });
        result.maxCallMs = 5 * 3_600_000;
        return result;
    }
  }
  return result;
}
