/**
 * Progress on a terminal: a bar, or a status line, redrawn in place on the last line; other output (log lines)
 * goes above it through {@link ProgressBar.print}, so nothing overwrites the bar and the bar never breaks a line.
 * When the output is not a terminal, the bar prints plain lines and the status line prints nothing.
 *
 * @module
 */

/** A stream the way progress needs it: `process.stdout` is one. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The bar. */
export interface ProgressBar {
  /** Redraws with `done` of `total` and a trailing text. */
  update(done: number, total: number, text: string): void;
  /**
   * Writes other output (a log line, on this stream or another one to the same terminal) above the bar: the bar's
   * line is cleared first and redrawn after.
   */
  print(write: () => void): void;
  /** Ends the line. */
  finish(): void;
}

/** One line redrawn in place on a terminal. */
function inPlace(stream: ProgressStream) {
  let shown = '';
  return {
    get shown() {
      return shown;
    },
    draw(line: string) {
      shown = line.slice(0, (stream.columns ?? 120) - 1);
      stream.write(`\r\x1b[K${shown}`);
    },
    clear() {
      if (shown !== '') stream.write('\r\x1b[K');
    },
    restore() {
      if (shown !== '') stream.write(shown);
    },
    end(keep: boolean) {
      if (shown === '') return;
      stream.write(keep ? '\n' : '\r\x1b[K');
      shown = '';
    },
  };
}

/**
 * A bar writing to `stream`; on a non-terminal it prints a line only when `done` changes.
 *
 * @example
 * const bar = createProgressBar(process.stdout);
 * bar.update(3, 10, 'completed 3');
 * bar.print(() => process.stderr.write('a log line\n'));
 * bar.finish();
 */
export function createProgressBar(stream: ProgressStream, width = 28): ProgressBar {
  let lastDone = -1;
  const line = inPlace(stream);
  return {
    update(done, total, text) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ${text}`;
      if (stream.isTTY) line.draw(bar);
      else if (done !== lastDone) stream.write(`${bar}\n`);
      lastDone = done;
    },
    print(write) {
      line.clear();
      write();
      line.restore();
    },
    finish() {
      line.end(true);
    },
  };
}

/**
 * A status line on a terminal (nothing elsewhere), redrawn at most every `intervalMs`.
 *
 * @example
 * const status = createStatusLine(process.stderr);
 * status.update('42 cases · 0 failing');
 * status.finish();
 */
export function createStatusLine(
  stream: ProgressStream,
  options: { intervalMs?: number; now?: () => number } = {},
) {
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const line = inPlace(stream);
  let drawnAt = Number.NEGATIVE_INFINITY;
  return {
    /** Redraws, unless it was redrawn less than `intervalMs` ago and `force` is not set. */
    update(text: string, force = false) {
      if (!stream.isTTY) return;
      const at = now();
      if (!force && at - drawnAt < intervalMs) return;
      drawnAt = at;
      line.draw(text);
    },
    /** Removes the line, so what follows starts on a clean one. */
    finish() {
      line.end(false);
    },
  };
}
