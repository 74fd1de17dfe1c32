/**
 * `ivrkit load <flow> --callers N [--mix …] [--expect …]`: a caller population against an inbound flow, through
 * the simulator and the real adapter app, in virtual time by default; a report as text, JSON or a self-contained
 * HTML page; exit 1 when an expectation is not met.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_MIX, formatLoadReport, loadReportHtml, PERSONAS, parseMix, runLoad } from '@ivrkit/testing';
import { numberFlag, parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';

const DIAL_OUTCOMES = ['answered', 'busy', 'no_answer', 'failed'];

function mixFlag(name: string, value: string | undefined, known: readonly string[]) {
  if (value === undefined) return undefined;
  try {
    return parseMix(value, known);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

const defaultMix = Object.entries(DEFAULT_MIX)
  .map(([name, weight]) => `${name}:${weight}`)
  .join(',');

/**
 * The `load` command.
 *
 * @example
 * await load.run(['bank', '--callers', '1000', '--expect', 'transfer<=30%', '--html', 'load.html']);
 */
const load: Command = {
  summary: 'call an inbound flow with a population of callers and report the funnel, outcomes and times',
  usage: [
    'Usage: ivrkit load <flow> [--callers N] [--mix name:weight,…] [--expect EXPR]… [options]',
    '',
    '  <flow>              an inbound example (bank) or a module path exporting a flow',
    '  --callers N         how many people call (default 100)',
    `  --mix M             personas and their weights (default ${defaultMix})`,
    '  --rate R            arrivals per simulated minute, Poisson (default 120)',
    '  --seed S            seed of the population, arrivals and transfers (default 1)',
    '  --speed X           run on a real clock, X simulated seconds per second (default: virtual time)',
    '  --transfers T       how transfers are met, as weights of answered, busy, no_answer, failed',
    '                      (default answered:80,busy:20)',
    '  --expect EXPR       fail (exit 1) unless EXPR holds; repeatable. An outcome (completed, transfer,',
    '                      abandoned, unfinished) as a % or a count, p50/p90/p99 of the time in the IVR or',
    '                      latency-p50/-p90/-p99 with ms, s or m, errors/warnings/violations as counts:',
    "                      --expect 'transfer<=30%' --expect 'p90<=2m' --expect 'errors=0'",
    '  --format F          standard output: text (default) or json',
    '  --html FILE         also write the report as a self-contained HTML page (the funnel drawn as a chart)',
    '  --json FILE         also write the report as JSON',
    '',
    'Personas:',
    ...Object.entries(PERSONAS).map(([name, persona]) => `  ${name.padEnd(12)} ${persona.description}`),
    '',
    'Calls come in through the simulator, behaving as TeleSign publishes (signed event POSTs, no Call Query API,',
    'no WebSocket), to the adapter app (createVoiceApp) running the flow.',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parseFlags(
      args,
      {
        callers: { type: 'string' },
        mix: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        transfers: { type: 'string' },
        expect: { type: 'string', multiple: true },
        format: { type: 'string' },
        html: { type: 'string' },
        json: { type: 'string' },
      },
      true,
    );
    const [spec, ...extra] = positionals;
    if (spec === undefined) throw new UsageError('missing <flow>');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format: expected text or json, got "${format}"`);
    const callers = numberFlag('--callers', values.callers, 100, { min: 1, max: 1_000_000, integer: true });
    const mix = mixFlag('--mix', values.mix, Object.keys(PERSONAS));
    const transfers = mixFlag('--transfers', values.transfers, DIAL_OUTCOMES);
    const speed =
      values.speed === undefined
        ? undefined
        : numberFlag('--speed', values.speed, 1, { min: 0.01, max: 10_000 });
    const flow = await loadFlow(spec);
    if (flow.direction !== 'inbound')
      throw new UsageError(
        `${flow.id} is an outbound flow: load calls inbound flows (campaigns dial outbound ones)`,
      );
    let report: Awaited<ReturnType<typeof runLoad>>;
    try {
      report = await runLoad(flow, {
        callers,
        ratePerMinute: numberFlag('--rate', values.rate, 120, { min: 0.001 }),
        seed: numberFlag('--seed', values.seed, 1, { min: 0, integer: true }),
        ...(mix ? { mix } : {}),
        ...(transfers ? { transfers } : {}),
        ...(speed !== undefined ? { speed } : {}),
        ...(values.expect ? { expect: values.expect } : {}),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    if (values.html) writeFileSync(values.html, loadReportHtml(report));
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(format === 'json' ? JSON.stringify(report, null, 2) : formatLoadReport(report));
    if (format === 'text' && (values.html || values.json))
      console.log(`\nwrote ${[values.html, values.json].filter(Boolean).join(' and ')}`);
    return report.ok ? 0 : 1;
  },
};

export default load;
