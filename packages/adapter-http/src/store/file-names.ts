/**
 * The file store's file names: one per key, safe (no `/`, no `..`, no leading dot) and within file-system limits
 * for any key. A short key's name is the key percent-encoded, so the key is read back from the name; a key whose
 * encoding would pass {@link MAX_ENCODED_NAME_BYTES} gets a name made of a readable prefix and a hash, and its key
 * is read back from the record, which holds it.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** Names of records whose key is in the name. */
export const PLAIN_PREFIX = 'k_';
/** Names of records whose key is hashed (read it from the record). */
export const HASHED_PREFIX = 'h_';
/** Every record's suffix. */
export const SUFFIX = '.json';
/**
 * The longest name kept plain, in bytes: 255 is the usual file-name limit; the rest leaves room for the suffix
 * and for a temporary file's `.tmp-<pid>-<random>`.
 */
export const MAX_ENCODED_NAME_BYTES = 200;
const READABLE_PREFIX_BYTES = 80;

function encode(key: string): string {
  return encodeURIComponent(key).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

/**
 * The file name of a key.
 *
 * @example
 * fileNameOf('call:ABC'); // 'k_call%3AABC.json'
 * fileNameOf(`call:${'é'.repeat(100)}`); // 'h_call%3A%C3%A9…-3f9a….json'
 */
export function fileNameOf(key: string): string {
  let encoded: string;
  try {
    encoded = encode(key);
  } catch {
    encoded = ''; // A lone surrogate: nothing readable, the hash names it.
  }
  if (encoded === '' && key !== '') return hashedName('', key);
  if (encoded.length <= MAX_ENCODED_NAME_BYTES) return PLAIN_PREFIX + encoded + SUFFIX;
  // Cut the readable part at an escape's start, never inside one.
  return hashedName(encoded.slice(0, READABLE_PREFIX_BYTES).replace(/%[0-9A-F]?$/, ''), key);
}

function hashedName(readable: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return `${HASHED_PREFIX}${readable}-${hash}${SUFFIX}`;
}

/**
 * What a record's file name says of its key: the key (plain names), `'hashed'` (read the key from the record), or
 * `undefined` when the name is not a record's or cannot be decoded (a bad `%` escape).
 *
 * @example
 * keyOfFileName('k_call%3AABC.json'); // 'call:ABC'
 * keyOfFileName('k_call%zz.json'); // undefined
 */
export function keyOfFileName(name: string): string | 'hashed' | undefined {
  if (!name.endsWith(SUFFIX)) return undefined;
  if (name.startsWith(HASHED_PREFIX)) return 'hashed';
  if (!name.startsWith(PLAIN_PREFIX)) return undefined;
  try {
    return decodeURIComponent(name.slice(PLAIN_PREFIX.length, -SUFFIX.length));
  } catch {
    return undefined;
  }
}

/**
 * Whether a name is a record's (plain or hashed), decodable or not.
 *
 * @example
 * isRecordFileName('LOCK'); // false
 */
export function isRecordFileName(name: string): boolean {
  return (
    name.endsWith(SUFFIX) &&
    !name.includes('.tmp-') &&
    (name.startsWith(PLAIN_PREFIX) || name.startsWith(HASHED_PREFIX))
  );
}
