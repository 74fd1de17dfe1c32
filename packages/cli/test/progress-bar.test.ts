import { describe, expect, it } from 'vitest';
import { createCheckProgress } from '../src/check-progress.js';
import { createProgressBar, createStatusLine } from '../src/progress-bar.js';

/** A tiny terminal: what the screen shows after `\r`, `\x1b[K` (erase to end of line), `\n` and text. */
function terminal(columns = 80) {
  const lines: string[] = [''];
  let col = 0;
  const write = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      const row = lines.length - 1;
      if (char === '\r') col = 0;
      else if (char === '\n') {
        lines.push('');
        col = 0;
      } else if (text.startsWith('\x1b[K', i)) {
        lines[row] = (lines[row] as string).slice(0, col);
        i += 2;
      } else {
        const line = (lines[row] as string).padEnd(col, ' ');
        lines[row] = line.slice(0, col) + char + line.slice(col + 1);
        col++;
      }
    }
  };
  // stdout and stderr of one terminal: two streams writing to the same screen.
  const stream = { isTTY: true, columns, write };
  return { stdout: stream, stderr: stream, screen: () => lines.slice() };
}

describe('createProgressBar', () => {
  it('redraws one line on a terminal', () => {
    let text = '';
    const bar = createProgressBar({ isTTY: true, columns: 80, write: (t: string) => (text += t) }, 10);
    bar.update(0, 4, 'in flight 2');
    bar.update(2, 4, 'completed 2');
    bar.finish();
    expect(text).toBe('\r\x1b[K[░░░░░░░░░░] 0/4  in flight 2\r\x1b[K[█████░░░░░] 2/4  completed 2\n');
  });

  it('prints a line per step elsewhere', () => {
    const lines: string[] = [];
    const bar = createProgressBar({ write: (t: string) => lines.push(t) }, 4);
    bar.update(1, 2, 'a');
    bar.update(1, 2, 'b');
    bar.update(2, 2, 'c');
    bar.finish();
    expect(lines).toEqual(['[██░░] 1/2  a\n', '[████] 2/2  c\n']);
  });

  it('keeps log lines written to stderr whole, above the bar, with the bar redrawn on the last line', () => {
    const tty = terminal();
    const bar = createProgressBar(tty.stdout, 4);
    const log = (line: string) => bar.print(() => tty.stderr.write(`${line}\n`));
    bar.update(1, 4, 'in flight 1');
    log('{"level":"warn","msg":"dial failed; the call may have been placed"}');
    bar.update(2, 4, 'in flight 2');
    log('{"level":"info","msg":"campaign resumed"}');
    expect(tty.screen()).toEqual([
      '{"level":"warn","msg":"dial failed; the call may have been placed"}',
      '{"level":"info","msg":"campaign resumed"}',
      '[██░░] 2/4  in flight 2',
    ]);
    bar.finish();
    expect(tty.screen().at(-1)).toBe('');
  });
});

describe('check progress', () => {
  it('shows cases, failing cases and the rate on a terminal, and clears itself', () => {
    const tty = terminal();
    let now = 0;
    const progress = createCheckProgress(tty.stderr, { now: () => now, intervalMs: 100 });
    // A case every 10 ms; the line is redrawn every 100 ms: after cases 1, 11, … 51.
    for (let i = 0; i < 55; i++) {
      now += 10;
      progress.onCase(i, []);
    }
    expect(tty.screen()).toEqual(['check: 51 cases · 0 failing · 100 cases/s']);
    // The first failure is shown at once.
    progress.onCase(55, [{ invariant: 'no-trap', message: 'caller trapped' }]);
    expect(tty.screen()).toEqual(['check: 56 cases · 1 failing · 102 cases/s · shrinking the failure']);
    progress.finish();
    expect(tty.screen()).toEqual(['']);
  });

  it('writes nothing when the output is not a terminal', () => {
    const written: string[] = [];
    const status = createStatusLine({ write: (text: string) => written.push(text) });
    status.update('check: 1 cases', true);
    status.finish();
    expect(written).toEqual([]);
  });
});
