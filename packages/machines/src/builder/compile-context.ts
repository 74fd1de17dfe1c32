/**
 * What node compilers share: the flow's defaults.
 *
 * @module
 */
import type { LanguageSpec } from './language.js';
import type { CallerIdRule } from './nodes.js';

/**
 * Flow-wide settings a node compiler reads.
 *
 * @example
 * const ctx: CompileContext = { flowId: 'demo', language: 'en-US', extraLanguages: new Set(), callerId: 'ours' };
 */
export interface CompileContext {
  /** The flow's id (for messages). */
  flowId: string;
  /** Default TTS language: a code, or chosen per call. */
  language: LanguageSpec;
  /** Language codes accepted beyond TeleSign's documented list. */
  extraLanguages: ReadonlySet<string>;
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
