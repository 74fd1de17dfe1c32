import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/index.js';
import { judge } from '../src/invariants.js';
import { EXAMPLES } from './examples.js';

const bank = EXAMPLES[0][1];
const states = (run: Awaited<ReturnType<typeof runScenario>>) => run.steps.map((s) => s.after);

describe('runScenario: the simulator and the adapter in virtual time', () => {
  it('walks the bank flow with a scripted caller, lookup and all', async () => {
    const run = await runScenario(bank, {
      caller: {
        rules: [
          { prompt: 1, press: '1' },
          { prompt: 2, press: '12345678' },
          { says: 'main menu', press: '2' },
        ],
      },
    });
    expect(states(run)).toEqual([
      'call.welcome',
      'call.account',
      'call.fetchBalance',
      'call.readBalance',
      'call.anythingElse',
      'call.goodbye',
      'call.$closing',
      'ended',
    ]);
    expect(run).toMatchObject({ outcome: 'ended', end: 'hung_up', callStatus: 'hangup', violations: [] });
    expect(judge(run)).toEqual([]);
  });

  it('forces a lookup to time out: the flow takes its sorry path', async () => {
    const run = await runScenario(bank, {
      caller: {
        rules: [
          { prompt: 1, press: '1' },
          { prompt: 2, press: '12345678' },
        ],
      },
      lookups: ['timeout'],
    });
    expect(states(run)).toContain('call.balanceUnavailable');
    expect(run.steps.find((s) => s.input === 'timer')?.before).toBe('call.fetchBalance');
  });

  it('sends a transfer to a busy line', async () => {
    const run = await runScenario(bank, {
      caller: { rules: [{ prompt: 1, press: '0' }] },
      transfers: [{ outcome: 'busy' }],
    });
    expect(states(run)).toContain('call.agentsBusy');
  });

  it('drops call_completed: after its own hang-up the flow ends on its closing timer', async () => {
    // The caller hangs up and the flow never hears of it: the adapter finds the prompt's end lost, TeleSign refuses
    // what it sends (the call is over), and it gives the call up — minutes, not the four-hour cap.
    const gone = await runScenario(bank, {
      caller: { rules: [{ prompt: 1, hangupAfterMs: 0 }] },
      dropCallCompleted: true,
    });
    expect(gone).toMatchObject({ outcome: 'ended', callStatus: 'hangup', end: 'caller_hung_up' });
    // Without that recovery, the flow waits for its own cap.
    const capped = await runScenario(
      bank,
      {
        caller: { rules: [{ prompt: 1, hangupAfterMs: 0 }] },
        dropCallCompleted: true,
        lostEventRecovery: false,
      },
      { maxCallMs: 5 * 3_600_000 },
    );
    expect(capped.end).toBe('max_duration');
    const silent = await runScenario(bank, { caller: {}, dropCallCompleted: true });
    expect(silent.steps.at(-1)).toMatchObject({ input: 'timer', before: 'call.$closing', end: 'hung_up' });
  });

  it('runs an outbound flow from the dial; a busy line ends it as not answered', async () => {
    const survey = EXAMPLES[3][1];
    const answered = await runScenario(survey, { caller: { rules: [{ prompt: 1, press: '4' }] } });
    expect(answered.end).toBe('hung_up');
    expect(
      answered.transcript.entries.some((e) => e.kind === 'heard' && e.text?.includes('You rated us 4')),
    ).toBe(true);
    const busy = await runScenario(survey, { caller: {}, answer: 'busy' });
    expect(busy.end).toBe('not_answered');
  });

  it('reports a call still up at the bound', async () => {
    const run = await runScenario(
      bank,
      {
        caller: { rules: [{ prompt: 1, press: '0' }] },
        transfers: [{ outcome: 'answered', legMs: 600_000 }],
      },
      { maxCallMs: 120_000 },
    );
    expect(run.outcome).toBe('bound');
    expect(judge(run).map((f) => f.invariant)).toEqual(['call-ends']);
  });
});

describe('judge', () => {
  it('runs user invariants: false, a message, or a throw each fail under their name', async () => {
    const run = await runScenario(bank, { caller: {} });
    const failures = judge(run, {
      user: {
        'returns false': () => false,
        'returns a message': () => 'nope',
        throws: () => {
          throw new Error('boom');
        },
        passes: () => true,
      },
    });
    expect(failures).toEqual([
      { invariant: 'returns false', message: 'returned false' },
      { invariant: 'returns a message', message: 'nope' },
      { invariant: 'throws', message: 'boom' },
    ]);
  });

  it('skips built-in invariants on request', async () => {
    const run = await runScenario(bank, { caller: {} }, { maxCallMs: 10_000 });
    expect(judge(run).map((f) => f.invariant)).toEqual(['call-ends']);
    expect(judge(run, { skip: ['call-ends'] })).toEqual([]);
  });
});

describe('bounded-retries', () => {
  it('holds the bank flow to a per-state limit: welcome re-prompts twice, so a limit of 1 fails', async () => {
    const run = await runScenario(bank, { caller: {} });
    expect(judge(run, { maxRetries: { 'call.welcome': 2 } })).toEqual([]);
    const failures = judge(run, { maxRetries: { 'call.welcome': 1 } });
    expect(failures).toEqual([
      {
        invariant: 'bounded-retries',
        message: 'call.welcome re-prompted 2 times in a row on silence (limit 1): retries past their bound',
      },
    ]);
  });
});
