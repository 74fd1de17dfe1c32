/**
 * A measured figure with its target, and how it prints: value, target, PASS or MISS.
 *
 * @module
 */

/** One measured figure. */
export interface Figure {
  /** Stable key in the results file (`webhook.ratio`). */
  key: string;
  /** What it is, for people. */
  label: string;
  value: number;
  unit: string;
  /** The target, when the figure has one. */
  target?: { op: '>=' | '<='; value: number };
  /** Free-form context: the conditions of the measurement. */
  note?: string;
}

/**
 * Whether a figure meets its target (`undefined` when it has none).
 *
 * @example
 * meetsTarget({ key: 'k', label: 'l', value: 0.7, unit: '', target: { op: '>=', value: 0.6 } }); // true
 */
export function meetsTarget(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  if (!Number.isFinite(figure.value)) return false;
  return figure.target.op === '>='
    ? figure.value >= figure.target.value
    : figure.value <= figure.target.value;
}

/**
 * One line per figure: `label  value unit  (target ≥ x)  PASS|MISS  Δ vs previous`.
 *
 * @example
 * console.log(formatFigure(figure, previousValue));
 */
export function formatFigure(figure: Figure, previous?: number): string {
  const verdict = meetsTarget(figure);
  const value = `${formatNumber(figure.value)} ${figure.unit}`.trim();
  const target = figure.target
    ? `target ${figure.target.op === '>=' ? '≥' : '≤'} ${formatNumber(figure.target.value)}`
    : '';
  const mark = verdict === undefined ? '' : verdict ? 'PASS' : 'MISS';
  const delta =
    previous === undefined || !Number.isFinite(previous) || previous === 0
      ? ''
      : `Δ ${figure.value >= previous ? '+' : ''}${formatNumber(((figure.value - previous) / Math.abs(previous)) * 100)}% vs last (${formatNumber(previous)})`;
  return `  ${figure.label.padEnd(58)} ${value.padStart(16)}  ${target.padEnd(16)} ${mark.padEnd(4)}  ${delta}`;
}

/**
 * A number for a report: integers grouped, small values with a few decimals.
 *
 * @example
 * formatNumber(12345.678); // '12,346'
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
