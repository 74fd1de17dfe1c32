/**
 * What node compilers share: the flow's defaults.
 *
 * @module
 */
import type { CallerIdRule } from './nodes.js';

/**
 * Flow-wide settings a node compiler reads.
 *
 * @example
 * const ctx: CompileContext = { language: 'en-US', callerId: 'ours' };
 */
export interface CompileContext {
  /** Default TTS language. */
  language: string;
  /** Default caller-id rule of transfers. */
  callerId: CallerIdRule;
}

/**
 * A compiled state, in XState's config shape (built dynamically, so typed loosely).
 *
 * @example
 * const state: StateConfig = { entry: [], on: {} };
 */
export type StateConfig = Record<string, unknown>;

/**
 * Re-prompts before giving up, when a rule does not say.
 *
 * @example
 * const retries = rule.retries ?? DEFAULT_RETRIES;
 */
export const DEFAULT_RETRIES = 2;
