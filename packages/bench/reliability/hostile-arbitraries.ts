/**
 * fast-check arbitraries for hostile HTTP input: malformed and deeply nested JSON, huge bodies, wrong types, odd
 * unicode, missing fields (valid events and actions with parts removed or replaced), and every way a signature
 * can be wrong: forged, for another customer, malformed, replayed (valid for another body), stale (an old `Date`),
 * a reused nonce, missing.
 *
 * @module
 */
import { LIMITS } from '@ivrkit/protocol';
import { voiceActionArb, voiceEventArb } from '@ivrkit/protocol/testing';
import fc from 'fast-check';

/** Strings a parser rarely sees: lone surrogates, BOMs, NULs, RTL marks, emoji, combining marks. */
export const oddStringArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom(
        '\ud800',
        '\udfff',
        '\ufeff',
        '\u0000',
        '\u202e',
        '\u{1f4de}',
        'e\u0301',
        '\\u0000',
        '\u2028',
      ),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Any JSON value, with odd strings in it. */
const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddStringArb,
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}),
);

/** A valid object with one field removed, retyped or replaced by odd text, at any depth. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      paths.push([...path, key]);
      walk(child, [...path, key]);
    }
  };
  walk(value, []);
  if (paths.length === 0) return fc.constant(value);
  return fc
    .tuple(fc.constantFrom(...paths), fc.oneof(fc.constant(undefined), jsonValueArb))
    .map(([path, replacement]) => {
      const copy = structuredClone(value) as Record<string, unknown>;
      let node = copy;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
      const last = path.at(-1) as string;
      if (replacement === undefined) delete node[last];
      else node[last] = replacement;
      return copy;
    });
}

/** A body: text or bytes. */
export const hostileBodyArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: voiceEventArb()
      .chain(mutate)
      .map((v) => JSON.stringify(v)),
  },
  { weight: 5, arbitrary: voiceEventArb().map((v) => JSON.stringify(v)) },
  {
    weight: 2,
    arbitrary: voiceActionArb()
      .chain(mutate)
      .map((v) => JSON.stringify(v)),
  },
  { weight: 2, arbitrary: jsonValueArb.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: oddStringArb },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 30, max: 200_000 }), fc.constantFrom('[', '{"a":', '[{"b":'), fc.boolean())
      .map(([depth, open, closed]) => {
        const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
        return open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '');
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: LIMITS.maxBodyBytes - 64, max: 3 * LIMITS.maxBodyBytes })
      .map((size) => `{"event":"incoming_call","reference_id":"x","data":{"pad":"${'a'.repeat(size)}"}}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '{',
      '}',
      '[]',
      '{}',
      'null',
      '"event"',
      '{"event":null}',
      '\u0000',
      '{"event":"incoming_call"',
    ),
  },
);

/** How a request is signed (or not). */
export type SignatureKind =
  | 'valid'
  | 'forged'
  | 'other-customer'
  | 'malformed'
  | 'replayed'
  | 'x-ts-only-valid'
  | 'x-ts-forged'
  | 'mismatched-pair'
  | 'missing';

/** Every {@link SignatureKind}. */
export const signatureKindArb: fc.Arbitrary<SignatureKind> = fc.constantFrom(
  'valid',
  'valid',
  'forged',
  'other-customer',
  'malformed',
  'replayed',
  'x-ts-only-valid',
  'x-ts-forged',
  'mismatched-pair',
  'missing',
);

/** A Content-Type header value, or none. */
export const contentTypeArb: fc.Arbitrary<string | undefined> = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '*/*',
  '',
  undefined,
);

/** A header value that `Headers` accepts but nothing expects. */
export const junkHeaderValueArb: fc.Arbitrary<string> = fc
  .string({ unit: 'binary-ascii', maxLength: 60 })
  .map((s) => s.replace(/[\r\n\0]/g, ' ').trim());
