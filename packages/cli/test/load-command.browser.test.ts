/**
 * `ivrkit load` end to end: the command runs a population through the bank flow, fails on an expectation it does
 * not meet, and writes a JSON report and an HTML report that Debian's Chromium opens from disk — funnel chart
 * drawn, no console error, no request leaving the page.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadReport } from '@ivrkit/testing';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/command.js';
import load from '../src/commands/load.js';
import { runCli } from './cli-process.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ivrkit load', () => {
  const html = join(scratch, 'load.html');
  const json = join(scratch, 'load.json');

  it('reports the bank flow under 120 callers and exits 1 on an expectation not met', async () => {
    const { code, stdout, stderr } = await runCli([
      'load',
      'bank',
      '--callers',
      '120',
      '--seed',
      '7',
      '--mix',
      'patient:60,impatient:20,wrong-keys:10,silent:10',
      '--expect',
      'transfer<=5%',
      '--expect',
      'unfinished=0',
      '--html',
      html,
      '--json',
      json,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^✗ bank-phone-tree v1: 120 callers \(patient 72, impatient 24, wrong-keys 12, silent 12\)/,
    );
    expect(stdout).toMatch(/ {2}welcome +120 /);
    expect(stdout).toMatch(/✗ expect transfer<=5%: \d+\.\d% — not met/);
    expect(stdout).toContain('✓ expect unfinished=0: 0');
    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.callers).toBe(120);
    expect(report.ok).toBe(false);
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))(
    'writes an HTML report that Chromium opens from disk with the funnel drawn',
    async () => {
      const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('request', (request) => requests.push(request.url()));
        await page.goto(pathToFileURL(html).href);

        const rows = page.locator('svg#funnel g.funnel-row');
        expect(await rows.count()).toBe(report.funnel.length);
        const welcome = page.locator('svg#funnel g.funnel-row[data-state="welcome"]');
        expect(await welcome.getAttribute('data-entered')).toBe('120');
        // The chart is laid out: a real box, and the welcome bar's segments cover its calls.
        const box = await page.locator('svg#funnel').boundingBox();
        expect(box?.width).toBeGreaterThan(500);
        expect(box?.height).toBeGreaterThan(report.funnel.length * 20);
        const segments = await welcome.locator('rect.segment').evaluateAll((rects) =>
          rects.map((rect) => ({
            count: Number(rect.getAttribute('data-count')),
            width: rect.getBoundingClientRect().width,
          })),
        );
        expect(segments.reduce((sum, s) => sum + s.count, 0)).toBe(120);
        for (const s of segments) expect(s.width).toBeGreaterThan(0);
        const widest = segments.reduce((a, b) => (b.count > a.count ? b : a));
        const narrowest = segments.reduce((a, b) => (b.count < a.count ? b : a));
        expect(widest.width / narrowest.width).toBeCloseTo(widest.count / narrowest.count, 0);
        // Outcomes and expectations.
        expect(await page.locator('svg#outcomes rect.outcome').count()).toBe(
          Object.values(report.outcomes).filter((n) => n > 0).length,
        );
        expect(await page.locator('#expectations li.failed').textContent()).toContain('transfer<=5%');
        expect(await page.locator('h1 .verdict').textContent()).toBe('expectations not met');
        expect(await page.title()).toBe('bank-phone-tree v1 — 120 callers');

        expect(problems).toEqual([]);
        expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('refuses a bad mix, expectation or flow with the usage', async () => {
    await expect(load.run(['bank', '--mix', 'grumpy:10'])).rejects.toThrow(
      new UsageError('--mix: no persona named "grumpy" (known: patient, impatient, wrong-keys, silent)'),
    );
    await expect(load.run(['bank', '--callers', '5', '--expect', 'p90<=90'])).rejects.toThrow(
      '"p90<=90": p90 needs a time unit (ms, s or m)',
    );
    await expect(load.run(['reminder'])).rejects.toThrow('appointment-reminder is an outbound flow');
    await expect(load.run(['bank', '--callers', 'lots'])).rejects.toThrow('--callers: expected an integer');
  });
});
