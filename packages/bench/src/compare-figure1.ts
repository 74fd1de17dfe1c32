/**
 * `pnpm --filter @ivrkit/bench compare-figure1`: figure 1 (adapter ÷ bare node:http) of two or more variants of the
 * runtime, measured in alternating rounds in one time window with this package's load generator — so a busy
 * neighbour or a slow minute hurts every variant alike, and the ranges show how much the machine moved.
 *
 * A variant is `label=<checkout>` (the server child of that checkout's `packages/bench`, its TypeScript through
 * tsx, as `pnpm bench` runs it) or `label=<checkout>:compiled` (that checkout's built JavaScript under plain
 * `node`, as a user installs it: run `pnpm build` there first), or `label=<entry file>` (a server entry of one's own
 * that takes `server-main.ts`'s arguments: `.ts` through tsx, `.js` under plain node).
 *
 * ```sh
 * pnpm --filter @ivrkit/bench compare-figure1 --rounds 4 before=/path/to/old/checkout after=.
 * pnpm --filter @ivrkit/bench compare-figure1 --rounds 4 tsx=. compiled=.:compiled
 * ```
 *
 * Each round runs every variant once (bare server, then adapter, 5 s measured after 1.5 s warm-up, as figure 1),
 * in rotating order. Prints one line per run with the 1-minute load average, then each variant's ratio range
 * and its median against the first variant's. `--profile <dir>` writes a CPU profile of every adapter child there
 * (`<dir>/<label>/`; use an empty one) and ends with where each variant's time went (`profile-summary.ts`).
 * Relative checkouts are taken from the repository root.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { recordBenchCallEvents } from './call-script.js';
import { measureWebhookThroughput } from './figures/webhook-throughput.js';
import { busyShares } from './profile-summary.js';
import { compiledBuildProblem, compiledServerEntry } from './servers/compiled-entry.js';
import { round } from './stats.js';

/** One tree (and mode) to measure. */
interface Variant {
  label: string;
  entry: string;
  compiled: boolean;
}

/** One measured run of a variant. */
interface Run {
  bare: number;
  adapter: number;
  ratio: number;
  /** The adapter process's CPU per event answered, µs. */
  adapterCpuUs: number;
  load: number;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    profile: { type: 'string' },
    'duration-ms': { type: 'string', default: '5000' },
  },
});

function parseVariant(spec: string): Variant {
  const match = /^([^=]+)=(.+?)(:compiled)?$/.exec(spec);
  if (!match) throw new Error(`a variant is label=<checkout>[:compiled], got "${spec}"`);
  const [, label = '', dir = '', compiled] = match;
  const tree = resolve(repoRoot, dir);
  const isCompiled = compiled !== undefined || tree.endsWith('.js');
  const entry = /\.[jt]s$/.test(tree)
    ? tree
    : isCompiled
      ? compiledServerEntry(tree)
      : join(tree, 'packages/bench/src/servers/server-main.ts');
  if (!existsSync(entry)) {
    throw new Error(
      isCompiled
        ? `${entry} does not exist: run \`pnpm build && pnpm --filter @ivrkit/bench build:servers\` in ${tree}`
        : `${entry} does not exist: is ${tree} a checkout of ivrkit?`,
    );
  }
  const problem = isCompiled && !/\.js$/.test(tree) ? compiledBuildProblem(tree) : undefined;
  if (problem) throw new Error(problem);
  return { label, entry, compiled: isCompiled };
}

const variants = positionals.map(parseVariant);
if (variants.length < 1) throw new Error('name at least one variant: label=<checkout>[:compiled]');
const rounds = Number(values.rounds);
const durationMs = Number(values['duration-ms']);
const events = await recordBenchCallEvents();
const runs = new Map<string, Run[]>(variants.map((v) => [v.label, []]));

console.log(
  `figure 1, ${rounds} alternating rounds of ${variants.map((v) => v.label).join(', ')}; Node ${process.version}`,
);
for (let r = 0; r < rounds; r++) {
  // Rotate the order each round, so no variant always runs first (right after the machine was idle).
  const order = variants.map((_, i) => variants[(i + r) % variants.length] as Variant);
  for (const variant of order) {
    const load = loadavg()[0] ?? 0;
    const figures = await measureWebhookThroughput({
      events,
      rounds: 1,
      fileStore: false,
      durationMs,
      serverEntry: variant.entry,
      compiled: variant.compiled,
      ...(values.profile ? { adapterProfileDir: join(resolve(values.profile), variant.label) } : {}),
    });
    const value = (key: string) => figures.find((f) => f.key === key)?.value ?? Number.NaN;
    const run: Run = {
      bare: value('webhook.bare.eventsPerSecond'),
      adapter: value('webhook.adapter.eventsPerSecond'),
      ratio: value('webhook.ratio'),
      adapterCpuUs: value('webhook.adapter.cpuUsPerEvent'),
      load,
    };
    runs.get(variant.label)?.push(run);
    const adapterNote = figures.find((f) => f.key === 'webhook.adapter.eventsPerSecond')?.note ?? '';
    if (r === 0 && adapterNote.includes('; ran ')) {
      console.log(`  ${variant.label} ${adapterNote.slice(adapterNote.indexOf('; ran ') + 2)}`);
    }
    const unexpected = figures.find((f) => f.key === 'webhook.adapter.unexpectedAnswers');
    console.log(
      `round ${r + 1} ${variant.label.padEnd(10)} bare ${run.bare} ev/s, adapter ${run.adapter} ev/s (${run.adapterCpuUs} µs CPU/event), ratio ${run.ratio}; load ${load.toFixed(2)}${unexpected ? `; UNEXPECTED ANSWERS: ${unexpected.note}` : ''}`,
    );
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? round(((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2, 3)
    : (sorted[Math.floor(middle)] ?? Number.NaN);
};
const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
const first = runs.get(variants[0]?.label ?? '') ?? [];
console.log('\nsummary (ranges over the rounds; median ratio relative to the first variant)');
for (const variant of variants) {
  const own = runs.get(variant.label) ?? [];
  const ratios = own.map((x) => x.ratio);
  const relative = round(median(ratios) / median(first.map((x) => x.ratio)), 3);
  console.log(
    `${variant.label.padEnd(10)} ratio ${range(ratios)} (median ${median(ratios)}), adapter ${range(own.map((x) => x.adapter))} ev/s (${range(own.map((x) => x.adapterCpuUs))} µs CPU/event), bare ${range(own.map((x) => x.bare))} ev/s, load ${range(own.map((x) => round(x.load, 2)))}; × ${relative}`,
  );
}

if (values.profile) {
  // Self time per event of each source file: its share of the busy time × the median CPU per event.
  const profileRoot = resolve(values.profile);
  const summaries = await Promise.all(
    variants.map(async (variant) => ({
      label: variant.label,
      shares: await busyShares(join(profileRoot, variant.label)),
      cpuUs: median((runs.get(variant.label) ?? []).map((x) => x.adapterCpuUs)),
    })),
  );
  const top = new Set<string>();
  for (const { shares } of summaries) {
    for (const [key] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, 12)) top.add(key);
  }
  const last = summaries[summaries.length - 1];
  console.log(
    `\nadapter self time by source, µs per event (share of busy time), last 5 s of each run; profiles in ${profileRoot}`,
  );
  for (const key of [...top].sort((a, b) => (last?.shares.get(b) ?? 0) - (last?.shares.get(a) ?? 0))) {
    const cells = summaries.map(({ label, shares, cpuUs }) => {
      const share = shares.get(key) ?? 0;
      return `${label} ${round(share * cpuUs, 1)} (${round(share * 100, 1)} %)`;
    });
    console.log(`  ${key.padEnd(42)} ${cells.join('  ')}`);
  }
}
