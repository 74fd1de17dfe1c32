/**
 * The report of a load run (plain JSON), the expectations that judge it (`transfer<=30%`), and its text form.
 *
 * @module
 */
import { CALL_ENDED_EXIT, type FunnelRow, LOAD_OUTCOMES, type LoadOutcome } from './call-tracker.js';

/**
 * Percentiles of a set of durations, in milliseconds.
 *
 * @example
 * const { p50, p90 }: Percentiles = report.timeInIvr;
 */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * One expectation and how the run met it.
 *
 * @example
 * const checked: CheckedExpectation = { text: 'transfer<=30%', actual: '24.1%', ok: true };
 */
export interface CheckedExpectation {
  text: string;
  /** The measured value, in the expectation's unit. */
  actual: string;
  ok: boolean;
}

/**
 * A load run's report.
 *
 * @example
 * const report: LoadReport = await runLoad(bankFlow, { callers: 1_000 });
 * report.outcomes.transfer; // calls that reached a person
 */
export interface LoadReport {
  flow: { id: string; version: number };
  callers: number;
  /** Callers per persona. */
  mix: Record<string, number>;
  seed: number;
  /** `virtual`, or `real` at `speed` simulated ms per real ms. */
  clock: { kind: 'virtual' | 'real'; speed?: number };
  /** Calls placed per virtual minute (Poisson arrivals). */
  ratePerMinute: number;
  /** Simulated time the run covered, ms. */
  simulatedMs: number;
  /** Wall time of the run, ms. */
  elapsedMs: number;
  outcomes: Record<LoadOutcome, number>;
  /** Outcomes per persona. */
  byPersona: Record<string, Record<LoadOutcome, number>>;
  /** Virtual time from a call's first event to its end or its answered transfer. */
  timeInIvr: Percentiles;
  /** Wall time the adapter took from receiving an event to answering it (its actions). */
  latency: Percentiles;
  /** Per state, in the order states were first entered. */
  funnel: FunnelRow[];
  /** Errors the adapter logged (a flow that threw, a refused action; first 20) and steps the funnel could not place. */
  errors: { count: number; first: string[] };
  /** Warnings the adapter logged (a lookup that failed, handled by the flow; first 20). */
  warnings: { count: number; first: string[] };
  /** Protocol violations the simulator recorded. */
  violations: number;
  expectations: CheckedExpectation[];
  /** Every expectation held. */
  ok: boolean;
}

/**
 * Percentiles of `values` (nearest rank).
 *
 * @example
 * percentiles([1, 2, 3, 4]).p50; // 2
 */
export function percentiles(values: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  const at = (p: number) => (count === 0 ? 0 : (sorted[Math.max(0, Math.ceil(p * count) - 1)] as number));
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    mean: count === 0 ? 0 : sum / count,
  };
}

/** Metrics an expectation can name besides the outcomes. */
const TIME_METRICS = ['p50', 'p90', 'p99', 'latency-p50', 'latency-p90', 'latency-p99'] as const;
const COUNT_METRICS = ['errors', 'warnings', 'violations'] as const;

/**
 * A parsed expectation.
 *
 * @example
 * parseExpectation('transfer<=30%'); // { metric: 'transfer', op: '<=', value: 30, unit: '%' }
 */
export interface Expectation {
  text: string;
  metric: string;
  op: '<=' | '<' | '>=' | '>' | '=';
  value: number;
  /** `%` of callers, `count`, or `ms` (given as `ms`, `s` or `m`). */
  unit: '%' | 'count' | 'ms';
}

/**
 * Reads an expectation: an outcome (`completed`, `transfer`, `abandoned`, `unfinished`) as a share (`%`) or a
 * count; `p50` / `p90` / `p99` of the time in the IVR and `latency-p50` / `-p90` / `-p99` with a unit (`ms`, `s`,
 * `m`); or `errors` / `warnings` / `violations` as counts. Throws a `RangeError` saying what is wrong.
 *
 * @example
 * parseExpectation('p90<=3m'); // { metric: 'p90', op: '<=', value: 180000, unit: 'ms' }
 */
export function parseExpectation(text: string): Expectation {
  const match = /^\s*([a-z][a-z0-9-]*)\s*(<=|>=|<|>|=)\s*(\d+(?:\.\d+)?)\s*(%|ms|s|m)?\s*$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not <metric><op><value>, e.g. transfer<=30% or p90<=2m`);
  const [, metric, op, raw, suffix] = match as unknown as [
    string,
    string,
    Expectation['op'],
    string,
    string?,
  ];
  const value = Number(raw);
  const outcome = (LOAD_OUTCOMES as readonly string[]).includes(metric);
  const time = (TIME_METRICS as readonly string[]).includes(metric);
  const count = (COUNT_METRICS as readonly string[]).includes(metric);
  const known = [...LOAD_OUTCOMES, ...TIME_METRICS, ...COUNT_METRICS].join(', ');
  if (!outcome && !time && !count)
    throw new RangeError(`"${text}": no metric named "${metric}" (known: ${known})`);
  if (time) {
    if (suffix === undefined || suffix === '%')
      throw new RangeError(`"${text}": ${metric} needs a time unit (ms, s or m)`);
    const scale = suffix === 'm' ? 60_000 : suffix === 's' ? 1_000 : 1;
    return { text, metric, op, value: value * scale, unit: 'ms' };
  }
  if (suffix !== undefined && suffix !== '%')
    throw new RangeError(`"${text}": ${metric} is a count or a % of callers`);
  if (count && suffix === '%') throw new RangeError(`"${text}": ${metric} is a count`);
  return { text, metric, op, value, unit: suffix === '%' ? '%' : 'count' };
}

function measured(report: Omit<LoadReport, 'expectations' | 'ok'>, expectation: Expectation): number {
  const { metric } = expectation;
  if ((LOAD_OUTCOMES as readonly string[]).includes(metric)) {
    const n = report.outcomes[metric as LoadOutcome];
    return expectation.unit === '%' ? (report.callers === 0 ? 0 : (100 * n) / report.callers) : n;
  }
  if (metric === 'errors') return report.errors.count;
  if (metric === 'warnings') return report.warnings.count;
  if (metric === 'violations') return report.violations;
  const [source, key] = metric.startsWith('latency-')
    ? [report.latency, metric.slice('latency-'.length)]
    : [report.timeInIvr, metric];
  return source[key as 'p50' | 'p90' | 'p99'];
}

function holds(actual: number, op: Expectation['op'], value: number): boolean {
  switch (op) {
    case '<=':
      return actual <= value;
    case '<':
      return actual < value;
    case '>=':
      return actual >= value;
    case '>':
      return actual > value;
    case '=':
      return Math.abs(actual - value) < 1e-9;
  }
}

function display(value: number, unit: Expectation['unit']): string {
  if (unit === '%') return `${value.toFixed(1)}%`;
  if (unit === 'ms') return value >= 1_000 ? `${(value / 1_000).toFixed(1)} s` : `${value.toFixed(2)} ms`;
  return String(value);
}

/**
 * Checks expectations against a report's figures.
 *
 * @example
 * checkExpectations(report, [parseExpectation('transfer<=30%')]);
 */
export function checkExpectations(
  report: Omit<LoadReport, 'expectations' | 'ok'>,
  expectations: readonly Expectation[],
): CheckedExpectation[] {
  return expectations.map((expectation) => {
    const actual = measured(report, expectation);
    return {
      text: expectation.text,
      actual: display(actual, expectation.unit),
      ok: holds(actual, expectation.op, expectation.value),
    };
  });
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
const share = (n: number, of: number) => (of === 0 ? '0%' : `${((100 * n) / of).toFixed(1)}%`);

/**
 * The report as text for a terminal.
 *
 * @example
 * console.log(formatLoadReport(report));
 */
export function formatLoadReport(report: LoadReport): string {
  const lines: string[] = [];
  const clock = report.clock.kind === 'virtual' ? 'virtual time' : `real time ×${report.clock.speed ?? 1}`;
  lines.push(
    `${report.ok ? '✓' : '✗'} ${report.flow.id} v${report.flow.version}: ${report.callers} callers (${Object.entries(
      report.mix,
    )
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')}), ${report.ratePerMinute}/min, seed ${report.seed}`,
    `  ${seconds(report.simulatedMs)} of calls in ${seconds(report.elapsedMs)} (${clock})`,
    '',
    '  outcome      calls      share',
  );
  for (const outcome of LOAD_OUTCOMES) {
    const n = report.outcomes[outcome];
    lines.push(`  ${outcome.padEnd(10)} ${String(n).padStart(7)} ${share(n, report.callers).padStart(10)}`);
  }
  const t = report.timeInIvr;
  const l = report.latency;
  lines.push(
    '',
    `  time in IVR     p50 ${seconds(t.p50)}  p90 ${seconds(t.p90)}  max ${seconds(t.max)}`,
    `  event→action    p50 ${l.p50.toFixed(2)} ms  p90 ${l.p90.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms  (${l.count} events)`,
    '',
    `  ${'state'.padEnd(20)} ${'entered'.padStart(8)} ${'retries'.padStart(8)} ${'timed out'.padStart(10)} ${'abandoned'.padStart(10)}  exits`,
  );
  for (const row of report.funnel) {
    const exits = Object.entries(row.exits)
      .sort((a, b) => b[1] - a[1])
      .map(([to, n]) => `${to === CALL_ENDED_EXIT ? 'ended' : `→${to}`} ${n}`)
      .join(', ');
    lines.push(
      `  ${row.state.padEnd(20)} ${String(row.entered).padStart(8)} ${String(row.retries).padStart(8)} ${String(
        row.timedOut,
      ).padStart(10)} ${String(row.abandoned).padStart(10)}  ${exits}`,
    );
  }
  lines.push(
    '',
    `  adapter errors ${report.errors.count}, warnings ${report.warnings.count}, protocol violations ${report.violations}`,
  );
  for (const error of report.errors.first.slice(0, 5)) lines.push(`    error: ${error}`);
  for (const warning of report.warnings.first.slice(0, report.errors.count > 0 ? 0 : 2))
    lines.push(`    warning: ${warning}`);
  if (report.expectations.length > 0) {
    lines.push('');
    for (const e of report.expectations)
      lines.push(`  ${e.ok ? '✓' : '✗'} expect ${e.text}: ${e.actual}${e.ok ? '' : ' — not met'}`);
  }
  return lines.join('\n');
}
