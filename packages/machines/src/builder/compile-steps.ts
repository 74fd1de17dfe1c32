/**
 * Compiles the nodes that do not collect digits: `say`, `lookup`, `transfer` and `hangup`.
 *
 * @module
 */
import { STATUS } from '@ivrkit/protocol';
import { assign } from 'xstate';
import { EFFECT } from '../core/effects.js';
import type { FlowData } from '../core/json.js';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';
import type { ChooseNode } from './choose-node.js';
import type { CompileContext, StateConfig } from './compile-context.js';
import { type CallParties, INTERNAL, nodeTarget, TIMER } from './menu-context.js';
import type { CallerIdRule, HangupNode, LookupNode, SayNode, TransferNode } from './nodes.js';
import { speakPrompt } from './prompt.js';
import { type Args, PROMPT_DONE, replyWith } from './transitions.js';

const HANGUP = { method: 'hangup', params: {} } as const;

/**
 * Compiles a `say`: play the prompt, then go to `next` when it ends.
 *
 * @example
 * const state = compileSay('hello', say({ prompt: 'Hello.', next: 'main' }), ctx);
 */
export function compileSay(name: string, node: SayNode, ctx: CompileContext): StateConfig {
  const next = { target: nodeTarget(node.next), reenter: true, description: 'prompt ended' };
  return {
    entry: replyWith(({ context }) => speakPrompt(node.prompt, context, ctx, name)),
    on: Object.fromEntries(PROMPT_DONE.map((event) => [event, next])),
  };
}

function saveOutput(node: LookupNode, output: unknown, data: FlowData): FlowData {
  if (node.save) return { ...data, ...node.save(output, data) };
  if (node.saveAs) return { ...data, [node.saveAs]: (output ?? null) as FlowData[string] };
  return data;
}

/**
 * Compiles a `lookup`: start it and arm its timeout on entry; its output (matched by id) leads to `next`, its
 * failure or timeout to `onError`. Leaving the node any other way (a hang-up) cancels it.
 *
 * @example
 * const state = compileLookup(lookup({ name: 'balance', timeoutMs: 3000, saveAs: 'balance', next: 'read', onError: 'sorry' }));
 */
export function compileLookup(node: LookupNode): StateConfig {
  const isMine = ({ context, event }: Args) =>
    (event.type === 'lookup.done' || event.type === 'lookup.failed') && event.id === context.pending;
  return {
    entry: [
      assign({
        seq: ({ context }: Args) => context.seq + 1,
        pending: ({ context }: Args) => `${node.name}#${context.seq + 1}`,
      }),
      {
        type: EFFECT.lookup,
        params: ({ context }: Args) => ({
          id: context.pending,
          name: node.name,
          input: node.input && context.call ? node.input(context.data, context.call) : null,
        }),
      },
      { type: EFFECT.arm, params: { id: TIMER.lookup, ms: node.timeoutMs } },
    ],
    exit: [
      { type: EFFECT.disarm, params: { id: TIMER.lookup } },
      { type: EFFECT.cancelLookup, params: ({ context }: Args) => ({ id: context.pending }) },
      assign({ pending: null }),
    ],
    on: {
      'lookup.done': {
        guard: isMine,
        target: nodeTarget(node.next),
        reenter: true,
        actions: assign({
          data: ({ context, event }: Args) =>
            event.type === 'lookup.done' ? saveOutput(node, event.output, context.data) : context.data,
        }),
        description: `${node.name} done`,
      },
      'lookup.failed': {
        guard: isMine,
        target: nodeTarget(node.onError),
        reenter: true,
        description: `${node.name} failed`,
      },
      'ivr.timeout': {
        guard: ({ event }: Args) => event.type === 'ivr.timeout' && event.id === TIMER.lookup,
        target: nodeTarget(node.onError),
        reenter: true,
        description: `${node.name} timed out`,
      },
    },
  };
}

/**
 * The `caller_id_number` of a transfer under `rule`.
 *
 * @example
 * callerIdFor('caller', { ours: '15550001111', theirs: '15552223333', externalId: null, startedAt: 0 }); // '15552223333'
 */
export function callerIdFor(rule: CallerIdRule, call: CallParties | null): string {
  if (rule === 'caller' || rule === 'ours') {
    if (!call) throw new FlowDefinitionError('a transfer ran before the call started');
    return rule === 'caller' ? call.theirs : call.ours;
  }
  return rule;
}

/**
 * Compiles a `transfer`: `dial` on entry; a failed leg leads to `onFailed`; once bridged, the end of the other
 * leg (`call_leg_completed`) leads to `afterLeg` (default: hang up).
 *
 * @example
 * const state = compileTransfer(transfer({ to: '15550009999', sendDtmf: '204#', onFailed: 'busy' }), ctx);
 */
export function compileTransfer(node: TransferNode, ctx: CompileContext): StateConfig {
  const rule = node.callerId ?? ctx.callerId;
  const cap = node.maxCallDurationSeconds;
  return {
    entry: replyWith(({ context }) => ({
      method: 'dial',
      params: {
        to: typeof node.to === 'string' ? node.to : node.to(context.data),
        caller_id_number: callerIdFor(rule, context.call),
        ...(cap !== undefined ? { max_call_duration: String(cap) } : {}),
        ...(node.sendDtmf !== undefined ? { send_dtmf: node.sendDtmf } : {}),
      },
    })),
    initial: 'dialing',
    states: {
      dialing: {
        on: {
          dial_completed: [
            {
              guard: ({ event }: Args) =>
                event.type === 'dial_completed' && event.event.data.status === STATUS.dial.answered,
              target: 'bridged',
              description: 'agent answered',
            },
            { target: nodeTarget(node.onFailed), reenter: true, description: 'transfer failed' },
          ],
        },
      },
      bridged: {
        on: {
          call_leg_completed: {
            target: nodeTarget(node.afterLeg ?? INTERNAL.hangup),
            reenter: true,
            description: 'other leg ended',
          },
        },
      },
    },
  };
}

/**
 * Compiles a `hangup`: the goodbye prompt (if any), then `hangup`, then wait for `call_completed`.
 *
 * @example
 * const state = compileHangup('bye', hangup({ prompt: 'Goodbye.' }), ctx);
 */
export function compileHangup(name: string, node: HangupNode, ctx: CompileContext): StateConfig {
  const { prompt } = node;
  const close = { target: nodeTarget(INTERNAL.closing), actions: replyWith(() => HANGUP) };
  if (prompt === undefined) {
    return { entry: replyWith(() => HANGUP), always: { target: nodeTarget(INTERNAL.closing) } };
  }
  return {
    entry: replyWith(({ context }) => speakPrompt(prompt, context, ctx, name)),
    on: Object.fromEntries(PROMPT_DONE.map((event) => [event, { ...close, description: 'goodbye ended' }])),
  };
}

const NO_PARTIES = { ours: '', theirs: '', externalId: null, startedAt: 0 } as const;

/**
 * Compiles a `choose`: eventless branches, tried in order, on the data, the parties and the time of the event
 * that led here.
 *
 * @example
 * const state = compileChoose(choose({ branches: [{ when: (d) => d.vip === true, next: 'vip' }], otherwise: 'main' }));
 */
export function compileChoose(node: ChooseNode): StateConfig {
  const branches = node.branches.map((branch, i) => ({
    guard: ({ context, event }: Args) => branch.when(context.data, context.call ?? NO_PARTIES, event.now),
    target: nodeTarget(branch.next),
    reenter: true,
    description: branch.label ?? `when #${i + 1}`,
  }));
  return {
    always: [...branches, { target: nodeTarget(node.otherwise), reenter: true, description: 'otherwise' }],
  };
}
