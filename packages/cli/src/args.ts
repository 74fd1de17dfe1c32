/**
 * Flag parsing for the commands: `node:util`'s `parseArgs`, with its errors turned into {@link UsageError}s and
 * small checked readers for numbers and ports.
 *
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command.js';

/**
 * Parses `args` strictly; an unknown flag or a missing value is a {@link UsageError}.
 *
 * @example
 * const { values, positionals } = parseFlags(args, { once: { type: 'boolean' } });
 */
export function parseFlags<const T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true }) as ReturnType<
      typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
    >;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Reads a number flag: `fallback` when absent, a {@link UsageError} when not a number within `[min, max]`.
 *
 * @example
 * numberFlag('--speed', values.speed, 10, { min: 0.1, max: 1000 });
 */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const min = range.min ?? Number.NEGATIVE_INFINITY;
  const max = range.max ?? Number.POSITIVE_INFINITY;
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (range.integer && !Number.isInteger(n))
  ) {
    const bounds = `${Number.isFinite(min) ? min : ''}-${Number.isFinite(max) ? max : ''}`;
    throw new UsageError(
      `${name}: expected ${range.integer ? 'an integer' : 'a number'} ${bounds}, got ${value}`,
    );
  }
  return n;
}

/**
 * Reads a port flag (0 picks a free port).
 *
 * @example
 * portFlag('--port', values.port, 0);
 */
export function portFlag(name: string, value: string | undefined, fallback: number): number {
  return numberFlag(name, value, fallback, { min: 0, max: 65_535, integer: true });
}

/**
 * Splits `--press 1,12345678,2` into digit groups, checking each is `0-9 * # A-D` (and `w` pauses).
 *
 * @example
 * pressGroups('1, 12345678 ,2'); // ['1', '12345678', '2']
 */
export function pressGroups(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const groups = value.split(',').map((group) => group.trim());
  for (const group of groups) {
    if (!/^[0-9*#A-Dw]+$/.test(group)) throw new UsageError(`--press: "${group}" is not digits 0-9 * # A-D`);
  }
  return groups;
}
