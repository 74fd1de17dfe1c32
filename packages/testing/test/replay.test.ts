import { defineFlow, hangup, menu, say } from '@ivrkit/machines';
import { createBankFlow, createFakeBank } from '@ivrkit/machines/examples';
import { describe, expect, it } from 'vitest';
import {
  CASSETTE_FORMAT,
  CassetteFormatError,
  formatReplay,
  parseCassette,
  replay,
  runScenario,
} from '../src/index.js';
import { EXAMPLES } from './examples.js';

const balanceCaller = {
  rules: [
    { prompt: 1, press: '1' },
    { prompt: 2, press: '12345678' },
    { says: 'main menu', press: '2' },
  ],
};

describe('record and replay', () => {
  it('records each call as events in and actions out', async () => {
    const run = await runScenario(EXAMPLES[0][1], { caller: balanceCaller });
    const [call] = run.cassette.calls;
    expect(run.cassette.format).toBe(CASSETTE_FORMAT);
    expect(run.cassette.flow).toEqual({ id: 'bank-phone-tree', version: 1 });
    expect(call?.entries[0]?.event?.event).toBe('incoming_call');
    expect(call?.entries.at(-1)?.event?.event).toBe('call_completed');
    // The balance came after a lookup: sent through the Customer Action API, recorded without an event.
    expect(call?.entries.some((e) => e.event === undefined && e.actions[0]?.method === 'speak')).toBe(true);
    expect(parseCassette(JSON.parse(JSON.stringify(run.cassette)))).toEqual(run.cassette);
  });

  it('replays against the same flow with no differences', async () => {
    const run = await runScenario(EXAMPLES[0][1], { caller: balanceCaller });
    const report = await replay(run.cassette, EXAMPLES[0][1]);
    expect(report).toMatchObject({ ok: true, calls: 1, differences: [] });
    expect(report.events).toBe(run.cassette.calls[0]?.entries.filter((e) => e.event).length);
  });

  it('replays a flow whose prompts end alike ("Goodbye." after a line that collects nothing) with no differences', async () => {
    const flow = defineFlow({
      id: 'goodbye',
      version: 1,
      direction: 'inbound',
      start: 'welcome',
      nodes: {
        welcome: menu({ prompt: 'Press 1 to hear our hours.', options: { 1: 'hours' } }),
        hours: say({ prompt: 'We are open nine to five.', next: 'bye' }),
        bye: hangup({ prompt: 'Goodbye.' }),
      },
    });
    const run = await runScenario(flow, { caller: { rules: [{ prompt: 1, press: '1' }] } });
    expect(run.outcome).toBe('ended');
    const report = await replay(run.cassette, flow);
    expect(report).toMatchObject({ ok: true, differences: [] });
  });

  it('shows where another version of the flow behaves differently', async () => {
    const run = await runScenario(EXAMPLES[0][1], { caller: balanceCaller });
    const down = createBankFlow({ bank: createFakeBank({ unavailable: ['12345678'] }) });
    const report = await replay(run.cassette, down);
    expect(report.ok).toBe(false);
    expect(report.differences).toHaveLength(1);
    expect(report.differences[0]).toMatchObject({ index: 2, event: 'speak_completed', digits: '12345678' });
    expect(formatReplay(report)).toContain('now:      speak "Sorry, we cannot reach your account right now.');
  });

  it('replays an outbound call recorded under duplicate and late deliveries', async () => {
    const reminder = EXAMPLES[2][1];
    const run = await runScenario(
      reminder,
      {
        caller: {
          rules: [
            { prompt: 1, press: '3' },
            { prompt: 2, press: '1' },
          ],
        },
        faults: { duplicate: 1, delay: 0.5 },
        seed: 3,
      },
      { externalId: 'appt-1' },
    );
    expect(run.end).toBe('hung_up');
    const entries = run.cassette.calls[0]?.entries ?? [];
    // Every delivery is recorded, copies included.
    expect(entries.filter((e) => e.event?.event === 'dial_completed')).toHaveLength(2);
    const report = await replay(run.cassette, reminder);
    expect(report.differences).toEqual([]);
  });

  it('refuses what is not a cassette', () => {
    expect(() => parseCassette({ calls: [] })).toThrow(CassetteFormatError);
    expect(() => parseCassette({ format: CASSETTE_FORMAT, calls: [{ reference_id: 'x' }] })).toThrow(
      /entries/,
    );
  });
});
