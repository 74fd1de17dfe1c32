/**
 * Compiles a menu flow's nodes into one XState machine: `idle` → `call` (the nodes, plus `$hangup` and
 * `$closing`) → `ended`. Hang-up at any moment, the call cap and the closing grace are handled here once.
 *
 * @module
 */
import { DEFAULT_TTS_LANGUAGE, MAX_CALL_DURATION_SECONDS, STATUS } from '@ivrkit/protocol';
import { type AnyStateMachine, assign, setup } from 'xstate';
import { armTimer, flowEffects } from '../core/effects.js';
import type { FlowEvent } from '../core/events.js';
import type { CallEnd } from '../core/flow.js';
import { checkMenuFlow } from './check-definition.js';
import { compileOwnCap, ownCapTransitions } from './compile-cap.js';
import { compileAsk, compileMenu } from './compile-collect.js';
import type { CompileContext, StateConfig } from './compile-context.js';
import { compileSendDtmf } from './compile-send-dtmf.js';
import { compileChoose, compileHangup, compileLookup, compileSay, compileTransfer } from './compile-steps.js';
import type { MenuFlowSpec } from './flow-spec.js';
import {
  type CallParties,
  END_GRACE_MS,
  INTERNAL,
  MACHINE_ID,
  type MenuContext,
  TIMER,
} from './menu-context.js';
import type { FlowNode } from './nodes.js';
import { type Args, endWith, isTimer } from './transitions.js';

function compileNode(name: string, node: FlowNode, ctx: CompileContext): StateConfig {
  switch (node.kind) {
    case 'menu':
      return compileMenu(name, node, ctx);
    case 'ask':
      return compileAsk(name, node, ctx);
    case 'say':
      return compileSay(name, node, ctx);
    case 'lookup':
      return compileLookup(node);
    case 'transfer':
      return compileTransfer(node, ctx);
    case 'hangup':
      return compileHangup(name, node, ctx);
    case 'choose':
      return compileChoose(node);
    case 'sendDtmf':
      return compileSendDtmf(name, node);
  }
}

const parties = (
  ours: string,
  theirs: string,
  externalId: string | undefined,
  startedAt: number,
): CallParties => ({
  ours,
  theirs,
  externalId: externalId ?? null,
  startedAt,
});

/** Whether some node falls back to the internal hang-up (a retry rule or a transfer without a destination). */
function needsHangup(spec: MenuFlowSpec): boolean {
  return Object.values(spec.nodes).some((node) =>
    node.kind === 'menu' || node.kind === 'ask'
      ? !node.noInput?.next || !node.invalid?.next
      : node.kind === 'transfer' && !node.afterLeg,
  );
}

/** How the call starts: the parties from the first event, for each direction. */
function startTransitions(spec: MenuFlowSpec): Record<string, StateConfig | StateConfig[]> {
  const unexpected = {
    target: 'ended',
    actions: endWith('unexpected_event'),
    description: 'unexpected first event',
  };
  const others = ['speak_completed', 'play_completed', 'call_leg_completed'];
  const base = Object.fromEntries(others.map((e) => [e, unexpected]));
  if (spec.direction === 'inbound') {
    return {
      ...base,
      dial_completed: unexpected,
      call_completed: {
        target: 'ended',
        actions: endWith('caller_hung_up'),
        description: 'hung up before start',
      },
      incoming_call: {
        target: 'call',
        description: 'incoming call',
        actions: assign({
          call: ({ event }: Args) =>
            event.type === 'incoming_call'
              ? parties(event.event.data.to, event.event.data.from, event.event.external_id, event.now)
              : null,
        }),
      },
    };
  }
  return {
    ...base,
    incoming_call: unexpected,
    call_completed: { target: 'ended', actions: endWith('not_answered'), description: 'never answered' },
    dial_completed: [
      {
        guard: ({ event }: Args) =>
          event.type === 'dial_completed' && event.event.data.status === STATUS.dial.answered,
        target: 'call',
        description: 'answered',
        actions: assign({
          call: ({ event }: Args) =>
            event.type === 'dial_completed'
              ? parties(event.event.data.from, event.event.data.to, event.event.external_id, event.now)
              : null,
        }),
      },
      { target: 'ended', actions: endWith('not_answered'), description: 'not answered' },
    ],
  };
}

/**
 * Checks `spec` (throwing `FlowDefinitionError`) and compiles it to its statechart.
 *
 * @example
 * const machine = compileMenuFlow({ id: 'hi', version: 1, direction: 'inbound', start: 'bye', nodes: { bye: hangup({ prompt: 'Hi, bye.' }) } });
 */
export function compileMenuFlow(spec: MenuFlowSpec): AnyStateMachine {
  checkMenuFlow(spec);
  const ctx: CompileContext = {
    flowId: spec.id,
    language: spec.language ?? DEFAULT_TTS_LANGUAGE,
    extraLanguages: new Set(spec.extraLanguages ?? []),
    callerId: spec.callerId ?? 'ours',
  };
  // TeleSign never learns an inbound flow's own cap: the flow ends the call itself when it passes.
  const ownCap = spec.direction === 'inbound' && spec.maxCallDurationSeconds !== undefined;
  const capMs = ownCap
    ? (spec.maxCallDurationSeconds as number) * 1000
    : (spec.maxCallDurationSeconds ?? MAX_CALL_DURATION_SECONDS) * 1000 + END_GRACE_MS;
  const nodes = Object.fromEntries(
    Object.entries(spec.nodes).map(([name, node]) => [name, compileNode(name, node, ctx)]),
  );
  const context: MenuContext = {
    call: null,
    data: { ...spec.data },
    noInput: 0,
    invalid: 0,
    tries: {},
    seq: 0,
    pending: null,
    end: null,
  };
  const config = {
    id: MACHINE_ID,
    context,
    initial: 'idle',
    states: {
      idle: { on: startTransitions(spec) },
      call: {
        entry: armTimer(TIMER.cap, capMs),
        initial: spec.start,
        states: {
          ...nodes,
          ...(needsHangup(spec)
            ? { [INTERNAL.hangup]: compileHangup(INTERNAL.hangup, { kind: 'hangup' }, ctx) }
            : {}),
          ...(ownCap ? compileOwnCap(spec, ctx) : {}),
          [INTERNAL.closing]: {
            entry: armTimer(TIMER.closing, END_GRACE_MS),
            on: {
              call_completed: {
                target: `#${MACHINE_ID}.ended`,
                actions: endWith('hung_up'),
                description: 'call ended',
              },
              'ivr.timeout': {
                guard: isTimer(TIMER.closing),
                target: `#${MACHINE_ID}.ended`,
                actions: endWith('hung_up'),
                description: 'no call_completed',
              },
            },
          },
        },
        on: {
          call_completed: {
            target: 'ended',
            actions: endWith('caller_hung_up'),
            description: 'caller hung up',
          },
          'ivr.timeout': ownCap
            ? ownCapTransitions(spec, ctx)
            : {
                guard: isTimer(TIMER.cap),
                target: 'ended',
                actions: endWith('max_duration'),
                description: 'call cap passed',
              },
        },
      },
      ended: { type: 'final' },
    },
    output: ({ context }: { context: MenuContext }): CallEnd => ({
      reason: context.end ?? 'hung_up',
      data: context.data,
    }),
  };
  return setup({
    types: { context: {} as MenuContext, events: {} as FlowEvent, output: {} as CallEnd },
    actions: { ...flowEffects },
  }).createMachine(config as never) as unknown as AnyStateMachine;
}
