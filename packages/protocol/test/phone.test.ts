import { isWirePhoneNumber, normalizePhoneNumber, PhoneNumberError } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';

describe('isWirePhoneNumber', () => {
  it.each(['15555551212', '447911123456', '8613800138000'])('accepts %s', (n) =>
    expect(isWirePhoneNumber(n)).toBe(true),
  );
  it.each(['+15555551212', '1 555 555 1212', '05555551212', '123456', '1234567890123456', '', 15555551212])(
    'refuses %s',
    (n) => expect(isWirePhoneNumber(n)).toBe(false),
  );
});

describe('normalizePhoneNumber', () => {
  it.each([
    ['+1 (555) 555-1212', {}, '15555551212'],
    ['15555551212', {}, '15555551212'],
    ['1.555.555.1212', { defaultCountryCode: '1' }, '15555551212'],
    ['001 555 555 1212', {}, '15555551212'],
    ['+44 7911 123456', {}, '447911123456'],
    ['(555) 555-1212', { defaultCountryCode: '1' }, '15555551212'],
    ['555 555 1212', { defaultCountryCode: '+1' }, '15555551212'],
    ['07911 123456', { defaultCountryCode: '44' }, '447911123456'],
  ])('%s → wire form', (input, options, expected) => {
    expect(normalizePhoneNumber(input, options)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['call me', /contains "c"/],
    ['555-1212', /no country code/],
    ['(555) 555-1212', /no country code/],
    ['+1 555', /at least 7/],
    ['0123456789', /cannot start with 0/],
    ['+1 555 555 1212 ext 22', /extensions/],
    ['1+555', /"\+" may only start/],
    ['+1234567890123456', /at most 15/],
  ])('%s is refused with a reason', (input, reason) => {
    expect(() => normalizePhoneNumber(input)).toThrow(PhoneNumberError);
    expect(() => normalizePhoneNumber(input)).toThrow(reason);
  });
});
