/**
 * Outbound campaigns (mass alerts, reminders, surveys): a list of numbers run through a flow under a
 * calls-per-second limit (a {@link TokenBucket}) and a cap on calls in flight, with busy / no-answer retries and
 * backoff, 429 handling, progress notices, a final report — and every decision persisted in the store before it is
 * acted on, so a crashed campaign resumes where it stopped without calling anyone twice.
 *
 * Each dial carries `external_id = <campaign>:<row>:<attempt>`. A row caught between "about to dial" and "dialled"
 * by a crash (or a dial that failed in a way that may have placed the call) is settled from the Call Query API by
 * that id: adopted when the call exists, otherwise reported as `error` — never dialled blindly again.
 *
 * Several runners may run one campaign over a shared store (Redis): each claims a row by a compare-and-set write of
 * its `dialing` state before dialling, so no two runners dial one number; a runner that loses a write reads the row
 * again. With a shared {@link CampaignPacer} (`createRedisPacer` of `@ivrkit/redis`), the calls-per-second limit
 * holds for all runners together.
 *
 * @module
 */
import { isWirePhoneNumber } from '@ivrkit/protocol';
import type { TeleSignClient } from '../client/client.js';
import { parseRetryAfter } from '../client/retry.js';
import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import { isHttpError } from '../errors/index.js';
import type { CallRecord } from '../runtime/call-record.js';
import type { CallRuntime } from '../runtime/call-runtime.js';
import { type Logger, redacting, silentLogger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import {
  CAMPAIGN_FORMAT,
  type CampaignHeader,
  type CampaignRow,
  CampaignRowConflictError,
  createCampaignLedger,
} from './campaign-ledger.js';
import { CampaignListMismatchError, numberListFingerprint } from './number-list-fingerprint.js';
import { type CallOutcome, type CampaignReport, type CampaignReportRow, totalsOf } from './report.js';
import { createTokenBucket } from './token-bucket.js';

/**
 * One number to call, with tags carried into the report and, optionally, the `external_id` its calls carry (the
 * flow can read it: an appointment id, say). Default `external_id`: `<campaign>:<row>:<attempt>`.
 *
 * @example
 * const row: CampaignNumber = { number: '15555550100', externalId: 'appt-1', tags: { name: 'Ada' } };
 */
export type CampaignNumber = string | { number: string; tags?: Record<string, string>; externalId?: string };

/**
 * Options of {@link createCampaign}.
 *
 * @example
 * const options: CampaignOptions = { id: 'alerts', numbers, callerId: '15555551212', cps: 5, concurrency: 20, runtime: app.runtime, client, store };
 */
export interface CampaignOptions {
  /**
   * Stable id: names the store keys (`campaign:<id>`, and `campaign-row:<id>/<n>` per row) and prefixes the
   * `external_id`s. Re-running an id resumes it.
   */
  id: string;
  numbers: readonly CampaignNumber[];
  /** The calling number (one you lease), wire form. */
  callerId: string;
  /** Calls started per second, at most (fractions allowed). */
  cps: number;
  /** Calls in flight (dialling or connected), at most. */
  concurrency: number;
  /** The runtime that runs the flow of the dialled calls (`app.runtime`). */
  runtime: CallRuntime;
  /** Places the calls; with `calls`, also settles uncertain dials from the Call Query API. */
  client: Pick<TeleSignClient, 'dial'> & Partial<Pick<TeleSignClient, 'calls'>>;
  store: Store;
  /** Retries per number. */
  retry?: {
    /** Calls per number in all, the first included. Default 3. */
    attempts?: number;
    /** Wait before retry n is `backoffMs · 2^(n-1)`. Default 60,000 ms. */
    backoffMs?: number;
    /** Outcomes retried. Default `busy` and `no_answer`. */
    outcomes?: readonly CallOutcome[];
  };
  /** Passed as `dial.max_call_duration`. */
  maxCallDurationSeconds?: number;
  /** A call with no end after this long is settled from the Call Query API, or as `error`. Default 4 h + 1 min. */
  callTimeoutMs?: number;
  /** How often in-flight calls are checked against the store even without a notice. Default 5,000 ms. */
  reconcileEveryMs?: number;
  /** Paces the dials instead of this process's bucket at `cps` (a shared one, for several runners). */
  pacer?: CampaignPacer;
  /**
   * A row another runner claimed for dialling and left `dialing` this long is taken for abandoned (its runner died
   * mid-dial) and settled from the Call Query API. Default 60,000 ms.
   */
  staleDialMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** Told about every step. */
  onProgress?: (progress: CampaignProgress) => void;
}

/**
 * Paces the dials: `take()` answers `0` and takes a token when a call may start now, or how many ms to wait first.
 * The default is this process's own token bucket at `cps`; a shared one (Redis) paces every runner of the campaign.
 *
 * @example
 * const pacer: CampaignPacer = { take: async () => bucket.tryTake() };
 */
export interface CampaignPacer {
  take(): Promise<number>;
  /**
   * Returns a token `take()` gave for a dial that did not happen: another runner claimed the row first. Runners of
   * one campaign walk its list in the same order, so without it a shared limit loses up to half its rate.
   */
  giveBack?(): Promise<void>;
}

/**
 * A progress notice.
 *
 * @example
 * campaign = createCampaign({ ...options, onProgress: (p: CampaignProgress) => bar.update(p.counts.done / p.counts.total) });
 */
export interface CampaignProgress {
  type: 'dialled' | 'finished' | 'retry_scheduled' | 'rate_limited' | 'adopted' | 'done';
  number?: string;
  attempt?: number;
  outcome?: CallOutcome;
  reference_id?: string;
  counts: { total: number; done: number; in_flight: number; pending: number };
}

/**
 * The campaign.
 *
 * @example
 * const campaign: Campaign = createCampaign(options);
 * process.on('SIGINT', () => campaign.stop());
 * const report = await campaign.run();
 */
export interface Campaign {
  /** Runs (or resumes) until every number is done; resolves with the report. */
  run(): Promise<CampaignReport>;
  /** Stops dialling: pending numbers end `cancelled`; calls in flight finish. */
  stop(): void;
  /** The report so far. */
  report(): CampaignReport;
}

const RETRIED: readonly CallOutcome[] = ['busy', 'no_answer'];

/**
 * Creates a campaign.
 *
 * @example
 * const campaign = createCampaign({
 *   id: 'flu-shots-2026', numbers: ['15555550100', '15555550101'], callerId: '15555551212',
 *   cps: 2, concurrency: 10, runtime: app.runtime, client, store,
 *   onProgress: (p) => console.log(p.type, p.number, p.counts),
 * });
 * const report = await campaign.run();
 * await writeFile('report.csv', reportToCsv(report));
 */
export function createCampaign(options: CampaignOptions): Campaign {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? redacting(options.logger) : silentLogger;
  const maxAttempts = options.retry?.attempts ?? 3;
  const backoffMs = options.retry?.backoffMs ?? 60_000;
  const retried = options.retry?.outcomes ?? RETRIED;
  const callTimeoutMs = options.callTimeoutMs ?? 4 * 3_600_000 + 60_000;
  const reconcileEveryMs = options.reconcileEveryMs ?? 5_000;
  if (!(options.concurrency >= 1))
    throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`);
  const bucket = createTokenBucket({ ratePerSecond: options.cps, now: () => clock.now() });
  const pacer: CampaignPacer = options.pacer ?? {
    take: async () => bucket.tryTake(),
    giveBack: async () => bucket.putBack(),
  };
  const staleDialMs = options.staleDialMs ?? 60_000;
  /** Rows this runner is dialling right now. */
  const diallingHere = new Set<number>();
  const ledger = createCampaignLedger(options.store, options.id);
  let header: CampaignHeader | undefined;
  let rows: CampaignRow[] = [];
  let stopped = false;
  let wake: (() => void) | undefined;
  const dialling = new Set<Promise<void>>();
  /** Rows by status, kept as rows change so that no step of the loop counts the whole list. */
  const tally = { pending: 0, dialing: 0, in_flight: 0, done: 0 };
  /** No row before this index is pending: where the search for the next row to dial starts. */
  let firstPending = 0;

  const setStatus = (row: CampaignRow, status: CampaignRow['status']) => {
    tally[row.status]--;
    tally[status]++;
    row.status = status;
    if (status === 'pending') firstPending = Math.min(firstPending, row.index);
  };

  const poke = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const waitFor = (ms: number) =>
    new Promise<void>((resolve) => {
      let timer: TimerHandle | undefined;
      wake = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        resolve();
      };
      timer = clock.setTimeout(
        () => {
          wake = undefined;
          resolve();
        },
        Math.max(0, ms),
      );
    });

  const counts = () => ({
    total: rows.length,
    done: tally.done,
    in_flight: tally.dialing + tally.in_flight,
    pending: tally.pending,
  });
  const progress = (notice: Omit<CampaignProgress, 'counts'>) => {
    try {
      options.onProgress?.({ ...notice, counts: counts() });
    } catch (error) {
      logger.error({ error }, 'campaign progress listener threw');
    }
  };

  /** The stored campaign, or a new one (stored before anyone is called). */
  async function load(): Promise<{ header: CampaignHeader; rows: CampaignRow[] }> {
    const found = await ledger.load();
    const fingerprint = numberListFingerprint(options.numbers);
    if (found) {
      const stored = found.header.numbers_sha256;
      if (stored === undefined ? found.header.rows !== options.numbers.length : stored !== fingerprint)
        throw new CampaignListMismatchError(options.id, found.header.rows, options.numbers.length);
      logger.info({ campaign: options.id }, 'campaign resumed');
      return found;
    }
    const now = clock.now();
    const created = options.numbers.map((item, index): CampaignRow => {
      const entry = typeof item === 'string' ? { number: item } : item;
      const valid = isWirePhoneNumber(entry.number);
      return {
        index,
        number: entry.number,
        tags: { ...entry.tags },
        status: valid ? 'pending' : 'done',
        attempts: 0,
        next_at: now,
        reference_id: null,
        dialed_at: null,
        outcome: valid ? null : 'refused',
        digits: [],
        duration: 0,
        detail: valid ? null : 'invalid_phone_number',
        external_id: entry.externalId ?? null,
        references: [],
      };
    });
    const fresh: CampaignHeader = {
      format: CAMPAIGN_FORMAT,
      id: options.id,
      started_at: now,
      finished_at: null,
      rows: created.length,
      numbers_sha256: fingerprint,
    };
    await ledger.create(fresh, created);
    return { header: fresh, rows: created };
  }

  /** The row as stored now, in place of this runner's copy (another runner changed it). */
  async function refresh(row: CampaignRow): Promise<void> {
    const stored = await ledger.loadRow(row.index);
    if (!stored) return;
    const before = row.status;
    Object.assign(row, stored);
    tally[before]--;
    tally[row.status]++;
    if (row.status === 'pending') firstPending = Math.min(firstPending, row.index);
  }

  /** Writes a row; `false` when another runner changed it first (this runner's copy is then read again). */
  async function save(row: CampaignRow): Promise<boolean> {
    try {
      await ledger.saveRow(row);
      return true;
    } catch (error) {
      if (!(error instanceof CampaignRowConflictError)) throw error;
      logger.debug({ campaign: options.id, row: row.index }, 'row changed by another runner; read again');
      await refresh(row);
      return false;
    }
  }

  const externalId = (row: CampaignRow) => row.external_id ?? `${options.id}:${row.index}:${row.attempts}`;

  /** Finds the call of a row's current attempt by its external_id, when the client can list calls. */
  async function findPlacedCall(row: CampaignRow): Promise<string | undefined> {
    if (!options.client.calls) return undefined;
    const { calls } = await options.client.calls.list();
    return calls.find(
      (call) => call.external_id === externalId(row) && !row.references.includes(call.reference_id),
    )?.reference_id;
  }

  async function adoptOrFail(row: CampaignRow, detail: string): Promise<void> {
    const found = await findPlacedCall(row).catch(() => undefined);
    if (found) {
      await inFlight(row, found);
      progress({ type: 'adopted', number: row.number, attempt: row.attempts, reference_id: found });
      return;
    }
    await finish(row, 'error', detail);
  }

  async function inFlight(row: CampaignRow, referenceId: string): Promise<void> {
    setStatus(row, 'in_flight');
    row.reference_id = referenceId;
    row.references = [...(row.references ?? []), referenceId];
    row.dialed_at = clock.now();
    await save(row);
    await options.runtime.register(referenceId, {
      tags: { campaign: options.id, row: String(row.index), ...row.tags },
    });
  }

  async function finish(row: CampaignRow, outcome: CallOutcome, detail: string | null, record?: CallRecord) {
    if (record) {
      row.digits = record.summary.digits;
      row.duration = record.summary.duration ?? 0;
    }
    if (retried.includes(outcome) && row.attempts < maxAttempts && !stopped) {
      row.next_at = clock.now() + backoffMs * 2 ** (row.attempts - 1);
      setStatus(row, 'pending');
      row.outcome = outcome;
      row.detail = detail;
      if (!(await save(row))) return;
      progress({ type: 'retry_scheduled', number: row.number, attempt: row.attempts, outcome });
      return;
    }
    setStatus(row, 'done');
    row.outcome = outcome;
    row.detail = detail;
    if (!(await save(row))) return;
    progress({
      type: 'finished',
      number: row.number,
      attempt: row.attempts,
      outcome,
      ...(row.reference_id ? { reference_id: row.reference_id } : {}),
    });
  }

  async function dial(row: CampaignRow): Promise<void> {
    setStatus(row, 'dialing');
    row.attempts++;
    row.claimed_at = clock.now();
    // The claim: stored before the dial, and only if no other runner changed the row since this one read it.
    if (!(await save(row))) {
      // Another runner dials this row: its token goes back for the next one (lost if the pacer cannot be reached).
      await pacer.giveBack?.().catch(() => {});
      return;
    }
    try {
      const answer = await options.client.dial({
        to: row.number,
        caller_id_number: options.callerId,
        external_id: externalId(row),
        ...(options.maxCallDurationSeconds === undefined
          ? {}
          : { max_call_duration: String(options.maxCallDurationSeconds) }),
      });
      await inFlight(row, answer.reference_id);
      progress({
        type: 'dialled',
        number: row.number,
        attempt: row.attempts,
        reference_id: answer.reference_id,
      });
    } catch (error) {
      if (isHttpError(error) && error.httpStatus === 429) {
        // Refused before anything happened: not an attempt. Wait as told, or back off.
        row.attempts--;
        row.next_at =
          clock.now() +
          (parseRetryAfter(error.headers.get('retry-after'), Date.now()) ?? Math.min(backoffMs, 5_000));
        setStatus(row, 'pending');
        await save(row);
        progress({ type: 'rate_limited', number: row.number });
      } else if (isHttpError(error) && error.httpStatus < 500) {
        await finish(row, 'refused', error.status ?? `HTTP ${error.httpStatus}`);
      } else {
        logger.warn({ number: row.number, error }, 'dial failed; the call may have been placed');
        await adoptOrFail(row, error instanceof Error ? error.message : String(error));
      }
    }
  }

  function outcomeOf(record: CallRecord): CallOutcome {
    const status = record.summary.dial_status ?? record.summary.call_status;
    if (status === 'answered') return 'completed';
    if (status === 'busy' || status === 'no_answer' || status === 'failed') return status;
    return record.summary.duration ? 'completed' : 'failed';
  }

  /** Calls the runtime has reported ended since the last reconcile. */
  const endedCalls = new Set<string>();
  let lastFullReconcile = Number.NEGATIVE_INFINITY;

  /**
   * Settles rows whose calls ended or timed out. Every `reconcileEveryMs` (and on the first pass, and when
   * stopping) it looks at every row; in between, only at the rows of calls the runtime reported ended, so that a
   * long list with many calls in flight does not re-read every call's record before each dial.
   */
  async function reconcile(): Promise<void> {
    const full = stopped || clock.now() - lastFullReconcile >= reconcileEveryMs;
    const ended = new Set(endedCalls);
    endedCalls.clear();
    if (full) lastFullReconcile = clock.now();
    else if (ended.size === 0) return;
    for (const row of rows) {
      if (!full && (row.reference_id === null || !ended.has(row.reference_id))) continue;
      if (row.status === 'dialing' && !diallingHere.has(row.index)) {
        // Another runner's claim (or this runner's before a crash). Left long enough, it crashed between "about to
        // dial" and "dialled": settle it by its external_id. A claim from before runners stamped them is old.
        if ((row.claimed_at ?? Number.NEGATIVE_INFINITY) + staleDialMs > clock.now()) continue;
        await refresh(row);
        if (row.status === 'dialing') await adoptOrFail(row, 'interrupted while dialling; no call found');
        continue;
      }
      if (row.status !== 'in_flight' || row.reference_id === null) continue;
      const record = await options.runtime.get(row.reference_id);
      if (record?.ended) {
        await finish(row, outcomeOf(record), null, record);
      } else if (row.dialed_at !== null && clock.now() - row.dialed_at > callTimeoutMs) {
        const info = await options.client.calls?.get(row.reference_id).catch(() => undefined);
        const status = info?.state === 'completed' ? info.status : undefined;
        const outcome: CallOutcome =
          status === 'busy' || status === 'no_answer' || status === 'failed' ? status : 'error';
        await finish(row, outcome, `no call_completed within ${callTimeoutMs} ms`, record);
      }
    }
  }

  /** The first pending row due by `now`, and how long until the next pending one falls due. */
  function nextReady(now: number): { ready: CampaignRow | undefined; waitMs: number } {
    let waitMs = Number.POSITIVE_INFINITY;
    while (firstPending < rows.length && (rows[firstPending] as CampaignRow).status !== 'pending')
      firstPending++;
    for (let i = firstPending; i < rows.length; i++) {
      const row = rows[i] as CampaignRow;
      if (row.status !== 'pending') continue;
      if (row.next_at <= now) return { ready: row, waitMs: 0 };
      waitMs = Math.min(waitMs, row.next_at - now);
    }
    return { ready: undefined, waitMs };
  }

  async function loop(): Promise<void> {
    for (;;) {
      await reconcile();
      if (stopped) {
        const cancelled = rows.filter((row) => row.status === 'pending');
        for (const row of cancelled) {
          setStatus(row, 'done');
          row.outcome = 'cancelled';
        }
        await Promise.all(cancelled.map((row) => save(row)));
      }
      if (tally.done === rows.length) return;
      const now = clock.now();
      const { ready, waitMs } = stopped ? { ready: undefined, waitMs: Infinity } : nextReady(now);
      if (ready && tally.dialing + tally.in_flight < options.concurrency) {
        const wait = await pacer.take();
        if (wait === 0) {
          diallingHere.add(ready.index);
          const task = dial(ready)
            .catch((error: unknown) =>
              logger.error({ number: ready.number, error }, 'campaign dial step failed'),
            )
            .finally(() => {
              dialling.delete(task);
              diallingHere.delete(ready.index);
              poke();
            });
          dialling.add(task);
          continue;
        }
        await waitFor(wait);
        continue;
      }
      // Nothing to start now: sleep until a retry falls due (unless every line is busy), a call ends (poke), or
      // the next reconcile.
      await waitFor(ready ? reconcileEveryMs : Math.min(waitMs, reconcileEveryMs));
    }
  }

  const report = (): CampaignReport => {
    const reportRows: CampaignReportRow[] = rows.map((row) => ({
      number: row.number,
      outcome: row.status === 'done' && row.outcome ? row.outcome : 'pending',
      digits: row.digits.join(' '),
      duration: row.duration,
      attempts: row.attempts,
      reference_id: row.reference_id,
      detail: row.detail,
      tags: row.tags,
    }));
    return {
      campaign: options.id,
      started_at: new Date(header?.started_at ?? clock.now()).toISOString(),
      finished_at: header?.finished_at ? new Date(header.finished_at).toISOString() : null,
      totals: totalsOf(reportRows),
      rows: reportRows,
    };
  };

  return {
    async run() {
      ({ header, rows } = await load());
      for (const row of rows) tally[row.status]++;
      const unsubscribe = options.runtime.subscribe((notice) => {
        if (notice.type === 'call.ended') {
          endedCalls.add(notice.summary.reference_id);
          poke();
        }
      });
      try {
        await loop();
        await Promise.all(dialling);
        header = { ...(header as CampaignHeader), finished_at: clock.now() };
        try {
          await ledger.saveHeader(header);
        } catch (error) {
          // Another runner of the campaign marked it finished first.
          if (!(error instanceof CampaignRowConflictError)) throw error;
        }
        progress({ type: 'done' });
        return report();
      } finally {
        unsubscribe();
      }
    },
    stop() {
      stopped = true;
      poke();
    },
    report,
  };
}
