import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that depends only on their lengths, so that a signature cannot be guessed
 * byte by byte from response times.
 *
 * @example
 * constantTimeEqual('abc', 'abc'); // true
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Compare against itself so the time spent does not reveal where the lengths differ.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
