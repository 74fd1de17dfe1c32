import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../src/progress-bar.js';

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
});
