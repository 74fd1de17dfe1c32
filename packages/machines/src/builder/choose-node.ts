/**
 * The `choose` node: branching on data, the caller or the time, without a word to the caller.
 *
 * @module
 */
import type { FlowData } from '../core/json.js';
import type { CallParties } from './menu-context.js';
import type { Target } from './nodes.js';

/**
 * A condition on the call: its data (digits entered, lookup outputs), its parties, and the time of the event
 * being handled (epoch ms: the only clock a flow knows, so business hours are testable in virtual time).
 *
 * @example
 * const weekday: Condition = (_data, _call, now) => new Date(now).getUTCDay() % 6 !== 0;
 */
export type Condition = (data: Readonly<FlowData>, call: Readonly<CallParties>, now: number) => boolean;

/**
 * One branch of a {@link ChooseNode}.
 *
 * @example
 * const branch: ChooseBranch = { when: (d) => d.tier === 'gold', next: 'priority', label: 'gold customer' };
 */
export interface ChooseBranch<T extends string = Target> {
  when: Condition;
  next: T;
  /** How diagrams, coverage and diffs name the branch. Default `when #<n>`. */
  label?: string;
}

/**
 * Branch on data, without a word to the caller: the first branch whose `when` holds is taken, else `otherwise`.
 *
 * @example
 * choose({ branches: [{ when: (_d, _c, now) => isOpen(now), next: 'main', label: 'open' }], otherwise: 'closed' })
 */
export interface ChooseNode<T extends string = Target> {
  kind: 'choose';
  branches: ReadonlyArray<ChooseBranch<T>>;
  otherwise: T;
}
