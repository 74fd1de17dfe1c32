import { LIMITS } from '../ours.js';
import { describeValue, makeIssue, type ParseResult } from './issue.js';

/** Limits of {@link parseJsonBody}. */
export interface JsonLimits {
  /** Default {@link LIMITS.maxBodyBytes}. */
  maxBytes?: number;
  /** Default {@link LIMITS.maxJsonDepth}. */
  maxDepth?: number;
}

/**
 * Parses an untrusted JSON body within size and nesting limits.
 *
 * @example
 * const parsed = parseJsonBody('{"event":"incoming_call"}');
 * if (!parsed.ok) console.log(parsed.issue.message); // e.g. 'body: expected JSON, got "{oops" (Unexpected token …)'
 */
export function parseJsonBody(text: string, limits: JsonLimits = {}): ParseResult<unknown> {
  const maxBytes = limits.maxBytes ?? LIMITS.maxBodyBytes;
  // A UTF-8 byte count is at least the UTF-16 length, so only long strings need the exact count.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    return {
      ok: false,
      issue: makeIssue('too_large', '', `at most ${maxBytes} bytes`, `${utf8Length(text)} bytes`),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, issue: makeIssue('invalid_json', '', 'JSON', `${describeValue(text)}${reason}`) };
  }
  const maxDepth = limits.maxDepth ?? LIMITS.maxJsonDepth;
  if (tooDeep(value, maxDepth)) {
    return {
      ok: false,
      issue: makeIssue('too_large', '', `JSON nested at most ${maxDepth} levels deep`, 'deeper nesting'),
    };
  }
  return { ok: true, value };
}

function tooDeep(value: unknown, depthLeft: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depthLeft === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (tooDeep(item, depthLeft - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (tooDeep((value as Record<string, unknown>)[key], depthLeft - 1)) return true;
  }
  return false;
}

/** The UTF-8 length of a string, counted without encoding it (portable: no `Buffer`). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
