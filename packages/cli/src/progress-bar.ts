/**
 * A one-line progress bar for terminals (redrawn in place), or plain lines when the output is not a terminal.
 *
 * @module
 */

/** The bar. */
export interface ProgressBar {
  /** Redraws with `done` of `total` and a trailing text. */
  update(done: number, total: number, text: string): void;
  /** Ends the line. */
  finish(): void;
}

/**
 * A bar writing to `stream`; on a non-terminal it prints a line only when `done` changes.
 *
 * @example
 * const bar = createProgressBar(process.stdout);
 * bar.update(3, 10, 'completed 3');
 * bar.finish();
 */
export function createProgressBar(
  stream: { write(text: string): unknown; isTTY?: boolean; columns?: number },
  width = 28,
): ProgressBar {
  let lastDone = -1;
  let drawn = false;
  return {
    update(done, total, text) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ${text}`;
      if (stream.isTTY) {
        const columns = stream.columns ?? 120;
        stream.write(`\r\x1b[K${line.slice(0, columns - 1)}`);
        drawn = true;
      } else if (done !== lastDone) {
        stream.write(`${line}\n`);
      }
      lastDone = done;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
