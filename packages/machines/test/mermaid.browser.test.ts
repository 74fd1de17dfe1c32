/**
 * The diagrams `toMermaid` draws (and `ivrkit mermaid` prints) render with the real Mermaid 11 in a real Chromium:
 * the example flows, a menu flow as a user writes one, a hand-written machine with a transition on its root, and
 * `choose` with `#` and `*` options.
 */
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { bankFlow, schoolClosureFlow } from '../src/examples/index.js';
import {
  choose,
  defineFlow,
  type Flow,
  type FlowEvent,
  flowEffects,
  hangup,
  menu,
  reply,
  toMermaid,
} from '../src/index.js';
import { frontDesk } from './support/flows.js';

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
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

/** A hand-written machine with a transition on its root (the shape that used to draw an undeclared `root`). */
const rootLevel = defineFlow({
  id: 'root-level',
  version: 1,
  direction: 'inbound',
  machine: setup({ types: { events: {} as FlowEvent }, actions: { ...flowEffects } }).createMachine({
    initial: 'idle',
    states: {
      idle: {
        on: {
          incoming_call: {
            target: 'greeting',
            actions: reply('incoming_call', { method: 'speak', params: { tts: { message: 'Hi.' } } }),
          },
        },
      },
      greeting: {
        on: {
          speak_completed: {
            target: 'done',
            actions: reply('speak_completed', { method: 'hangup', params: {} }),
          },
        },
      },
      done: { type: 'final', output: { reason: 'hung_up', data: {} } },
    },
    on: { call_completed: { target: '.done', description: 'caller hung up' } },
  }),
});

const hours = defineFlow({
  id: 'hours',
  version: 1,
  direction: 'inbound',
  start: 'route',
  nodes: {
    route: choose({
      branches: [{ when: (_d, _c, now) => new Date(now).getUTCHours() < 17, next: 'main', label: 'open' }],
      otherwise: 'bye',
    }),
    main: menu({
      prompt: 'Press # for the operator.',
      options: { '#': 'bye', '*': 'route' },
      noInput: { next: 'bye' },
      invalid: { next: 'bye' },
    }),
    bye: hangup({ prompt: 'Goodbye.' }),
  },
});

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() =>
    (globalThis as never as { mermaid: { initialize(o: object): void } }).mermaid.initialize({
      startOnLoad: false,
    }),
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Renders `text` with Mermaid in the page: the SVG, or the error Mermaid gave. */
async function render(text: string, id: string): Promise<{ svg?: string; error?: string }> {
  return page.evaluate(
    async ([source, name]) => {
      const mermaid = (
        globalThis as never as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }
      ).mermaid;
      try {
        return { svg: (await mermaid.render(name as string, source as string)).svg };
      } catch (error) {
        return { error: String(error instanceof Error ? error.message : error) };
      }
    },
    [text, id],
  );
}

describe('toMermaid renders in Mermaid 11 (Chromium)', { timeout: 60_000 }, () => {
  it.each([
    ['the bank example', () => bankFlow],
    ['the school alert example', () => schoolClosureFlow],
    ['a menu flow as a user writes it', () => frontDesk()],
    ['a hand-written machine with a root-level transition', () => rootLevel],
    ['a flow with choose, # and * options', () => hours],
  ] as Array<[string, () => Flow | Promise<Flow>]>)('%s', async (_, get) => {
    const flow = await get();
    const { svg, error } = await render(toMermaid(flow), `d${flow.id.replace(/\W/g, '')}`);
    expect(error).toBeUndefined();
    expect(svg).toContain('<svg');
    // Every state appears in the drawing.
    for (const name of ['idle', 'ended'].filter(() => flow !== rootLevel)) expect(svg).toContain(`>${name}<`);
  });

  it('fails on what toMermaid used to emit for a root-level transition (the check can fail)', async () => {
    const broken = `stateDiagram-v2\n  [*] --> idle\n  state "idle" as idle\n  state "done" as done\n  root --> done : caller hung up\n`;
    const { error } = await render(broken, 'broken');
    expect(error).toBeDefined();
  });
});
