/**
 * Benchmark: events/s of the bank flow's pure step (`stepFlow`) and its persisted snapshot size, beside a
 * hand-written `switch` handler of the same flow (`bank-switch.ts`), in the same process.
 *
 * Run: `pnpm --filter @ivrkit/machines bench`.
 */
import type { VoiceAction } from '@ivrkit/protocol';
import { bankFlow } from '../src/examples/index.js';
import { type CallSnapshot, type StepInput, stepFlow } from '../src/index.js';
import { bankScript } from './bank-script.js';
import { bankSwitchStep, type SwitchState } from './bank-switch.js';

const encoder = new TextEncoder();

/** Runs one scripted call through a step function, persisting as JSON between events like a webhook server. */
interface Runner {
  name: string;
  call(script: StepInput[], record?: (size: number, actions: VoiceAction[]) => void): void;
}

const machines: Runner = {
  name: 'stepFlow (XState)',
  call(script, record) {
    let saved: string | undefined;
    let now = 1_700_000_000_000;
    for (const input of script) {
      now += 1_000;
      const snapshot = saved === undefined ? undefined : (JSON.parse(saved) as CallSnapshot);
      const r = stepFlow(bankFlow, snapshot, input, { now });
      saved = JSON.stringify(r.snapshot);
      record?.(encoder.encode(saved).length, r.actions);
    }
  },
};

const handWritten: Runner = {
  name: 'hand-written switch',
  call(script, record) {
    let saved: string | undefined;
    let now = 1_700_000_000_000;
    for (const input of script) {
      now += 1_000;
      const state = saved === undefined ? undefined : (JSON.parse(saved) as SwitchState);
      const r = bankSwitchStep(state, input, now);
      saved = JSON.stringify(r.state);
      record?.(encoder.encode(saved).length, r.actions);
    }
  },
};

/** Events/s of one round of at least `ms` milliseconds. */
function round(runner: Runner, script: StepInput[], ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) runner.call(script);
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls * script.length) / (elapsed / 1000);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Interleaved rounds (A, B, A, B, …) so that both handlers see the same machine load; the median of each is kept.
 */
function measure(runners: Runner[], script: StepInput[], totalMs: number): number[] {
  for (const runner of runners) for (let i = 0; i < 200; i++) runner.call(script); // warm-up
  const rounds = 10;
  const results = runners.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, runner] of runners.entries()) {
      results[i]?.push(round(runner, script, totalMs / rounds / runners.length));
    }
  }
  return results.map(median);
}

function sizes(runner: Runner, script: StepInput[]): { max: number; mean: number; actions: string } {
  const all: number[] = [];
  const sent: VoiceAction[] = [];
  runner.call(script, (size, actions) => {
    all.push(size);
    sent.push(...actions);
  });
  return {
    max: Math.max(...all),
    mean: Math.round(all.reduce((a, b) => a + b, 0) / all.length),
    actions: JSON.stringify(sent),
  };
}

const script = bankScript();
const ms = Number(process.env.BENCH_MS ?? 4_000);
const a = sizes(machines, script);
const b = sizes(handWritten, script);
if (a.actions !== b.actions) throw new Error('the two handlers disagree on the script: not the same flow');

const [xsRate = 0, swRate = 0] = measure([machines, handWritten], script, ms);
const xs = { runner: machines, eventsPerSecond: xsRate };
const sw = { runner: handWritten, eventsPerSecond: swRate };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `bank flow, scripted call of ${script.length} events (JSON parse + step + stringify per event); ` +
    `median of 10 interleaved rounds, ${ms} ms in all`,
);
console.log(
  `  ${xs.runner.name.padEnd(22)} ${fmt(xs.eventsPerSecond).padStart(10)} events/s   snapshot max ${a.max} B, mean ${a.mean} B`,
);
console.log(
  `  ${sw.runner.name.padEnd(22)} ${fmt(sw.eventsPerSecond).padStart(10)} events/s   state    max ${b.max} B, mean ${b.mean} B`,
);
console.log(
  `  ratio (switch / stepFlow): ${(sw.eventsPerSecond / xs.eventsPerSecond).toFixed(1)}x faster; snapshot ${(a.max / b.max).toFixed(1)}x larger`,
);
console.log(
  `  per event: stepFlow ${(1e6 / xs.eventsPerSecond).toFixed(1)} µs, switch ${(1e6 / sw.eventsPerSecond).toFixed(2)} µs`,
);
