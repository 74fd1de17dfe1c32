/**
 * `ivrkit campaign <flow>`: an outbound campaign — a CSV of numbers run through an outbound flow under a
 * calls-per-second limit and a concurrency cap, with a progress bar, retries, and a CSV report at the end. Runs
 * against a simulator (`--sim`) or TeleSign; re-running the same `--id` resumes it.
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  type CallOutcome,
  type CampaignReport,
  createCampaign,
  createJsonLogger,
  NumberListError,
  parseNumbersCsv,
  reportToCsv,
} from '@ivrkit/adapter-http';
import { numberFlag, parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadFlow } from '../load-flow.js';
import { createProgressBar } from '../progress-bar.js';
import { describeStore, storeSpecOf } from '../store-url.js';
import { openWebhookAppOrExplain } from '../webhook-app.js';
import { WEBHOOK_FLAGS, WEBHOOK_USAGE, webhookOptions } from '../webhook-flags.js';

const usage = `Usage: ivrkit campaign <flow> --numbers <csv> --caller-id <number> [options]

Calls every number of the CSV (first column, or a "number" / "Phone Number" column; other columns become report
tags) with an outbound <flow> (reminder, survey, school-alert, or a module path), and writes a CSV report.

Options:
  --numbers <file>    CSV of numbers (required): "," or ";" separated, a "number" or "Phone Number"
                      column, optionally "external_id" (carried by the calls; the reminder reads the
                      appointment id from it). Numbers as typed (+1 (555) 010-0030); a row that is not a
                      number is refused with its line, and nothing is dialled
  --country-code <n>  country calling code of numbers written without one (1 for North America)
  --caller-id <n>     the calling number, one you lease (required)
  --cps <n>           calls started per second, at most (default 1)
  --concurrency <n>   calls in flight, at most (default 5)
  --attempts <n>      calls per number, busy / no answer retried (default 3)
  --backoff <s>       wait before the first retry, doubled after (default 60)
  --id <id>           campaign id; re-running an id resumes it (default: from the CSV name and the time);
                      on a Redis --store, runners of one id share its numbers and its --cps
  --report <file>     where the CSV report goes (default .ivrkit-data/campaign-<id>.csv)
${WEBHOOK_USAGE}`;

const command: Command = {
  summary: 'run an outbound campaign over a CSV of numbers, with a progress bar and a report',
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...WEBHOOK_FLAGS,
        numbers: { type: 'string' },
        'country-code': { type: 'string' },
        'caller-id': { type: 'string' },
        cps: { type: 'string' },
        concurrency: { type: 'string' },
        attempts: { type: 'string' },
        backoff: { type: 'string' },
        id: { type: 'string' },
        report: { type: 'string' },
      },
      true,
    );
    const [spec, ...extra] = positionals;
    if (spec === undefined)
      throw new UsageError('which flow? e.g. ivrkit campaign reminder --numbers list.csv …');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (values.numbers === undefined) throw new UsageError('--numbers <csv> is required');
    const countryCode = values['country-code'];
    if (countryCode !== undefined && !/^\+?[1-9][0-9]{0,2}$/.test(countryCode))
      throw new UsageError(`--country-code: expected 1-3 digits (1 for North America), got ${countryCode}`);
    const callerId = values['caller-id'];
    if (callerId === undefined || !/^[1-9][0-9]{6,14}$/.test(callerId))
      throw new UsageError('--caller-id <number> is required: digits with the country code');
    const cps = numberFlag('--cps', values.cps, 1, { min: 0.01, max: 1_000 });
    const concurrency = numberFlag('--concurrency', values.concurrency, 5, {
      min: 1,
      max: 10_000,
      integer: true,
    });
    const attempts = numberFlag('--attempts', values.attempts, 3, { min: 1, max: 20, integer: true });
    const backoffMs = numberFlag('--backoff', values.backoff, 60, { min: 0, max: 86_400 }) * 1000;
    const common = webhookOptions(values, 0);
    const flow = await loadFlow(spec);
    if (flow.direction !== 'outbound')
      throw new UsageError(`${flow.id} is an ${flow.direction} flow: a campaign needs an outbound one`);
    let csv: string;
    try {
      csv = await readFile(values.numbers, 'utf8');
    } catch (error) {
      throw new UsageError(`--numbers: cannot read ${values.numbers}: ${(error as Error).message}`);
    }
    let numbers: ReturnType<typeof parseNumbersCsv>;
    try {
      numbers = parseNumbersCsv(csv, countryCode === undefined ? {} : { defaultCountryCode: countryCode });
    } catch (error) {
      if (!(error instanceof NumberListError)) throw error;
      process.stderr.write(
        `ivrkit campaign: --numbers ${values.numbers}: ${error.message}\n` +
          'Fix those rows (numbers with their country code, e.g. +1 555 010 0030, or pass --country-code for ' +
          'national numbers) and run again; nothing was dialled.\n',
      );
      return 2;
    }
    if (numbers.length === 0) throw new UsageError(`--numbers: ${values.numbers} has no numbers`);
    const id = values.id ?? `${flow.id}-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
    const store = storeSpecOf(values, process.env, `.ivrkit-data/campaign-${flow.id}`);
    const bar = createProgressBar(process.stdout);
    // Log lines go to stderr above the bar, which is redrawn beneath them.
    const logger = createJsonLogger({
      level: common.level,
      write: (line) => bar.print(() => process.stderr.write(`${line}\n`)),
    });
    const hook = await openWebhookAppOrExplain('campaign', { ...common, flow, store, logger });
    if (!hook) return 2;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `ivrkit campaign ${id}: ${numbers.length} numbers with ${flow.id}, ${cps} calls/s, ${concurrency} at once`,
    );
    out(
      `  voice API ${hook.apiUrl} · event URL ${hook.server.url}${common.path} · state ${describeStore(store)}`,
    );
    const outcomes: Partial<Record<CallOutcome, number>> = {};
    const campaign = createCampaign({
      id,
      numbers,
      callerId,
      cps,
      concurrency,
      runtime: hook.app.runtime,
      client: hook.client,
      store: hook.store,
      // On Redis, the calls-per-second limit is shared by every runner of this campaign id.
      ...(hook.redis
        ? {
            pacer: (await import('@ivrkit/redis')).createRedisPacer(hook.redis, {
              campaign: id,
              ratePerSecond: cps,
            }),
          }
        : {}),
      retry: { attempts, backoffMs },
      logger,
      onProgress: (notice) => {
        if (notice.type === 'finished' && notice.outcome)
          outcomes[notice.outcome] = (outcomes[notice.outcome] ?? 0) + 1;
        const parts = Object.entries(outcomes).map(([outcome, n]) => `${outcome.replace('_', ' ')} ${n}`);
        parts.push(`in flight ${notice.counts.in_flight}`);
        bar.update(notice.counts.done, notice.counts.total, parts.join(' · '));
      },
    });
    const stop = () => {
      bar.finish();
      out('Stopping: no new calls; calls in flight finish (Ctrl-C again to quit at once).');
      campaign.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let report: CampaignReport;
    try {
      report = await campaign.run();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      bar.finish();
      await hook.close();
    }
    const reportFile = resolve(values.report ?? `.ivrkit-data/campaign-${id}.csv`);
    await mkdir(dirname(reportFile), { recursive: true });
    await writeFile(reportFile, reportToCsv(report));
    const totals = Object.entries(report.totals)
      .filter(([, n]) => n > 0)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ');
    out(`Done: ${totals}.`);
    out(`Report: ${reportFile}`);
    return 0;
  },
};

export default command;
