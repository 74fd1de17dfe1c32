/**
 * How keys are laid out in Redis, for Redis Cluster: a store key `<kind>:<id>` (`call:<reference_id>`,
 * `campaign-row:<campaign>/<n>`) becomes `<prefix><kind>:{<id>}`, so its id is the **hash tag** — the part Redis
 * Cluster hashes to pick a slot — and every key of one call shares the call's slot. A key without `:` is tagged
 * whole: `<prefix>{<key>}`. Indexes that span calls (due timers, lookup leases) are split into shards, each shard's
 * keys tagged `{<index>.<shard>}`; a call belongs to shard `crc32(reference_id) mod shards`.
 *
 * @module
 */

/**
 * Checks a deployment prefix: braces would change every key's hash tag.
 *
 * @example
 * checkPrefix('ivrkit:prod:'); // 'ivrkit:prod:'
 */
export function checkPrefix(prefix: string): string {
  if (/[{}]/.test(prefix))
    throw new RangeError(`a Redis key prefix may not contain { or }: ${JSON.stringify(prefix)}`);
  return prefix;
}

/**
 * The Redis key of store key `key`.
 *
 * @example
 * redisKeyOf('ivrkit:', 'call:ABC'); // 'ivrkit:call:{ABC}'
 */
export function redisKeyOf(prefix: string, key: string): string {
  const colon = key.indexOf(':');
  const kind = colon < 0 ? undefined : key.slice(0, colon);
  if (kind === undefined || /[{}]/.test(kind)) return `${prefix}{${key}}`;
  return `${prefix}${kind}:{${key.slice(colon + 1)}}`;
}

/**
 * The store key of a Redis key made by {@link redisKeyOf}, or `undefined` for any other key.
 *
 * @example
 * storeKeyOf('ivrkit:', 'ivrkit:call:{ABC}'); // 'call:ABC'
 */
export function storeKeyOf(prefix: string, redisKey: string): string | undefined {
  if (!redisKey.startsWith(prefix) || !redisKey.endsWith('}')) return undefined;
  const rest = redisKey.slice(prefix.length, -1);
  if (rest.startsWith('{')) return rest.slice(1);
  const match = /^([^:{}]*):\{/.exec(rest);
  return match ? `${match[1]}:${rest.slice(match[0].length)}` : undefined;
}

/**
 * A `SCAN … MATCH` pattern covering every Redis key of store keys that start with `storePrefix` (and maybe a few
 * more: callers filter by {@link storeKeyOf}).
 *
 * @example
 * scanPatternOf('ivrkit:', 'call:'); // 'ivrkit:call:{*'
 */
export function scanPatternOf(prefix: string, storePrefix: string): string {
  const colon = storePrefix.indexOf(':');
  if (colon < 0 || /[{}]/.test(storePrefix.slice(0, colon))) return `${globEscape(prefix)}*`;
  const kind = storePrefix.slice(0, colon);
  return `${globEscape(`${prefix}${kind}:{${storePrefix.slice(colon + 1)}`)}*`;
}

/**
 * A key of shard `shard` of the cross-call index `name` (timers, leases): every key of one shard shares the tag
 * `{<name>.<shard>}`, so one Lua script may touch them all, even on Redis Cluster.
 *
 * @example
 * indexKey('ivrkit:', 'timers', 0, 'due'); // 'ivrkit:{timers.0}:due'
 */
export function indexKey(prefix: string, name: string, shard: number, part: string): string {
  return `${prefix}{${name}.${shard}}:${part}`;
}

/**
 * The shard (of `shards`) that holds a call's entries in the cross-call indexes.
 *
 * @example
 * shardOf('ABC', 1); // 0
 */
export function shardOf(referenceId: string, shards: number): number {
  if (shards <= 1) return 0;
  return crc32(referenceId) % shards;
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8'))
    crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
