import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * Code only: comments (where examples legitimately mention Date.now) are blanked out, and so are method
 * signatures of interfaces (the runner's injected clock declares `setTimeout(fn, ms): unknown;`).
 */
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/^\s+\w+\(.*\): [\w<>[\]| ]+;$/gm, '');

describe('packages/machines/src is pure', () => {
  const sources = files(SRC).map((path) => ({ path, text: code(readFileSync(path, 'utf8')) }));

  it.each([
    ['node built-ins', /from ['"]node:/],
    ['ws', /from ['"]ws['"]/],
    ['the network', /\bfetch\(|XMLHttpRequest|WebSocket/],
    ['real timers', /(?<![.\w])(setTimeout|setInterval|setImmediate|queueMicrotask)\(/],
    ['the wall clock', /\bDate\.now\(|new Date\(/],
    ['randomness', /Math\.random\(|crypto\./],
  ])('uses no %s', (_label, pattern) => {
    const offenders = sources.filter((s) => pattern.test(s.text)).map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it('keeps files small, kebab-case, with TSDoc @example on every export', () => {
    for (const { path } of sources) {
      const name = path.split('/').at(-1) ?? '';
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
      const raw = readFileSync(path, 'utf8');
      expect(raw.split('\n').length, path).toBeLessThan(260);
      const lines = raw.split('\n');
      lines.forEach((line, i) => {
        // Declarations only: a re-export list (`export type {` … `} from '…'`) documents nothing of its own.
        if (!/^export (async )?(function|const|class|interface|type) /.test(line) || / from '/.test(line))
          return;
        if (/^export (type )?\{/.test(line)) return;
        const before = lines.slice(Math.max(0, i - 40), i).join('\n');
        const doc = before.slice(before.lastIndexOf('/**'));
        const documented = before.lastIndexOf('/**') >= 0 && !doc.includes('\nexport ') && doc.includes('*/');
        expect(documented, `${path}:${i + 1} ${line}`).toBe(true);
        expect(doc, `${path}:${i + 1}`).toContain('@example');
      });
    }
  });
});
