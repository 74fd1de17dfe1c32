/**
 * A campaign's list of numbers from CSV, as people export it from a spreadsheet: `,` or `;` (or tab) separated,
 * quoted cells with commas or newlines in them, a header such as "Phone Number", numbers typed any way
 * (`+1 (555) 010-0030`). Each number is normalised to wire form by the protocol's `normalizePhoneNumber`; a row
 * whose number cannot be read is refused with its line and the reason, never dropped silently.
 *
 * Parsing is Papa Parse's: it guesses the separator from the file (a `;` list from a European spreadsheet reads
 * without a flag, which csv-parse would need to be told), handles RFC 4180 quoting, and has no dependencies.
 *
 * @module
 */
import { normalizePhoneNumber, PhoneNumberError } from '@ivrkit/protocol';
import Papa from 'papaparse';

/**
 * A number of the list, with its other columns as tags and its `external_id` when the list has one.
 *
 * @example
 * const row: NumberListRow = { number: '15555550100', tags: { name: 'Ada' }, externalId: 'appt-1' };
 */
export interface NumberListRow {
  /** Wire form: digits with the country code. */
  number: string;
  tags: Record<string, string>;
  externalId?: string;
}

/**
 * A row whose number could not be read.
 *
 * @example
 * const refusal: NumberRefusal = { line: 4, input: '555-0100', reason: 'a national number should have 10 digits; it has 7' };
 */
export interface NumberRefusal {
  /** The line of the file where the row starts (1-based, the header counts). */
  line: number;
  /** The number cell as written. */
  input: string;
  reason: string;
}

/**
 * Options of {@link readNumbersCsv} and {@link parseNumbersCsv}.
 *
 * @example
 * readNumbersCsv(text, { defaultCountryCode: '1' }); // '555-010-0030' → '15550100030'
 */
export interface NumberListOptions {
  /** Country calling code of numbers written without one (`'1'` for North America). Default: none, so each
   * number must carry its code (`+1 …`, `001 …` or the bare digits). */
  defaultCountryCode?: string;
  /** National numbers' length for `defaultCountryCode`. Default 10. */
  nationalLength?: number;
  /** The separator. Default: guessed from the file among `,` `;` tab and `|`. */
  delimiter?: string;
}

/**
 * What a list holds: the numbers read, and the rows refused.
 *
 * @example
 * const { rows, refused } = readNumbersCsv(text);
 */
export interface NumberList {
  rows: NumberListRow[];
  refused: NumberRefusal[];
}

/** Header names of the number column, compared lower-case with spaces, dashes and dots as `_`. */
const NUMBER_HEADERS = new Set([
  'number',
  'phone',
  'phone_number',
  'phonenumber',
  'telephone',
  'tel',
  'mobile',
  'cell',
  'to',
]);

function headerKey(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');
}

/**
 * Reads a list of numbers from CSV text: the number column named by a header ("number", "Phone Number", "phone",
 * "mobile", "to", …), or the first column when there is no header; an "external_id" column becomes the
 * `external_id` its calls carry; other named columns become tags. Blank lines and lines starting with `#` are
 * skipped. Rows whose number cannot be normalised are in `refused`, with their line.
 *
 * @example
 * readNumbersCsv('Name;Phone Number\n"Lovelace; Ada";+1 (555) 010-0030\n');
 * // { rows: [{ number: '15550100030', tags: { Name: 'Lovelace; Ada' } }], refused: [] }
 */
export function readNumbersCsv(text: string, options: NumberListOptions = {}): NumberList {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records = parseRecords(source, options.delimiter);
  const list: NumberList = { rows: [], refused: [] };
  const first = records[0];
  if (first === undefined) return list;
  const keys = first.cells.map(headerKey);
  const hasHeader = keys.some((key) => NUMBER_HEADERS.has(key));
  const numberColumn = hasHeader ? keys.findIndex((key) => NUMBER_HEADERS.has(key)) : 0;
  const externalIdColumn = hasHeader ? keys.indexOf('external_id') : -1;
  const names = hasHeader ? first.cells.map((cell) => cell.trim()) : [];
  for (const record of hasHeader ? records.slice(1) : records) {
    const input = (record.cells[numberColumn] ?? '').trim();
    let number: string;
    try {
      number = normalizePhoneNumber(input, {
        ...(options.defaultCountryCode === undefined
          ? {}
          : { defaultCountryCode: options.defaultCountryCode }),
        ...(options.nationalLength === undefined ? {} : { nationalLength: options.nationalLength }),
      });
    } catch (error) {
      if (!(error instanceof PhoneNumberError)) throw error;
      list.refused.push({ line: record.line, input, reason: reasonOf(error) });
      continue;
    }
    const tags: Record<string, string> = {};
    names.forEach((name, index) => {
      if (index !== numberColumn && index !== externalIdColumn && name !== '')
        tags[name] = (record.cells[index] ?? '').trim();
    });
    const row: NumberListRow = { number, tags };
    const externalId = externalIdColumn === -1 ? '' : (record.cells[externalIdColumn] ?? '').trim();
    if (externalId !== '') row.externalId = externalId;
    list.rows.push(row);
  }
  return list;
}

function reasonOf(error: PhoneNumberError): string {
  // The error's message repeats the input; the refusal carries it apart.
  const at = error.message.indexOf(' is not a phone number: ');
  return at === -1 ? error.message : error.message.slice(at + ' is not a phone number: '.length);
}

/** Parses records with Papa Parse, keeping the line each starts on; skips blank lines and `#` comments. */
function parseRecords(text: string, delimiter: string | undefined): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let offset = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    ...(delimiter === undefined ? { delimitersToGuess: [',', ';', '\t', '|'] } : { delimiter }),
    comments: '#',
    skipEmptyLines: 'greedy',
    step(result) {
      const end = result.meta.cursor;
      const chunk = text.slice(offset, end);
      // The record starts after any blank or comment lines Papa skipped before it.
      const leading = chunk.match(/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/)?.[0] ?? '';
      const startLine = line + countNewlines(leading);
      records.push({ line: startLine, cells: result.data });
      line += countNewlines(chunk);
      offset = end;
    },
  });
  return records;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A number list with rows refused: the message names each (line, what was written, why).
 *
 * @example
 * try { parseNumbersCsv(text); } catch (e) { if (e instanceof NumberListError) console.error(e.message); }
 */
export class NumberListError extends Error {
  override readonly name = 'NumberListError';
  constructor(readonly refused: readonly NumberRefusal[]) {
    const shown = refused
      .slice(0, 10)
      .map((refusal) => `  line ${refusal.line}: "${refusal.input}": ${refusal.reason}`);
    if (refused.length > 10) shown.push(`  … and ${refused.length - 10} more`);
    super(
      `${refused.length} ${refused.length === 1 ? 'row has a number' : 'rows have numbers'} that cannot be dialled:\n${shown.join('\n')}`,
    );
  }
}

/**
 * {@link readNumbersCsv}, refusing the whole list when any row is refused ({@link NumberListError}): a campaign
 * never skips a number without saying so.
 *
 * @example
 * parseNumbersCsv('number,name\n15555550100,Ada\n'); // [{ number: '15555550100', tags: { name: 'Ada' } }]
 * parseNumbersCsv('number,external_id\n15555550100,appt-1\n'); // [{ number: '15555550100', tags: {}, externalId: 'appt-1' }]
 */
export function parseNumbersCsv(text: string, options: NumberListOptions = {}): NumberListRow[] {
  const { rows, refused } = readNumbersCsv(text, options);
  if (refused.length > 0) throw new NumberListError(refused);
  return rows;
}
