/**
 * How a campaign lives in the store: one small header (`campaign:<id>`) and one key per row
 * (`campaign-row:<id>/<index>`), each written compare-and-set on its own version. A row transition writes that
 * row alone, so the cost of a dial does not grow with the length of the list. Several runners of one campaign (on a
 * shared store) claim rows by those compare-and-set writes: a write that finds the row changed by another runner
 * fails with {@link CampaignRowConflictError}, and the runner reads the row again.
 *
 * @module
 */
import type { Json, Store } from '../store/store.js';
import type { CallOutcome } from './report.js';

/** The format tag of a stored campaign header. */
export const CAMPAIGN_FORMAT = 'ivrkit.campaign/2';

/** One number of the campaign, as stored. */
export interface CampaignRow {
  index: number;
  number: string;
  tags: Record<string, string>;
  status: 'pending' | 'dialing' | 'in_flight' | 'done';
  attempts: number;
  next_at: number;
  reference_id: string | null;
  dialed_at: number | null;
  outcome: CallOutcome | null;
  digits: string[];
  duration: number;
  detail: string | null;
  external_id: string | null;
  /** Every call placed for this row. */
  references: string[];
  /** When a runner claimed the row to dial it (absent in rows stored before several runners could share one). */
  claimed_at?: number | null;
}

/**
 * A write of a campaign key found it changed by another runner of the same campaign.
 *
 * @example
 * if (error instanceof CampaignRowConflictError) await ledger.loadRow(index);
 */
export class CampaignRowConflictError extends Error {
  override readonly name = 'CampaignRowConflictError';
  constructor(
    readonly campaign: string,
    readonly key: string,
    readonly version: number,
  ) {
    super(`campaign ${campaign} was changed by another runner (${key}, version ${version})`);
  }
}

/** The campaign as a whole, as stored; written last when a campaign is created, so it marks a complete list. */
export interface CampaignHeader {
  format: typeof CAMPAIGN_FORMAT;
  id: string;
  started_at: number;
  finished_at: number | null;
  /** How many rows: keys `0 … rows - 1`. */
  rows: number;
  /** The number list's fingerprint (`numberListFingerprint`); absent in campaigns stored before it existed. */
  numbers_sha256?: string;
}

/**
 * The store key of a campaign's header.
 *
 * @example
 * campaignKey('flu-shots'); // 'campaign:flu-shots'
 */
export function campaignKey(id: string): string {
  return `campaign:${id}`;
}

/**
 * The store key of one row (the index is the last `/` segment, so any campaign id is safe).
 *
 * @example
 * campaignRowKey('flu-shots', 7); // 'campaign-row:flu-shots/7'
 */
export function campaignRowKey(id: string, index: number): string {
  return `campaign-row:${id}/${index}`;
}

/**
 * Reads and writes one campaign's header and rows. Writes of one key are serialised; a write that finds the key
 * changed by someone else (another runner of the same campaign) rejects.
 *
 * @example
 * const ledger = createCampaignLedger(store, 'flu-shots');
 * const found = await ledger.load();
 */
export interface CampaignLedger {
  /** The stored campaign, or `undefined` when it was never completely created. */
  load(): Promise<{ header: CampaignHeader; rows: CampaignRow[] } | undefined>;
  /** Stores a new campaign: every row, then the header. Rows left by an interrupted creation are overwritten. */
  create(header: CampaignHeader, rows: readonly CampaignRow[]): Promise<void>;
  /** Stores a row as it is when its write starts; resolves once that state (or a later one) is stored. */
  saveRow(row: CampaignRow): Promise<void>;
  /** The row as stored now (another runner may have changed it); later writes start from its version. */
  loadRow(index: number): Promise<CampaignRow | undefined>;
  /** Stores the header. */
  saveHeader(header: CampaignHeader): Promise<void>;
}

/** Rows written (or read) at once while creating (or loading) a campaign. */
const BATCH = 256;

/**
 * Creates the ledger of campaign `id` on `store`.
 *
 * @example
 * const ledger = createCampaignLedger(createMemoryStore(), 'alerts');
 */
export function createCampaignLedger(store: Store, id: string): CampaignLedger {
  const versions = new Map<string, number>();
  /** Per key: the write in progress, and the one waiting to start (which callers in the meantime share). */
  const chains = new Map<string, { running: Promise<void>; queued: Promise<void> | undefined }>();

  const write = async (key: string, value: () => Json): Promise<void> => {
    const result = await store.compareAndSet(key, value(), versions.get(key) ?? 0);
    if (!result.ok) throw new CampaignRowConflictError(id, key, result.version);
    versions.set(key, result.version);
  };

  /** Serialised, coalescing writes of one key: each caller resumes once a write that started after its call ends. */
  const save = (key: string, value: () => Json): Promise<void> => {
    const chain = chains.get(key) ?? { running: Promise.resolve(), queued: undefined };
    chains.set(key, chain);
    if (chain.queued) return chain.queued;
    const next = chain.running
      .catch(() => {})
      .then(() => {
        chain.queued = undefined;
        return write(key, value);
      });
    chain.queued = next;
    chain.running = next;
    return next;
  };

  return {
    async load() {
      const found = await store.get<Json>(campaignKey(id));
      if (!found) return undefined;
      const header = found.value as unknown as CampaignHeader;
      if (header.format !== CAMPAIGN_FORMAT) {
        throw new Error(
          `campaign ${id}: stored as ${JSON.stringify(header.format)}, expected ${CAMPAIGN_FORMAT}`,
        );
      }
      versions.set(campaignKey(id), found.version);
      const rows: CampaignRow[] = [];
      for (let start = 0; start < header.rows; start += BATCH) {
        const indexes = Array.from({ length: Math.min(BATCH, header.rows - start) }, (_, i) => start + i);
        const entries = await Promise.all(indexes.map((index) => store.get<Json>(campaignRowKey(id, index))));
        entries.forEach((entry, i) => {
          const key = campaignRowKey(id, start + i);
          if (!entry) throw new Error(`campaign ${id}: row ${start + i} is missing from the store (${key})`);
          versions.set(key, entry.version);
          rows.push(entry.value as unknown as CampaignRow);
        });
      }
      return { header, rows };
    },
    async create(header, rows) {
      for (let start = 0; start < rows.length; start += BATCH) {
        await Promise.all(
          rows.slice(start, start + BATCH).map(async (row) => {
            const key = campaignRowKey(id, row.index);
            const left = await store.get<Json>(key);
            if (left) versions.set(key, left.version);
            await write(key, () => row as unknown as Json);
          }),
        );
      }
      await write(campaignKey(id), () => header as unknown as Json);
    },
    saveRow(row) {
      return save(campaignRowKey(id, row.index), () => row as unknown as Json);
    },
    async loadRow(index) {
      const key = campaignRowKey(id, index);
      const entry = await store.get<Json>(key);
      if (!entry) return undefined;
      versions.set(key, entry.version);
      return entry.value as unknown as CampaignRow;
    },
    saveHeader(header) {
      return save(campaignKey(id), () => header as unknown as Json);
    },
  };
}
