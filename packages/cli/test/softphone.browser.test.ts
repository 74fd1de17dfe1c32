/**
 * The softphone in Debian's Chromium, driven by playwright-core (no browser download): place a call, see the
 * prompt, press digits, watch the statechart follow, hang up, download the transcript; receive an outbound call;
 * run a campaign. The README's screenshots come from here: `IVRKIT_SCREENSHOTS=1` writes them to
 * `docs/screenshots/` (otherwise to a temporary directory).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOUND, DEMO_OUTBOUND } from '../src/demo/demo-flows.js';
import { type DemoStack, startDemoStack } from '../src/demo/stack.js';

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
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `softphone browser tests skipped: ${CHROMIUM} is absent. Install Debian's Chromium (apt-get install -y chromium); ` +
      'CI installs it because .ci/needs-chromium exists.',
  );
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-softphone-'));
const shots = process.env.IVRKIT_SCREENSHOTS ? join(repoRoot, 'docs', 'screenshots') : join(scratch, 'shots');

describe.skipIf(!available)('the softphone in Chromium', () => {
  let stack: DemoStack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // Twice real time: prompts are heard, and the test stays short.
    stack = await startDemoStack({
      inbound: DEMO_INBOUND,
      outbound: DEMO_OUTBOUND,
      dataDir: join(scratch, 'data'),
      speed: 2,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(stack.pageUrl);
    await page.locator('.connection[data-state="open"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const current = (state: string) =>
    page.locator(`.node.current[data-state="${state}"]`).waitFor({ timeout: 15_000 });

  it('places a call, shows the prompt, follows the flow as keys are pressed, hangs up and downloads the transcript', async () => {
    await page.locator('.node[data-state="call.welcome"]').waitFor();
    await page.click('#call');
    await page.locator('#prompt', { hasText: 'Welcome to Example Bank' }).waitFor({ timeout: 15_000 });
    await current('call.welcome');
    await page.keyboard.press('1');
    await current('call.account');
    await page.locator('#prompt', { hasText: 'eight digit account number' }).waitFor();
    for (const key of '1234') await page.click(`.key[data-key="${key}"]`);
    await page.keyboard.type('5678');
    await current('call.readBalance');
    await page.locator('#prompt', { hasText: '1,234.56 dollars' }).waitFor();
    await current('call.anythingElse');
    await page.locator('.kind-state', { hasText: 'call.anythingElse' }).waitFor();
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(shots, 'softphone-call.png') });

    await page.click('#hangup');
    await page.locator('#call-status', { hasText: 'Call ended' }).waitFor();
    await current('ended');

    const textUrl = await page.locator('#download-txt').getAttribute('href');
    const text = await (await page.request.get(new URL(textUrl ?? '', stack.pageUrl).href)).text();
    expect(text).toMatch(/^Call \S+ {2}inbound {2}15550009999 → 15555551212$/m);
    expect(text).toMatch(/key {5}1$/m);
    expect(text).toMatch(/key {5}12345678$/m);
    expect(text).toMatch(/state {3}call\.readBalance$/m);
    expect(text).toMatch(/hangup {2}by caller/);
    const jsonUrl = await page.locator('#download-json').getAttribute('href');
    const transcript = (await (
      await page.request.get(new URL(jsonUrl ?? '', stack.pageUrl).href)
    ).json()) as {
      entries: Array<{ kind: string }>;
    };
    expect(transcript.entries.filter((entry) => entry.kind === 'input')).toHaveLength(9);
    expect(errors).toEqual([]);
  }, 60_000);

  it('receives an outbound call from the reminder and confirms with a key', async () => {
    await page.click('#call-me');
    await page
      .locator('#prompt', { hasText: 'reminding you of your appointment' })
      .waitFor({ timeout: 20_000 });
    await expect(page.locator('#chart-flow').textContent()).resolves.toContain('appointment-reminder');
    await page.keyboard.press('1');
    await page.locator('#prompt', { hasText: 'is confirmed' }).waitFor({ timeout: 15_000 });
    await page.locator('#call-status', { hasText: 'Call ended' }).waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  }, 60_000);

  it('starts a campaign against simulated callees and shows its progress', async () => {
    stack.clock.setSpeed(8);
    await page.goto(`${stack.pageUrl}#campaign`);
    await page.locator('.connection[data-state="open"]').waitFor();
    await page.fill('input[name="count"]', '12');
    await page.fill('input[name="cps"]', '6');
    await page.click('#start-campaign');
    await page.locator('.chip.completed').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'softphone-campaign.png') });
    await page
      .locator('#campaign-summary', { hasText: 'done' })
      .waitFor({ timeout: 40_000 })
      .catch(async (error: unknown) => {
        const calls = await page.locator('#campaign-calls').textContent();
        throw new Error(
          `${String(error)}\n${await page.locator('#campaign-summary').textContent()}\n${calls}`,
        );
      });
    const summary = await page.locator('#campaign-summary').textContent();
    expect(summary).toMatch(/12\/12 finished/);
    expect(await page.locator('.call-row').count()).toBeGreaterThanOrEqual(12);
    await page.locator('.call-row.completed').first().click();
    await page.locator('#phone-tab').waitFor();
    await expect(page.locator('#chart-flow').textContent()).resolves.toContain('appointment-reminder');
    expect(errors).toEqual([]);
  }, 90_000);
});
