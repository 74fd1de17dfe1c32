import { describe, expect, it } from 'vitest';
import { numberFlag, parseFlags, portFlag, pressGroups } from '../src/args.js';
import { UsageError } from '../src/command.js';

describe('flags', () => {
  it('splits --press into digit groups and refuses other characters', () => {
    expect(pressGroups('1, 12345678 ,2')).toEqual(['1', '12345678', '2']);
    expect(pressGroups('*#,AwD')).toEqual(['*#', 'AwD']);
    expect(pressGroups(undefined)).toEqual([]);
    expect(() => pressGroups('1,x')).toThrow(UsageError);
    expect(() => pressGroups('1,,2')).toThrow(UsageError);
  });

  it('reads numbers and ports within bounds', () => {
    expect(numberFlag('--speed', undefined, 10)).toBe(10);
    expect(numberFlag('--speed', '2.5', 10, { min: 0.1 })).toBe(2.5);
    expect(() => numberFlag('--speed', '0', 10, { min: 0.1 })).toThrow(/--speed: expected a number 0.1-/);
    expect(() => numberFlag('--n', '1.5', 1, { integer: true })).toThrow(UsageError);
    expect(() => numberFlag('--n', '', 1)).toThrow(UsageError);
    expect(portFlag('--port', '0', 8080)).toBe(0);
    expect(() => portFlag('--port', '70000', 8080)).toThrow(UsageError);
  });

  it('turns parse errors into usage errors', () => {
    expect(parseFlags(['--once'], { once: { type: 'boolean' } }).values.once).toBe(true);
    expect(() => parseFlags(['--nope'], { once: { type: 'boolean' } })).toThrow(UsageError);
  });
});
