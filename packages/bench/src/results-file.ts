/**
 * The committed results files (`results/latest.json`, `results/reliability.json`): every figure of the last run
 * with the machine it ran on, so each change can be compared with the one before.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Figure, meetsTarget } from './figure.js';

/** The results directory of this package. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** A results file. */
export interface ResultsFile {
  /** ISO time of the run. */
  at: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string; loadAverage: number[] };
  figures: Record<string, StoredFigure>;
}

/** A figure as stored. */
export interface StoredFigure {
  label: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
  note?: string;
}

/**
 * Reads a results file; `undefined` when absent or unreadable.
 *
 * @example
 * const previous = await readResults('latest.json');
 */
export async function readResults(name: string): Promise<ResultsFile | undefined> {
  try {
    return JSON.parse(await readFile(`${RESULTS_DIR}${name}`, 'utf8')) as ResultsFile;
  } catch {
    return undefined;
  }
}

/**
 * The stored form of figures, keyed.
 *
 * @example
 * const stored = storeFigures([figure]);
 */
export function storeFigures(figures: readonly Figure[]): Record<string, StoredFigure> {
  const out: Record<string, StoredFigure> = {};
  for (const figure of figures) {
    const stored: StoredFigure = { label: figure.label, value: figure.value, unit: figure.unit };
    if (figure.target) stored.target = `${figure.target.op} ${figure.target.value}`;
    const pass = meetsTarget(figure);
    if (pass !== undefined) stored.pass = pass;
    if (figure.note) stored.note = figure.note;
    out[figure.key] = stored;
  }
  return out;
}

/**
 * Writes a results file: `figures` replace the stored ones with the same key (`merge`) or all of them.
 *
 * @example
 * await writeResults('latest.json', figures);
 */
export async function writeResults(
  name: string,
  figures: readonly Figure[],
  options: { merge?: boolean } = {},
): Promise<ResultsFile> {
  const previous = options.merge ? await readResults(name) : undefined;
  const file: ResultsFile = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    },
    figures: { ...previous?.figures, ...storeFigures(figures) },
  };
  await writeFile(`${RESULTS_DIR}${name}`, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
