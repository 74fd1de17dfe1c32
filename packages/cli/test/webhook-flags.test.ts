import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/command.js';
import { webhookOptions } from '../src/webhook-flags.js';

describe('the flags of serve and campaign', () => {
  it('reads --recovery-margin as whole milliseconds, absent unless given', () => {
    expect(webhookOptions({}, 8080).recoveryMarginMs).toBeUndefined();
    expect(webhookOptions({ 'recovery-margin': '5000' }, 8080).recoveryMarginMs).toBe(5_000);
    expect(webhookOptions({ 'recovery-margin': '0' }, 8080).recoveryMarginMs).toBe(0);
    expect(() => webhookOptions({ 'recovery-margin': '-1' }, 8080)).toThrow(UsageError);
    expect(() => webhookOptions({ 'recovery-margin': '2.5' }, 8080)).toThrow(
      /--recovery-margin: expected an integer/,
    );
    expect(() => webhookOptions({ 'recovery-margin': '5s' }, 8080)).toThrow(UsageError);
  });
});
