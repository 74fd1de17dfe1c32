/**
 * A campaign's final report, as JSON and as CSV (`number,outcome,digits,duration,attempts`).
 *
 * @module
 */

/**
 * How a number's calls ended, finally.
 *
 * @example
 * const retried: CallOutcome[] = ['busy', 'no_answer'];
 */
export type CallOutcome =
  /** Answered, and the flow ran. */
  | 'completed'
  | 'busy'
  | 'no_answer'
  /** The call failed in the network. */
  | 'failed'
  /** TeleSign refused to dial (blocked or premium number, invalid number…): see `detail`. */
  | 'refused'
  /** The dial request itself failed (network, timeout, 5xx): the call may or may not have been placed. */
  | 'error'
  /** The campaign was stopped before this number was done. */
  | 'cancelled';

/**
 * One number's line in the report.
 *
 * @example
 * const row: CampaignReportRow = report.rows[0]; // { number, outcome: 'completed', digits: '2', duration: 31, attempts: 1, … }
 */
export interface CampaignReportRow {
  number: string;
  outcome: CallOutcome | 'pending';
  /** Digits collected over the answered call, in order, joined by spaces. */
  digits: string;
  /** Seconds of the last call (0 when never answered). */
  duration: number;
  /** Calls placed (or tried) for this number. */
  attempts: number;
  /** The last call's `reference_id`, when one was placed. */
  reference_id: string | null;
  /** TeleSign's status or the error, for refusals and errors. */
  detail: string | null;
  /** The row's own tags (from the input list). */
  tags: Record<string, string>;
}

/**
 * The report.
 *
 * @example
 * const report: CampaignReport = await campaign.run();
 * await writeFile('report.json', JSON.stringify(report, null, 2));
 */
export interface CampaignReport {
  campaign: string;
  started_at: string;
  finished_at: string | null;
  totals: Record<CampaignReportRow['outcome'], number>;
  rows: CampaignReportRow[];
}

/**
 * Counts rows per outcome.
 *
 * @example
 * totalsOf([{ outcome: 'completed' }, { outcome: 'busy' }] as CampaignReportRow[]).completed; // 1
 */
export function totalsOf(rows: readonly Pick<CampaignReportRow, 'outcome'>[]): CampaignReport['totals'] {
  const totals: CampaignReport['totals'] = {
    completed: 0,
    busy: 0,
    no_answer: 0,
    failed: 0,
    refused: 0,
    error: 0,
    cancelled: 0,
    pending: 0,
  };
  for (const row of rows) totals[row.outcome]++;
  return totals;
}

/**
 * The CSV columns, in order.
 *
 * @example
 * CSV_COLUMNS.join(','); // 'number,outcome,digits,duration,attempts'
 */
export const CSV_COLUMNS = ['number', 'outcome', 'digits', 'duration', 'attempts'] as const;

/**
 * The report as CSV (RFC 4180: CRLF line ends, fields quoted when they need it).
 *
 * @example
 * reportToCsv(report);
 * // 'number,outcome,digits,duration,attempts\r\n15555550100,completed,1,42,1\r\n'
 */
export function reportToCsv(report: Pick<CampaignReport, 'rows'>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.rows)
    lines.push(CSV_COLUMNS.map((column) => csvField(String(row[column]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  // A leading = + - @ would be run as a formula by spreadsheets: prefix it with a quote.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
