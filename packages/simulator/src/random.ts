/**
 * A small seeded PRNG (mulberry32) so every random choice — reference ids, faults, number inventory — replays
 * exactly from a seed.
 *
 * @module
 */

/**
 * A seeded source of randomness.
 *
 * @example
 * const random: Random = createRandom('run-7');
 * random.chance(0.5);
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** `true` with probability `p` (0 → never, 1 → always; no draw is taken for those two). */
  chance(p: number): boolean;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `length` lower-case hex characters. */
  hex(length: number): string;
  /** A new generator seeded from this one and `label`, independent of later draws here. */
  fork(label: string): Random;
}

/**
 * Creates a {@link Random} from a numeric or string seed.
 *
 * @example
 * const random = createRandom(42);
 * random.hex(32); // the same 32 hex characters on every run
 */
export function createRandom(seed: number | string): Random {
  let state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    chance: (p) => (p <= 0 ? false : p >= 1 ? true : next() < p),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex(length) {
      let out = '';
      while (out.length < length)
        out += Math.floor(next() * 0x100000000)
          .toString(16)
          .padStart(8, '0');
      return out.slice(0, length);
    },
    fork: (label) => createRandom(hashString(`${state}:${label}`)),
  };
  return random;
}

/**
 * FNV-1a: a string to a 32-bit seed.
 *
 * @example
 * createRandom(hashString('my-test')); // the same as createRandom('my-test')
 */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
