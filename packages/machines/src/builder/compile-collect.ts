/**
 * Compiles the nodes that collect digits — `menu` (one key per option) and `ask` (validated multi-digit entry) —
 * with their no-input and invalid-input re-prompts.
 *
 * @module
 */
import { assign } from 'xstate';
import type { FlowData } from '../core/json.js';
import { type CompileContext, DEFAULT_RETRIES, type StateConfig } from './compile-context.js';
import { INTERNAL, nodeTarget } from './menu-context.js';
import type { AskNode, CollectRules, MenuNode, PromptSpec } from './nodes.js';
import { collectDigits, promptAction } from './prompt.js';
import {
  type Args,
  collected,
  countInvalid,
  countNoInput,
  PROMPT_DONE,
  replyWith,
  resetTries,
} from './transitions.js';

const DIGITS = /^[0-9*#]+$/;

/** The no-input and invalid-input branches shared by menus and asks, after their own success branches. */
function retryBranches(
  prompt: PromptSpec,
  rules: CollectRules,
  max: number,
  ctx: CompileContext,
): StateConfig[] {
  const collect = collectDigits(max, rules);
  const reprompt = (spec: PromptSpec | undefined) =>
    replyWith(({ context }) => promptAction(spec ?? prompt, context.data, ctx.language, collect));
  const noInputRetries = rules.noInput?.retries ?? DEFAULT_RETRIES;
  const invalidRetries = rules.invalid?.retries ?? DEFAULT_RETRIES;
  return [
    {
      guard: ({ context, event }: Args) => collected(event) === null && context.noInput < noInputRetries,
      actions: [countNoInput, reprompt(rules.noInput?.prompt)],
      description: 'no input, re-prompt',
    },
    {
      guard: ({ event }: Args) => collected(event) === null,
      target: nodeTarget(rules.noInput?.next ?? INTERNAL.hangup),
      reenter: true,
      description: 'no input, last retry',
    },
    {
      guard: ({ context }: Args) => context.invalid < invalidRetries,
      actions: [countInvalid, reprompt(rules.invalid?.prompt)],
      description: 'invalid, re-prompt',
    },
    {
      target: nodeTarget(rules.invalid?.next ?? INTERNAL.hangup),
      reenter: true,
      description: 'invalid, last retry',
    },
  ];
}

function onPromptDone(branches: StateConfig[]): Record<string, StateConfig[]> {
  return Object.fromEntries(PROMPT_DONE.map((event) => [event, branches]));
}

/**
 * Compiles a `menu`: the prompt collects as many digits as the longest option; each option is a branch.
 *
 * @example
 * const state = compileMenu(menu({ prompt: 'Press 1.', options: { 1: 'next' } }), { language: 'en-US', callerId: 'ours' });
 */
export function compileMenu(node: MenuNode, ctx: CompileContext): StateConfig {
  const keys = Object.keys(node.options);
  const max = Math.max(1, ...keys.map((k) => k.length));
  const collect = collectDigits(max, node);
  const options = keys.map((key) => ({
    guard: ({ event }: Args) => collected(event) === key,
    target: nodeTarget(node.options[key] as string),
    reenter: true,
    description: `pressed ${key}`,
  }));
  return {
    entry: [
      resetTries,
      replyWith(({ context }) => promptAction(node.prompt, context.data, ctx.language, collect)),
    ],
    on: onPromptDone([...options, ...retryBranches(node.prompt, node, max, ctx)]),
  };
}

/**
 * Whether `digits` are a valid answer to `node` given the flow's `data`.
 *
 * @example
 * isValidEntry(ask({ prompt: 'PIN?', min: 4, max: 4, saveAs: 'pin', next: 'x' }), '1234', {}); // true
 */
export function isValidEntry(node: AskNode, digits: string, data: Readonly<FlowData>): boolean {
  const min = node.min ?? 1;
  if (digits.length < min || digits.length > node.max || !DIGITS.test(digits)) return false;
  return node.validate ? node.validate(digits, data) : true;
}

/**
 * Compiles an `ask`: valid digits are stored under `saveAs` and the flow goes to `next`.
 *
 * @example
 * const state = compileAsk(ask({ prompt: 'PIN?', max: 4, saveAs: 'pin', next: 'check' }), { language: 'en-US', callerId: 'ours' });
 */
export function compileAsk(node: AskNode, ctx: CompileContext): StateConfig {
  const collect = collectDigits(node.max, node);
  const valid = {
    guard: ({ context, event }: Args) => {
      const digits = collected(event);
      return digits !== null && isValidEntry(node, digits, context.data);
    },
    target: nodeTarget(node.next),
    reenter: true,
    actions: assignDigits(node.saveAs),
    description: `valid ${node.saveAs}`,
  };
  return {
    entry: [
      resetTries,
      replyWith(({ context }) => promptAction(node.prompt, context.data, ctx.language, collect)),
    ],
    on: onPromptDone([valid, ...retryBranches(node.prompt, node, node.max, ctx)]),
  };
}

function assignDigits(key: string) {
  return assign({
    data: ({ context, event }: Args) => ({ ...context.data, [key]: collected(event) ?? '' }),
  });
}
