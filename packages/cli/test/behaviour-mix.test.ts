import { describe, expect, it } from 'vitest';
import { behaviourMix } from '../src/demo/demo-api.js';

describe('behaviourMix', () => {
  it('gives each outcome its share, the rest answering', () => {
    const mix = behaviourMix(20, { answered: 60, busy: 15, no_answer: 15, failed: 10 });
    const count = (outcome: string) => mix.filter((b) => b.outcome === outcome).length;
    expect(mix).toHaveLength(20);
    expect([count('answered'), count('busy'), count('no_answer'), count('failed')]).toEqual([12, 3, 3, 2]);
  });

  it('has answering callees confirm, cancel or stay silent in turn', () => {
    const answered = behaviourMix(3, { answered: 100, busy: 0, no_answer: 0, failed: 0 });
    expect(answered.map((b) => JSON.stringify(b.caller))).toEqual([
      JSON.stringify({ rules: [{ says: 'to confirm', press: '1', afterMs: 600 }] }),
      expect.stringContaining('"press":"3"'),
      '{}',
    ]);
  });

  it('clamps nonsense shares', () => {
    const mix = behaviourMix(4, { answered: 0, busy: 500, no_answer: -3, failed: Number.NaN });
    expect(mix.every((b) => b.outcome === 'busy')).toBe(true);
  });
});
