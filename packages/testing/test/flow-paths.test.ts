import { bankFlow } from '@ivrkit/machines/examples';
import { describe, expect, it } from 'vitest';
import { callScript, flowPaths, pathsToMarkdown, pathsToVitest } from '../src/index.js';
import { EXAMPLES } from './examples.js';

describe('callScript', () => {
  it('reads a call as the caller lives it', async () => {
    const lines = await callScript(bankFlow, {
      caller: {
        rules: [
          { prompt: 1, press: '1' },
          { prompt: 2, press: '12345678' },
          { prompt: 4, press: '2' },
        ],
      },
    });
    expect(lines).toEqual([
      'hears: "Welcome to Example Bank. For your account balance, press 1. For card services, press 2. To speak to an agent, press 0."',
      'presses: 1',
      'hears: "Please enter your eight digit account number."',
      'presses: 12345678',
      'hears: "The balance of account ending 5678 is 1,234.56 dollars."',
      'hears: "For the main menu, press 1. To end this call, press 2."',
      'presses: 2',
      'hears: "Thank you for calling Example Bank. Goodbye."',
      'the IVR hangs up',
      'call ends: hangup',
    ]);
  });
});

describe('flowPaths', () => {
  it('finds whole calls through every prompting node of the bank flow, each ending as the IVR hangs up', async () => {
    const paths = await flowPaths(bankFlow);
    const heard = new Set(
      paths.flatMap((p) => p.steps.flatMap((s) => (s.kind === 'hears' ? [s.state] : []))),
    );
    expect([...heard].sort()).toEqual(
      [
        'account',
        'activateCard',
        'agentsBusy',
        'anythingElse',
        'balanceUnavailable',
        'cardActivated',
        'cards',
        'connecting',
        'goodbye',
        'lostCard',
        'main',
        'readBalance',
        'welcome',
      ].sort(),
    );
    for (const path of paths) expect(path.lines.slice(-2)).toEqual(['the IVR hangs up', 'call ends: hangup']);
    expect(new Set(paths.map((p) => p.title)).size).toBe(paths.length);
    const timeout = paths.find((p) => p.conditions.includes('the balance lookup times out'));
    expect(timeout?.lines).toContain(
      'hears: "Sorry, we cannot reach your account right now. Please try again later."',
    );
    const markdown = pathsToMarkdown(bankFlow, paths);
    expect(markdown).toContain(`${paths.length} paths through the flow`);
    expect(markdown).toContain('*When the balance lookup times out.*');
    const vitest = pathsToVitest(bankFlow, paths, { importLine: "import { bankFlow as flow } from 'x';" });
    expect(vitest.match(/\n {2}it\('/g)).toHaveLength(paths.length);
  }, 60_000);

  it.each(EXAMPLES.slice(1))(
    '%s: every path ends the call',
    { timeout: 60_000 },
    async (_, flow, options) => {
      const paths = await flowPaths(flow, options);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(path.lines.at(-1)).toMatch(/^call ends: /);
    },
  );
});
