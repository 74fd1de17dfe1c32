/**
 * A campaign remembers which list it was started with, so that re-running its id with another list is refused
 * instead of silently resuming the old one and ignoring the new.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { CampaignNumber } from './campaign.js';

/**
 * SHA-256 of a list's numbers, `external_id`s and tags, in order (hex).
 *
 * @example
 * numberListFingerprint(['15555550100']) === numberListFingerprint([{ number: '15555550100' }]); // true
 */
export function numberListFingerprint(numbers: readonly CampaignNumber[]): string {
  const hash = createHash('sha256');
  for (const item of numbers) {
    const entry = typeof item === 'string' ? { number: item } : item;
    const tags = Object.entries(entry.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    hash.update(JSON.stringify([entry.number, entry.externalId ?? null, tags]));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/**
 * A campaign id re-run with a number list other than the one it was started with.
 *
 * @example
 * try { await campaign.run(); } catch (e) { if (e instanceof CampaignListMismatchError) console.error(e.message); }
 */
export class CampaignListMismatchError extends Error {
  override readonly name = 'CampaignListMismatchError';
  constructor(
    readonly campaignId: string,
    readonly storedRows: number,
    readonly givenRows: number,
  ) {
    super(
      `campaign "${campaignId}" was started with a different number list (${storedRows} numbers; this one has ` +
        `${givenRows}): re-run it with its original list to resume it, or give the new list another campaign id`,
    );
  }
}
