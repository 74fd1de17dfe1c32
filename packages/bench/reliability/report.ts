/**
 * How each reliability test prints its figures and keeps them in `results/reliability.json`.
 *
 * @module
 */
import { type Figure, formatFigure } from '../src/figure.js';
import { readResults, writeResults } from '../src/results-file.js';

/**
 * Prints figures (with the change against the stored ones) and merges them into `results/reliability.json`.
 *
 * @example
 * await reportFigures('faults', [{ key: 'faults.calls', label: 'calls', value: 1000, unit: '' }]);
 */
export async function reportFigures(title: string, figures: readonly Figure[]): Promise<void> {
  const previous = await readResults('reliability.json');
  const lines = [`\n${title}`];
  for (const figure of figures) {
    lines.push(formatFigure(figure, previous?.figures[figure.key]?.value));
    if (figure.note) lines.push(`      ${figure.note}`);
  }
  console.log(lines.join('\n'));
  await writeResults('reliability.json', figures, { merge: true });
}
