import { defineFlow, FlowDefinitionError, hangup, menu, sendDtmf } from '@ivrkit/machines';
import { describe, expect, it } from 'vitest';
import { checkFlow, evaluateScenario, formatCheckReport, lintFlow } from '../src/index.js';
import { extensionReminder } from './fixtures/user-flows.js';

describe('a sendDtmf node, through the adapter and the simulator', { timeout: 60_000 }, () => {
  it('sends the extension when the call is answered, waits for the tones, then speaks', async () => {
    const { run, failures } = await evaluateScenario(extensionReminder, { caller: { rules: [] } });
    expect(failures).toEqual([]);
    const line = run.transcript.entries.flatMap((e) => {
      if (e.kind === 'dtmf_sent') return [`tones ${e.digits}`];
      if (e.kind === 'action' && e.accepted) return [`${e.action.method} (${e.source})`];
      if (e.kind === 'event') return [`event ${e.event.event}`];
      return [];
    });
    expect(line.slice(0, 5)).toEqual([
      'dial (post)',
      'event dial_completed',
      'send_dtmf (reply)',
      'tones ww204#',
      'speak (post)',
    ]);
    const tones = run.transcript.entries.find((e) => e.kind === 'dtmf_sent');
    const speak = run.transcript.entries.find((e) => e.kind === 'action' && e.action.method === 'speak');
    // ww204# plays for 2 × 500 ms + 4 × 250 ms before the message starts ([ours] SEND_DTMF_TIMING).
    expect((speak?.at ?? 0) - (tones?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(lintFlow(extensionReminder).findings).toEqual([]);
    const report = await checkFlow(extensionReminder, { numRuns: 10, seed: 4 });
    expect(report.ok, formatCheckReport(report)).toBe(true);
  });

  it('is refused where send_dtmf cannot go (after a prompt, or in an inbound flow)', () => {
    expect(() =>
      defineFlow({
        id: 'late-tones',
        version: 1,
        direction: 'outbound',
        start: 'main',
        nodes: {
          main: menu({ prompt: 'Press 1 to be connected.', options: { 1: 'tones' } }),
          tones: sendDtmf({ digits: '1#', next: 'bye' }),
          bye: hangup(),
        },
      }),
    ).toThrow(
      /node "main".options.1: leads to sendDtmf node "tones" \(TeleSign allows send_dtmf only after dial_completed/,
    );
    expect(() =>
      defineFlow({
        id: 'inbound-tones',
        version: 1,
        direction: 'inbound',
        start: 'tones',
        nodes: { tones: sendDtmf({ digits: '1#', next: 'bye' }), bye: hangup() },
      }),
    ).toThrow(FlowDefinitionError);
    expect(() =>
      defineFlow({
        id: 'bad-tones',
        version: 1,
        direction: 'outbound',
        start: 'tones',
        nodes: { tones: sendDtmf({ digits: 'ext 204', next: 'bye' }), bye: hangup() },
      }),
    ).toThrow(/tones"\.digits: expected 1\.\.\d+ of 0-9 A-D \* # w/);
  });
});
