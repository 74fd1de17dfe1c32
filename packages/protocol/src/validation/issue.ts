import type { VoiceResponseStatus } from '../responses.js';

/** What kind of problem a parser found. */
export type IssueCode =
  /** The body is not JSON. */
  | 'invalid_json'
  /** The body exceeds the size or nesting limit. */
  | 'too_large'
  /** A known field has the wrong type or value, or a required one is missing. */
  | 'invalid_shape'
  /** The `event` is not one this package knows (TeleSign may add events: accept and log these). */
  | 'unknown_event'
  /** The `method` is not a known action. */
  | 'unknown_method';

/**
 * One problem with untrusted input: where it is, what was expected, what was found.
 *
 * @example
 * // { code: 'invalid_shape', path: 'params.collect_digits.max', expected: 'an integer ≥ 1', received: '"5"',
 * //   message: 'params.collect_digits.max: expected an integer ≥ 1, got "5"' }
 */
export interface ValidationIssue {
  code: IssueCode;
  /** Dotted path to the offending value (`params.collect_digits.max`, `data[0]`); empty for the whole input. */
  path: string;
  expected: string;
  /** A short, truncated description of what was found. */
  received: string;
  /** `path: expected …, got …` — ready for a 4xx body or a log line. */
  message: string;
  /** The `/v2/voice` status string TeleSign answers this problem with, where it names one. */
  status?: VoiceResponseStatus;
  /** The input's `reference_id`, when it could be read despite the problem (for routing and logs). */
  referenceId?: string;
}

/** A parser's answer: the typed value, or the first problem found. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/**
 * Thrown by the `assert…` variants of the parsers; carries the {@link ValidationIssue}.
 *
 * @example
 * try { assertAction(body); } catch (e) { if (e instanceof ProtocolValidationError) console.log(e.issue.path); }
 */
export class ProtocolValidationError extends Error {
  override readonly name = 'ProtocolValidationError';
  constructor(readonly issue: ValidationIssue) {
    super(issue.message);
  }
}

/** Describes a value briefly for an error message: `"5"`, `3.5`, `null`, `an array`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `${JSON.stringify(shown)}${value.length > 40 ? ` (${value.length} characters)` : ''}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value === 'object' ? 'object' : typeof value}`.replace('a object', 'an object');
}

/** Builds a {@link ValidationIssue} with its message. */
export function makeIssue(
  code: IssueCode,
  path: string,
  expected: string,
  received: string,
  status?: VoiceResponseStatus,
): ValidationIssue {
  const where = path === '' ? 'body' : path;
  const issue: ValidationIssue = {
    code,
    path,
    expected,
    received,
    message: `${where}: expected ${expected}, got ${received}`,
  };
  if (status !== undefined) issue.status = status;
  return issue;
}
