/**
 * Definition-time checks of a menu flow: names, targets, numbers, lookups, and the contract wherever the event a
 * node answers is known statically (the start, a failed transfer, the end of a transferred leg).
 *
 * @module
 */
import {
  type ActionMethod,
  type EventName,
  isAllowedReply,
  isWirePhoneNumber,
  LIMITS,
  MAX_CALL_DURATION_SECONDS,
} from '@ivrkit/protocol';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';
import { checkLanguages } from './check-languages.js';
import { DTMF_DIGITS } from './compile-send-dtmf.js';
import type { MenuFlowSpec } from './flow-spec.js';
import type { CollectRules, FlowNode } from './nodes.js';
import { promptMethod } from './prompt.js';

const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const OPTION_KEY = /^[0-9*#]+$/;

/** The nodes a node can lead to, with the field that names each. */
function targetsOf(node: FlowNode): Array<[field: string, target: string]> {
  const retry = (n: CollectRules) =>
    [
      ['noInput.next', n.noInput?.next],
      ['noInput.via', n.noInput?.via],
      ['invalid.next', n.invalid?.next],
      ['invalid.via', n.invalid?.via],
    ].filter((t): t is [string, string] => t[1] !== undefined);
  switch (node.kind) {
    case 'menu':
      return [
        ...Object.entries(node.options).map(([k, t]): [string, string] => [`options.${k}`, t]),
        ...retry(node),
      ];
    case 'ask':
      return [['next', node.next], ...retry(node)];
    case 'say':
      return [['next', node.next]];
    case 'lookup':
      return [
        ['next', node.next],
        ['onError', node.onError],
      ];
    case 'transfer':
      return [
        ['onFailed', node.onFailed],
        ...(node.afterLeg ? [['afterLeg', node.afterLeg] as [string, string]] : []),
      ];
    case 'choose':
      return [
        ...node.branches.map((b, i): [string, string] => [`branches[${i}].next`, b.next]),
        ['otherwise', node.otherwise],
      ];
    case 'sendDtmf':
      return [['next', node.next]];
    case 'hangup':
      return [];
  }
}

/** The methods a node may send first on entry (a lookup sends what its outcomes send, later). */
function entryMethods(spec: MenuFlowSpec, name: string, seen = new Set<string>()): Set<ActionMethod> {
  const node = spec.nodes[name];
  if (!node || seen.has(name)) return new Set();
  seen.add(name);
  switch (node.kind) {
    case 'menu':
    case 'ask':
    case 'say':
      return new Set([promptMethod(node.prompt)]);
    case 'hangup':
      return new Set([node.prompt === undefined ? 'hangup' : promptMethod(node.prompt)]);
    case 'transfer':
      return new Set(['dial']);
    case 'lookup':
      return new Set([...entryMethods(spec, node.next, seen), ...entryMethods(spec, node.onError, seen)]);
    case 'choose':
      return new Set(
        [...node.branches.map((b) => b.next), node.otherwise].flatMap((t) => [
          ...entryMethods(spec, t, seen),
        ]),
      );
    case 'sendDtmf':
      return new Set(['send_dtmf', ...entryMethods(spec, node.next, seen)]);
  }
}

function checkAnswers(spec: MenuFlowSpec, name: string, event: EventName, where: string): void {
  for (const method of entryMethods(spec, name)) {
    if (!isAllowedReply(event, method)) {
      throw new FlowDefinitionError(
        `flow "${spec.id}": ${where} node "${name}" answers "${event}" with "${method}", which the contract forbids`,
      );
    }
  }
}

function checkNode(spec: MenuFlowSpec, name: string, node: FlowNode, lookups: ReadonlySet<string>): void {
  const at = `flow "${spec.id}" node "${name}"`;
  if (!NODE_NAME.test(name))
    throw new FlowDefinitionError(`${at}: a node name is a letter, then letters, digits, _ or -`);
  for (const [field, target] of targetsOf(node)) {
    if (!(target in spec.nodes)) throw new FlowDefinitionError(`${at}.${field}: no node named "${target}"`);
  }
  if (node.kind === 'menu') {
    const keys = Object.keys(node.options);
    if (keys.length === 0) throw new FlowDefinitionError(`${at}.options: a menu needs at least one option`);
    const bad = keys.find((k) => !OPTION_KEY.test(k));
    if (bad !== undefined)
      throw new FlowDefinitionError(`${at}.options: "${bad}" is not made of 0-9, * and #`);
  }
  if (node.kind === 'ask') {
    const min = node.min ?? 1;
    if (!(Number.isInteger(node.max) && node.max >= 1 && node.max <= LIMITS.maxCollectDigits)) {
      throw new FlowDefinitionError(`${at}.max: expected 1..${LIMITS.maxCollectDigits}, got ${node.max}`);
    }
    if (!(Number.isInteger(min) && min >= 1 && min <= node.max)) {
      throw new FlowDefinitionError(`${at}.min: expected 1..${node.max}, got ${min}`);
    }
  }
  if (node.kind === 'choose') {
    if (!Array.isArray(node.branches) || node.branches.some((b) => typeof b?.when !== 'function'))
      throw new FlowDefinitionError(
        `${at}.branches: expected a list of { when: (data, call, now) => boolean, next }`,
      );
    const cycle = chooseCycle(spec, name);
    if (cycle)
      throw new FlowDefinitionError(`${at}: choose nodes lead to each other with no step between: ${cycle}`);
  }
  if (node.kind === 'sendDtmf' && typeof node.digits === 'string') checkDtmf(`${at}.digits`, node.digits);
  if (node.kind === 'lookup') {
    if (!lookups.has(node.name))
      throw new FlowDefinitionError(`${at}: no lookup named "${node.name}" in flow.lookups`);
    if (!(node.timeoutMs > 0))
      throw new FlowDefinitionError(`${at}.timeoutMs: expected > 0, got ${node.timeoutMs}`);
  }
  if (node.kind === 'transfer') {
    if (typeof node.to === 'string' && !isWirePhoneNumber(node.to)) {
      throw new FlowDefinitionError(`${at}.to: not a wire phone number: ${node.to}`);
    }
    const rule = node.callerId;
    if (rule !== undefined && rule !== 'caller' && rule !== 'ours' && !isWirePhoneNumber(rule)) {
      throw new FlowDefinitionError(
        `${at}.callerId: expected 'caller', 'ours' or a wire phone number, got ${rule}`,
      );
    }
    checkCap(`${at}.maxCallDurationSeconds`, node.maxCallDurationSeconds);
    checkDtmf(`${at}.sendDtmf`, node.sendDtmf);
    checkAnswers(spec, node.onFailed, 'dial_completed', `${at}.onFailed:`);
    if (node.afterLeg) checkAnswers(spec, node.afterLeg, 'call_leg_completed', `${at}.afterLeg:`);
  }
}

function checkDtmf(where: string, digits: string | undefined): void {
  if (digits !== undefined && !(DTMF_DIGITS.test(digits) && digits.length <= LIMITS.maxDtmfLength))
    throw new FlowDefinitionError(
      `${where}: expected 1..${LIMITS.maxDtmfLength} of 0-9 A-D * # w (a half-second pause), got ${JSON.stringify(digits)}`,
    );
}

/** Node kinds that pass the event they were entered on to their next node, unanswered. */
const PASSING = new Set(['choose', 'lookup', 'sendDtmf']);

/**
 * `sendDtmf` nodes only where `dial_completed` awaits its reply: the start of an outbound flow, or after it through
 * `choose`, `lookup` and `sendDtmf` nodes (TeleSign allows `send_dtmf` after `dial_completed` only).
 */
function checkSendDtmf(spec: MenuFlowSpec): void {
  const opening = new Set<string>();
  const walk = (name: string) => {
    const node = spec.nodes[name];
    if (!node || opening.has(name)) return;
    opening.add(name);
    if (PASSING.has(node.kind)) for (const [, target] of targetsOf(node)) walk(target);
  };
  if (spec.direction === 'outbound') walk(spec.start);
  const why = 'TeleSign allows send_dtmf only after dial_completed: put it where an outbound call starts';
  if (spec.nodes[spec.start]?.kind === 'sendDtmf' && spec.direction === 'inbound')
    throw new FlowDefinitionError(`flow "${spec.id}".start: "${spec.start}" is a sendDtmf node (${why})`);
  for (const [name, node] of Object.entries(spec.nodes)) {
    for (const [field, target] of targetsOf(node)) {
      if (spec.nodes[target]?.kind !== 'sendDtmf') continue;
      if (opening.has(name) && PASSING.has(node.kind)) continue;
      throw new FlowDefinitionError(
        `flow "${spec.id}" node "${name}".${field}: leads to sendDtmf node "${target}" (${why})`,
      );
    }
  }
}

/** A loop of `choose` nodes only (each would branch to the next forever, in one step), as `a → b → a`. */
function chooseCycle(spec: MenuFlowSpec, start: string): string | undefined {
  const walk = (name: string, trail: string[]): string | undefined => {
    const node = spec.nodes[name];
    if (node?.kind !== 'choose') return undefined;
    if (trail.includes(name)) return [...trail.slice(trail.indexOf(name)), name].join(' → ');
    for (const next of [...node.branches.map((b) => b.next), node.otherwise]) {
      const found = walk(next, [...trail, name]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, []);
}

function checkCap(where: string, cap: number | undefined): void {
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_CALL_DURATION_SECONDS)) {
    throw new FlowDefinitionError(`${where}: expected 1..${MAX_CALL_DURATION_SECONDS}, got ${cap}`);
  }
}

/**
 * Throws {@link FlowDefinitionError} for the first problem of `spec`.
 *
 * @example
 * checkMenuFlow({ id: 'x', version: 1, direction: 'outbound', start: 'agent', nodes: { agent: transfer({ to: '15550009999', onFailed: 'agent' }) } });
 * // throws: the start node answers "dial_completed" with "dial", which the contract forbids
 */
export function checkMenuFlow(spec: MenuFlowSpec): void {
  if (!(spec.start in spec.nodes))
    throw new FlowDefinitionError(`flow "${spec.id}".start: no node named "${spec.start}"`);
  const rule = spec.callerId;
  if (rule !== undefined && rule !== 'caller' && rule !== 'ours' && !isWirePhoneNumber(rule)) {
    throw new FlowDefinitionError(
      `flow "${spec.id}".callerId: expected 'caller', 'ours' or a wire phone number`,
    );
  }
  checkCap(`flow "${spec.id}".maxCallDurationSeconds`, spec.maxCallDurationSeconds);
  if (
    spec.maxCallDurationPrompt !== undefined &&
    (spec.direction !== 'inbound' || spec.maxCallDurationSeconds === undefined)
  ) {
    throw new FlowDefinitionError(
      `flow "${spec.id}".maxCallDurationPrompt: only an inbound flow with its own maxCallDurationSeconds speaks one (TeleSign ends an outbound call at its cap)`,
    );
  }
  checkLanguages(spec);
  checkSendDtmf(spec);
  const lookups = new Set(Object.keys(spec.lookups ?? {}));
  for (const [name, node] of Object.entries(spec.nodes)) checkNode(spec, name, node, lookups);
  const startEvent = spec.direction === 'inbound' ? 'incoming_call' : 'dial_completed';
  checkAnswers(spec, spec.start, startEvent, 'the start');
}
