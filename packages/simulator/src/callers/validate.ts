/**
 * Checks of callers and callee behaviours that arrive as JSON (the control API): a refusal names what is wrong,
 * so that bad input is a 400, never a broken call.
 *
 * @module
 */
import { STATUS } from '@ivrkit/protocol';

const PRESS = /^[0-9*#A-Dw]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badTime(value: unknown): boolean {
  return value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0);
}

/**
 * What is wrong with a caller script given as JSON, or `undefined` when it is usable.
 *
 * @example
 * callerScriptProblem({ rules: [{ press: '12x' }] }); // 'caller.rules[0].press: expected digits 0-9 * # A-D and w'
 */
export function callerScriptProblem(value: unknown, path = 'caller'): string | undefined {
  if (!isObject(value)) return `${path}: expected an object`;
  if (badTime(value.hangupAtMs)) return `${path}.hangupAtMs: expected milliseconds ≥ 0`;
  if (value.rules === undefined) return undefined;
  if (!Array.isArray(value.rules)) return `${path}.rules: expected an array`;
  for (const [index, rule] of value.rules.entries()) {
    const at = `${path}.rules[${index}]`;
    if (!isObject(rule)) return `${at}: expected an object`;
    if (
      rule.press !== undefined &&
      (typeof rule.press !== 'string' || !PRESS.test(rule.press) || rule.press.length > 128)
    ) {
      return `${at}.press: expected digits 0-9 * # A-D and w`;
    }
    for (const key of ['afterMs', 'digitGapMs', 'hangupAfterMs'] as const) {
      if (badTime(rule[key])) return `${at}.${key}: expected milliseconds ≥ 0`;
    }
    if (rule.prompt !== undefined && (!Number.isInteger(rule.prompt) || (rule.prompt as number) < 1)) {
      return `${at}.prompt: expected an integer ≥ 1`;
    }
    for (const key of ['says', 'url'] as const) {
      if (rule[key] !== undefined && typeof rule[key] !== 'string') return `${at}.${key}: expected a string`;
    }
  }
  return undefined;
}

/**
 * What is wrong with a callee behaviour given as JSON, or `undefined` when it is usable.
 *
 * @example
 * calleeProblem({ outcome: 'maybe' }); // 'outcome: expected one of answered, no_answer, busy, failed'
 */
export function calleeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'expected an object';
  const outcomes = Object.values(STATUS.dial) as string[];
  if (value.outcome !== undefined && !outcomes.includes(value.outcome as string)) {
    return `outcome: expected one of ${outcomes.join(', ')}`;
  }
  if (badTime(value.ringMs)) return 'ringMs: expected milliseconds ≥ 0';
  if (value.caller !== undefined) return callerScriptProblem(value.caller);
  if (value.faults !== undefined) return faultsProblem(value.faults);
  return undefined;
}

const PROBABILITY_FAULTS = [
  'duplicate',
  'reorder',
  'lose',
  'failEventUrl',
  'voiceServerError',
  'voiceRateLimited',
  'socketDisconnect',
  'recordingDeleteFailure',
] as const;
const RANGE_FAULTS = ['delay', 'slowEventUrl'] as const;
/** `[sim]` The longest delay a fault may add: one day, in milliseconds. */
const MAX_FAULT_MS = 86_400_000;

function badProbability(value: unknown): boolean {
  return typeof value !== 'number' || !(value >= 0 && value <= 1);
}

/**
 * What is wrong with fault options given as JSON (`FaultOptions`), or `undefined` when they are usable: every
 * probability a number from 0 to 1, every range `{ probability, minMs, maxMs }` with 0 ≤ minMs ≤ maxMs ≤ one day,
 * no unknown names.
 *
 * @example
 * faultsProblem({ delay: null }); // 'faults.delay: expected { probability, minMs, maxMs }'
 */
export function faultsProblem(value: unknown, path = 'faults'): string | undefined {
  if (!isObject(value)) return `${path}: expected an object`;
  for (const [name, field] of Object.entries(value)) {
    const at = `${path}.${name}`;
    if ((PROBABILITY_FAULTS as readonly string[]).includes(name)) {
      if (badProbability(field)) return `${at}: expected a probability from 0 to 1`;
    } else if ((RANGE_FAULTS as readonly string[]).includes(name)) {
      if (!isObject(field)) return `${at}: expected { probability, minMs, maxMs }`;
      if (badProbability(field.probability)) return `${at}.probability: expected a probability from 0 to 1`;
      for (const key of ['minMs', 'maxMs'] as const) {
        const ms = field[key];
        if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_FAULT_MS))
          return `${at}.${key}: expected milliseconds from 0 to ${MAX_FAULT_MS}`;
      }
      if ((field.minMs as number) > (field.maxMs as number)) return `${at}: expected minMs ≤ maxMs`;
    } else if (name === 'failFirstAttempts') {
      if (!Number.isInteger(field) || (field as number) < 0 || (field as number) > 100)
        return `${at}: expected an integer from 0 to 100`;
    } else {
      return `${at}: no such fault (expected one of ${[...PROBABILITY_FAULTS, ...RANGE_FAULTS, 'failFirstAttempts'].join(', ')})`;
    }
  }
  return undefined;
}
