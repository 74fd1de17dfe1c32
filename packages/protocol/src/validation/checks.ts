/**
 * The field checks the parsers are built from.
 *
 * Why hand-written rather than a schema library: this runs on every webhook, the wire format is small and fixed,
 * and hand-written checks over the parsed object allocate nothing on success (the input object is returned as
 * the typed value, so unknown extra fields survive untouched), never compile code at run time (no `new Function`,
 * so they run under strict CSPs and in edge runtimes), and add no dependency to a package the browser page
 * loads too. A failure throws a private {@link Invalid} that the parser entry points turn into a result; the
 * success path never throws. `pnpm --filter @ivrkit/protocol bench` prints the cost beside bare `JSON.parse`.
 *
 * @module
 */
import type { VoiceResponseStatus } from '../responses.js';
import { describeValue, type IssueCode, makeIssue, type ValidationIssue } from './issue.js';

/** Internal: the one exception the checks throw; caught by the parser entry points. */
export class Invalid {
  constructor(readonly issue: ValidationIssue) {}
}

/** Throws {@link Invalid} for `value` at `path`. */
export function fail(
  path: string,
  expected: string,
  value: unknown,
  status?: VoiceResponseStatus,
  code: IssueCode = 'invalid_shape',
): never {
  throw new Invalid(makeIssue(code, path, expected, describeValue(value), status));
}

/** Joins a path segment. */
export function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A plain object (not null, not an array). */
export function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Record<string, unknown>;
}

/** Limits of {@link string}. */
export interface StringRule {
  /** Default 1: empty strings are refused unless `min: 0`. */
  min?: number;
  max: number;
  pattern?: RegExp;
  /** How the pattern reads in an error: "digits 0-9 * #". */
  patternName?: string;
  status?: VoiceResponseStatus;
}

/** A string within the rule's length and pattern. */
export function string(value: unknown, path: string, rule: StringRule): string {
  const min = rule.min ?? 1;
  const shape = rule.patternName ?? (min > 0 ? 'a non-empty string' : 'a string');
  if (typeof value !== 'string') fail(path, shape, value, rule.status);
  if (value.length < min) fail(path, shape, value, rule.status);
  if (value.length > rule.max) fail(path, `${shape} of at most ${rule.max} characters`, value, rule.status);
  if (rule.pattern && !rule.pattern.test(value)) fail(path, shape, value, rule.status);
  return value;
}

/** An integer in `[min, max]`. */
export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(
      path,
      max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`,
      value,
    );
  }
  return value;
}

/** One of the listed strings. */
export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
  }
  return value as T;
}

/** A boolean. */
export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

/** Runs `check` on a present field, skips an absent one (`undefined`). */
export function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}
