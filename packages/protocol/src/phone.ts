/**
 * Phone numbers as TeleSign's wire carries them: country code and digits only (`15555551212`), and a helper that
 * turns what people type into that.
 *
 * @module
 */

/** E.164 without the `+`: a country code that does not start with 0, then digits; 7 to 15 digits in all. */
const WIRE_PHONE_NUMBER = /^[1-9][0-9]{6,14}$/;

/**
 * Whether `value` is a phone number in wire form: digits only, with country code, 7–15 digits.
 *
 * @example
 * isWirePhoneNumber('15555551212'); // true
 * isWirePhoneNumber('+1 555 555 1212'); // false: normalise it first
 */
export function isWirePhoneNumber(value: unknown): value is string {
  return typeof value === 'string' && WIRE_PHONE_NUMBER.test(value);
}

/** Thrown by {@link normalizePhoneNumber} when the input cannot be read as a phone number. */
export class PhoneNumberError extends Error {
  override readonly name = 'PhoneNumberError';
  constructor(
    /** What was given. */
    readonly input: string,
    reason: string,
  ) {
    super(`"${input.length > 40 ? `${input.slice(0, 40)}…` : input}" is not a phone number: ${reason}`);
  }
}

/** Options of {@link normalizePhoneNumber}. */
export interface NormalizePhoneOptions {
  /**
   * Country calling code added to a national number written without one (`'1'` for North America). Without it,
   * a number must carry its country code (`+1 …`, `001 …` or the bare digits).
   */
  defaultCountryCode?: string;
  /** National numbers' length for {@link defaultCountryCode}; default 10 (North America). */
  nationalLength?: number;
}

/**
 * Turns a number as people write it (`+1 (555) 555-1212`, `001 555 555 1212`, `555.555.1212` with a default
 * country code) into wire form (`15555551212`), or throws {@link PhoneNumberError} saying why it cannot.
 *
 * @example
 * normalizePhoneNumber('+1 (555) 555-1212'); // '15555551212'
 * normalizePhoneNumber('555-555-1212', { defaultCountryCode: '1' }); // '15555551212'
 */
export function normalizePhoneNumber(input: string, options: NormalizePhoneOptions = {}): string {
  if (typeof input !== 'string') throw new PhoneNumberError(String(input), 'expected a string');
  const trimmed = input.trim();
  if (trimmed === '') throw new PhoneNumberError(input, 'it is empty');
  if (/(?:ext\.?|x)\s*\d+$/i.test(trimmed)) {
    throw new PhoneNumberError(
      input,
      'extensions cannot be dialled; send them with send_dtmf after the call connects',
    );
  }
  if (/[^0-9+\s().\-/]/.test(trimmed)) {
    const bad = trimmed.match(/[^0-9+\s().\-/]/)?.[0] ?? '';
    throw new PhoneNumberError(
      input,
      `it contains "${bad}"; only digits, spaces, + ( ) . - / are understood`,
    );
  }
  const plus = trimmed.startsWith('+');
  if (trimmed.lastIndexOf('+') > 0) throw new PhoneNumberError(input, '"+" may only start the number');
  let digits = trimmed.replace(/[^0-9]/g, '');
  let international = plus;
  if (!plus && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (!international && options.defaultCountryCode !== undefined) {
    const national = options.nationalLength ?? 10;
    const code = options.defaultCountryCode.replace(/^\+/, '');
    if (!/^[1-9][0-9]{0,2}$/.test(code)) {
      throw new PhoneNumberError(
        input,
        `the default country code "${options.defaultCountryCode}" is not 1–3 digits`,
      );
    }
    const nationalDigits = digits.replace(/^0/, '');
    const alreadyPrefixed = digits.length === code.length + national && digits.startsWith(code);
    if (!alreadyPrefixed && nationalDigits.length === national) digits = code + nationalDigits;
    else if (!alreadyPrefixed) {
      throw new PhoneNumberError(
        input,
        `a national number should have ${national} digits; it has ${nationalDigits.length}`,
      );
    }
  } else if (!international && digits !== trimmed) {
    // Formatted input without "+" or "00" is ambiguous: "(555) 555-1212" would otherwise become a Brazilian number.
    throw new PhoneNumberError(
      input,
      'it has no country code; write it as +<country code> <number>, or pass defaultCountryCode',
    );
  }
  if (digits.startsWith('0')) {
    throw new PhoneNumberError(
      input,
      'a country code cannot start with 0; write it as +<country code> <number>',
    );
  }
  if (digits.length < 7)
    throw new PhoneNumberError(input, `it has ${digits.length} digits; at least 7 are needed`);
  if (digits.length > 15)
    throw new PhoneNumberError(input, `it has ${digits.length} digits; at most 15 are allowed`);
  return digits;
}
