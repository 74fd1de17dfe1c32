/**
 * Where a server child's time went under load: self time by source file, read from the `.cpuprofile` files Node
 * writes with `--cpu-prof` (`compare-figure1 --profile`, `BENCH_PROFILE_DIR`). Only the main thread's profiles
 * count, and in each only the last `windowMs` before the load stopped (the measured part of a figure 1 run: no
 * start-up, no module loading); idle time is left out, so each share is of the time the thread was busy.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a `.cpuprofile` read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Node's name for a main-thread profile: `CPU.<date>.<time>.<pid>.0.<seq>.cpuprofile`. */
const MAIN_THREAD = /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/;

/**
 * Each source file's share (0–1) of the busy time in the main-thread profiles of `dir`, merged; Node's own
 * modules are one entry, and a package's `src/x.ts` and `dist/x.js` are one name (`adapter-http/runtime/x`).
 *
 * @example
 * const shares = await busyShares('/tmp/prof/after'); // Map { 'writev' => 0.2, 'xstate@5.33.3' => 0.14, … }
 */
export async function busyShares(dir: string, windowMs = 5_000): Promise<Map<string, number>> {
  const self = new Map<string, number>();
  let busy = 0;
  for (const name of (await readdir(dir)).filter((file) => MAIN_THREAD.test(file))) {
    const profile = JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile;
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
    // The load stops a little before the child does: leave out the last 0.3 s, take the windowMs before it.
    const end = total - 300_000;
    const start = end - windowMs * 1_000;
    let at = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i] ?? 0;
      if (at < start || at > end) continue;
      const frame = frames.get(profile.samples[i] as number);
      if (!frame || frame.functionName === '(idle)') continue;
      const spent = profile.timeDeltas[i + 1] ?? 0;
      busy += spent;
      const key = sourceName(frame);
      self.set(key, (self.get(key) ?? 0) + spent);
    }
  }
  return new Map([...self].map(([key, spent]) => [key, busy > 0 ? spent / busy : 0]));
}

/** A short name for where a frame's code lives. */
function sourceName(frame: { functionName: string; url: string }): string {
  if (frame.url.startsWith('node:')) return 'node internals (http, streams, timers, …)';
  if (frame.url === '') return frame.functionName;
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\//.exec(frame.url);
  if (pnpm) return pnpm[1] as string;
  const own = /\/packages\/([^/]+)\/(?:src|dist)\/(.+)\.(?:ts|js)$/.exec(frame.url);
  return own ? `${own[1]}/${own[2]}` : frame.url.replace(/^file:\/\//, '');
}
