/**
 * Figure 1's ceiling: the highest adapter ÷ bare ratio an adapter could reach if it did nothing but the necessary
 * stages of 1b on top of the bare server's HTTP work. A measured ratio above it would mean the stages were
 * mis-measured; a target above it cannot be met without making those stages cheaper.
 *
 * @module
 */
import type { Figure } from '../figure.js';
import { round } from '../stats.js';

/**
 * The ceiling, from the figures of sections 1 and 1b of the same run; nothing when either is missing.
 *
 * @example
 * figures.push(...webhookCeiling(figures));
 */
export function webhookCeiling(figures: readonly Figure[]): Figure[] {
  const bare = figures.find((f) => f.key === 'webhook.bare.cpuUsPerEvent')?.value;
  const necessary = figures.find((f) => f.key === 'webhook.breakdown.necessaryUs')?.value;
  if (bare === undefined || necessary === undefined || !(bare > 0)) return [];
  return [
    {
      key: 'webhook.ratioCeiling',
      label: '1. highest adapter ÷ bare the necessary stages allow, info',
      value: round(bare / (bare + necessary), 3),
      unit: '',
      note: `bare CPU per event ${round(bare, 1)} µs ÷ (that + the necessary stages' ${round(necessary, 1)} µs); measured in-process, so the real cost under load is higher`,
    },
  ];
}
