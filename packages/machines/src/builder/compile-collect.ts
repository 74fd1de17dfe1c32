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
import type { AskNode, CollectRules, MenuNode, PromptSpec, RetryRule } from './nodes.js';
import { collectDigits, speakPrompt } from './prompt.js';
import { type Args, collected, countTry, loadTries, PROMPT_DONE, replyWith, viaTry } from './transitions.js';

const DIGITS = /^[0-9*#]+$/;

/** A node's name and prompt, and how the flow speaks. */
interface Collecting {
  name: string;
  prompt: PromptSpec;
  ctx: CompileContext;
}

/** The two branches of one retry rule: retry (re-prompt here, or go `via`) while retries last, then give up. */
function ruleBranches(
  at: Collecting,
  kind: 'noInput' | 'invalid',
  rule: RetryRule | undefined,
  matches: (args: Args) => boolean,
  collect: ReturnType<typeof collectDigits>,
): StateConfig[] {
  const retries = rule?.retries ?? DEFAULT_RETRIES;
  const label = kind === 'noInput' ? 'no input' : 'invalid';
  const retry = rule?.via
    ? {
        target: nodeTarget(rule.via),
        reenter: true,
        actions: viaTry(at.name, kind, retries + 1),
        description: `${label}, retry via ${rule.via}`,
      }
    : {
        actions: [
          countTry(kind, retries + 1),
          replyWith(({ context }) =>
            speakPrompt(rule?.prompt ?? at.prompt, context, at.ctx, at.name, collect),
          ),
        ],
        description: `${label}, re-prompt`,
      };
  return [
    { ...retry, guard: (args: Args) => matches(args) && args.context[kind] < retries },
    {
      guard: matches,
      target: nodeTarget(rule?.next ?? INTERNAL.hangup),
      reenter: true,
      actions: countTry(kind, retries + 1),
      description: `${label}, last retry`,
    },
  ];
}

/** The no-input and invalid-input branches shared by menus and asks, after their own success branches. */
function retryBranches(at: Collecting, rules: CollectRules, max: number): StateConfig[] {
  const collect = collectDigits(max, rules);
  return [
    ...ruleBranches(at, 'noInput', rules.noInput, ({ event }) => collected(event) === null, collect),
    ...ruleBranches(at, 'invalid', rules.invalid, () => true, collect),
  ];
}

function onPromptDone(branches: StateConfig[]): Record<string, StateConfig[]> {
  return Object.fromEntries(PROMPT_DONE.map((event) => [event, branches]));
}

/**
 * Compiles menu `name`: the prompt collects as many digits as the longest option; each option is a branch.
 *
 * @example
 * const state = compileMenu('main', menu({ prompt: 'Press 1.', options: { 1: 'next' } }), ctx);
 */
export function compileMenu(name: string, node: MenuNode, ctx: CompileContext): StateConfig {
  const keys = Object.keys(node.options);
  const max = Math.max(1, ...keys.map((k) => k.length));
  const collect = collectDigits(max, node);
  const options = keys.map((key) => ({
    guard: ({ event }: Args) => collected(event) === key,
    target: nodeTarget(node.options[key] as string),
    reenter: true,
    description: `pressed ${key}`,
  }));
  const at = { name, prompt: node.prompt, ctx };
  return {
    entry: [
      loadTries(name),
      replyWith(({ context }) => speakPrompt(node.prompt, context, ctx, name, collect)),
    ],
    on: onPromptDone([...options, ...retryBranches(at, node, max)]),
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
 * Compiles ask `name`: valid digits are stored under `saveAs` and the flow goes to `next`.
 *
 * @example
 * const state = compileAsk('pin', ask({ prompt: 'PIN?', max: 4, saveAs: 'pin', next: 'check' }), ctx);
 */
export function compileAsk(name: string, node: AskNode, ctx: CompileContext): StateConfig {
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
  const at = { name, prompt: node.prompt, ctx };
  return {
    entry: [
      loadTries(name),
      replyWith(({ context }) => speakPrompt(node.prompt, context, ctx, name, collect)),
    ],
    on: onPromptDone([valid, ...retryBranches(at, node, node.max)]),
  };
}

function assignDigits(key: string) {
  return assign({
    data: ({ context, event }: Args) => ({ ...context.data, [key]: collected(event) ?? '' }),
  });
}
