import { defineFlow, hangup, menu, say, transfer } from '@ivrkit/machines';
import { bankFlow, schoolClosureFlow } from '@ivrkit/machines/examples';
import { createRandom } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import {
  formatLoadReport,
  type LoadReport,
  loadReportHtml,
  type Persona,
  parseMix,
  promptEntries,
  runLoad,
} from '../src/index.js';
import { CALL_ENDED_EXIT } from '../src/load/call-tracker.js';
import { parseExpectation } from '../src/load/load-report.js';
import { assignPersonas } from '../src/load/personas.js';

/** Every call that came into a state left it once: by an exit, or by hanging up there. */
function expectBalancedFunnel(report: LoadReport) {
  for (const row of report.funnel) {
    const left = Object.values(row.exits).reduce((a, b) => a + b, 0) + row.abandoned;
    expect(left, `calls leaving ${row.state}`).toBe(row.entered);
  }
}

describe('mixes and personas', () => {
  it('parses a mix and refuses what is not one', () => {
    expect(parseMix('patient:60,impatient:20,wrong-keys:10,silent:10')).toEqual({
      patient: 60,
      impatient: 20,
      'wrong-keys': 10,
      silent: 10,
    });
    expect(() => parseMix('patient=60')).toThrow('"patient=60" is not name:weight (e.g. patient:60)');
    expect(() => parseMix('grumpy:5', ['patient'])).toThrow('no persona named "grumpy" (known: patient)');
    expect(() => parseMix('patient:0')).toThrow('every weight is 0');
  });

  it('assigns exact shares by largest remainder', () => {
    const names = assignPersonas(7, { a: 50, b: 30, c: 20 }, createRandom(1));
    expect(names.filter((n) => n === 'a')).toHaveLength(4);
    expect(names.filter((n) => n === 'b')).toHaveLength(2);
    expect(names.filter((n) => n === 'c')).toHaveLength(1);
  });

  it('knows which entries each bank prompt takes and refuses', () => {
    const entries = promptEntries(bankFlow);
    const welcome = {
      index: 1,
      method: 'speak' as const,
      text: 'Welcome to Example Bank. For your account balance, press 1. For card services, press 2. To speak to an agent, press 0.',
      urls: [],
      durationMs: 9_000,
      collectsDigits: true,
      startedAt: 0,
    };
    expect(entries.valid(welcome)).toEqual(['0', '1', '2']);
    expect(entries.wrong(welcome)).toContain('9');
    expect(entries.wrong(welcome)).not.toContain('1');
  });
});

describe('expectations', () => {
  it('reads outcomes, times and counts, and says what is wrong with the rest', () => {
    expect(parseExpectation('transfer<=30%')).toMatchObject({
      metric: 'transfer',
      op: '<=',
      value: 30,
      unit: '%',
    });
    expect(parseExpectation('p90<2m')).toMatchObject({ metric: 'p90', value: 120_000, unit: 'ms' });
    expect(parseExpectation('errors=0')).toMatchObject({ metric: 'errors', unit: 'count' });
    expect(() => parseExpectation('transfers<=30%')).toThrow('no metric named "transfers"');
    expect(() => parseExpectation('p90<=120')).toThrow('p90 needs a time unit (ms, s or m)');
    expect(() => parseExpectation('transfer is low')).toThrow('is not <metric><op><value>');
  });
});

describe('runLoad', () => {
  it('runs a mixed population through the bank flow: every call ends, the funnel balances', async () => {
    const report = await runLoad(bankFlow, {
      callers: 150,
      seed: 3,
      expect: ['unfinished=0', 'errors=0', 'violations=0', 'transfer<=10%'],
    });
    expect(report.callers).toBe(150);
    expect(report.mix).toEqual({ patient: 90, impatient: 30, 'wrong-keys': 15, silent: 15 });
    expect(Object.values(report.outcomes).reduce((a, b) => a + b, 0)).toBe(150);
    expect(report.outcomes.unfinished).toBe(0);
    expect(report.errors).toEqual({ count: 0, first: [] });
    expect(report.violations).toBe(0);
    expect(report.funnel[0]).toMatchObject({ state: 'welcome', entered: 150 });
    expectBalancedFunnel(report);
    // Silent callers hear the welcome three times and are said goodbye to; none reaches a person.
    expect(report.byPersona.silent).toEqual({ completed: 15, transfer: 0, abandoned: 0, unfinished: 0 });
    const welcome = report.funnel[0];
    expect(welcome?.timedOut).toBeGreaterThanOrEqual(15 * 3);
    expect(report.timeInIvr.count).toBe(150);
    expect(report.timeInIvr.p50).toBeGreaterThan(0);
    expect(report.latency.count).toBeGreaterThan(150 * 3);
    expect(report.expectations.map((e) => [e.text, e.ok])).toEqual([
      ['unfinished=0', true],
      ['errors=0', true],
      ['violations=0', true],
      ['transfer<=10%', false],
    ]);
    expect(report.ok).toBe(false);
    expect(formatLoadReport(report)).toContain('✗ expect transfer<=10%');
    expect(loadReportHtml(report)).toContain('<svg id="funnel"');
  }, 60_000);

  it('takes personas of your own, by name in the mix', async () => {
    const flow = defineFlow({
      id: 'front-desk',
      version: 1,
      direction: 'inbound',
      language: 'en-US',
      callerId: 'caller',
      start: 'main',
      nodes: {
        main: menu({
          prompt: 'For opening hours, press 1. To speak to someone, press 0.',
          options: { 1: 'hours', 0: 'desk' },
          noInput: { retries: 2, next: 'bye' },
          invalid: { retries: 2, next: 'desk' },
        }),
        hours: say({ prompt: 'We are open nine to five.', next: 'bye' }),
        desk: transfer({ to: '15550100000', onFailed: 'bye' }),
        bye: hangup({ prompt: 'Goodbye.' }),
      },
    });
    const hoursOnly: Persona = {
      description: 'asks for the opening hours',
      caller: () => ({
        onPrompt: (prompt) => (prompt.collectsDigits ? { press: '1', afterMs: 500 } : undefined),
      }),
    };
    const report = await runLoad(flow, {
      callers: 20,
      mix: { 'hours-only': 1 },
      personas: { 'hours-only': hoursOnly },
    });
    expect(report.outcomes.completed).toBe(20);
    expect(report.funnel.map((row) => [row.state, row.entered, row.exits])).toEqual([
      ['main', 20, { hours: 20 }],
      ['hours', 20, { bye: 20 }],
      ['bye', 20, { [CALL_ENDED_EXIT]: 20 }],
    ]);
  }, 30_000);

  it('gives the same report for the same seed, another for another', async () => {
    const figures = (r: LoadReport) => JSON.stringify([r.outcomes, r.funnel, r.timeInIvr, r.byPersona]);
    const [a, b, c] = await Promise.all([
      runLoad(bankFlow, { callers: 40, seed: 11 }),
      runLoad(bankFlow, { callers: 40, seed: 11 }),
      runLoad(bankFlow, { callers: 40, seed: 12 }),
    ]);
    expect(figures(a)).toBe(figures(b));
    expect(figures(a)).not.toBe(figures(c));
  }, 60_000);

  it('runs on a real clock with a speed', async () => {
    const report = await runLoad(bankFlow, {
      callers: 6,
      speed: 100,
      ratePerMinute: 600,
      mix: { patient: 1 },
      talkMs: [1_000, 2_000],
    });
    expect(report.clock).toEqual({ kind: 'real', speed: 100 });
    expect(report.outcomes.unfinished).toBe(0);
    expect(report.errors.count).toBe(0);
    expectBalancedFunnel(report);
  }, 30_000);

  it('refuses what it cannot run', async () => {
    await expect(runLoad(schoolClosureFlow, { callers: 1 })).rejects.toThrow('is an outbound flow');
    await expect(runLoad(bankFlow, { callers: 1, mix: { grumpy: 1 } })).rejects.toThrow(
      'no persona named "grumpy"',
    );
    await expect(runLoad(bankFlow, { callers: 1, expect: ['nonsense'] })).rejects.toThrow('is not <metric>');
  });
});
