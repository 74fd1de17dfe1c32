/**
 * `ivrkit check`'s progress on a terminal: cases done, failing cases so far (a failure is then shrunk, which runs
 * more failing cases), and the rate.
 *
 * @module
 */
import { createStatusLine, type ProgressStream } from './progress-bar.js';

/**
 * Progress of a check: give `onCase` to `checkFlow`, call `finish` before printing the report.
 *
 * @example
 * const progress = createCheckProgress(process.stderr);
 * const report = await checkFlow(flow, { onCase: progress.onCase });
 * progress.finish();
 */
export function createCheckProgress(
  stream: ProgressStream,
  options: { now?: () => number; intervalMs?: number } = {},
) {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const status = createStatusLine(stream, { now, ...(options.intervalMs === undefined ? {} : options) });
  let cases = 0;
  let failing = 0;
  return {
    onCase(_index: number, failures: readonly unknown[]) {
      cases++;
      const first = failures.length > 0 && failing === 0;
      if (failures.length > 0) failing++;
      const seconds = (now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(cases / seconds) : 0;
      const parts = [
        `check: ${cases} cases`,
        `${failing} failing`,
        `${rate.toLocaleString('en-US')} cases/s`,
      ];
      if (failing > 0) parts.push('shrinking the failure');
      status.update(parts.join(' · '), first);
    },
    finish() {
      status.finish();
    },
  };
}
