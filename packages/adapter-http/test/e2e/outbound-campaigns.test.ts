import {
  createAppointmentReminderFlow,
  createMemoryAlertLog,
  createMemoryAppointmentBook,
  createMemorySurveyResults,
  createSatisfactionSurveyFlow,
  createSchoolClosureFlow,
} from '@ivrkit/machines/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { type CampaignProgress, createCampaign, reportToCsv } from '../../src/index.js';
import { adapterClock } from '../sim-helpers.js';
import { type Harness, type Mode, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

function campaignOn(h: Harness, numbers: Parameters<typeof createCampaign>[0]['numbers'], extra = {}) {
  const progress: CampaignProgress[] = [];
  const campaign = createCampaign({
    id: 'e2e',
    numbers,
    callerId: h.sim.numbers()[0] as string,
    cps: 2,
    concurrency: 2,
    runtime: h.app.runtime,
    client: h.client,
    store: h.store,
    clock: adapterClock(h.clock),
    retry: { attempts: 2, backoffMs: 10_000 },
    onProgress: (p) => progress.push(p),
    ...extra,
  });
  return { campaign, progress };
}

describe.each<Mode>(['http', 'websocket', 'polling'])('outbound campaigns over %s', (mode) => {
  it('school closure alert: acknowledged, busy (retried), no answer', async () => {
    const log = createMemoryAlertLog();
    const h = await startHarness({ mode, flow: createSchoolClosureFlow({ log }) });
    harnesses.push(h);
    h.sim.setCallee('15555550101', { outcome: 'answered', caller: { rules: [{ prompt: 1, press: '2' }] } });
    h.sim.setCallee('15555550102', { outcome: 'busy' });
    h.sim.setCallee('15555550103', { outcome: 'no_answer' });
    const { campaign, progress } = campaignOn(h, ['15555550101', '15555550102', '15555550103']);
    const running = campaign.run();
    await h.run(running);
    const report = await running;
    expect(report.rows.map((r) => [r.number, r.outcome, r.digits, r.attempts])).toEqual([
      ['15555550101', 'completed', '2', 1],
      ['15555550102', 'busy', '', 2],
      ['15555550103', 'no_answer', '', 2],
    ]);
    expect(report.rows[0]?.duration).toBeGreaterThan(0);
    expect(log.acknowledged).toHaveLength(1);
    expect(progress.filter((p) => p.type === 'retry_scheduled')).toHaveLength(2);
    expect(reportToCsv(report).split('\r\n')[1]).toMatch(/^15555550101,completed,2,\d+,1$/);
    expect(h.sim.violations()).toEqual([]);
  });

  it('appointment reminder: the external id reaches the flow, the appointment is confirmed', async () => {
    const book = createMemoryAppointmentBook();
    const h = await startHarness({ mode, flow: createAppointmentReminderFlow({ book }) });
    harnesses.push(h);
    h.sim.setCallee('15555550104', {
      outcome: 'answered',
      caller: { rules: [{ says: 'To confirm', press: '1' }] },
    });
    const { campaign } = campaignOn(h, [{ number: '15555550104', externalId: 'appt-1' }]);
    const running = campaign.run();
    await h.run(running);
    const report = await running;
    expect(report.rows[0]).toMatchObject({ outcome: 'completed', digits: '1', attempts: 1 });
    expect(book.status).toEqual({ 'appt-1': 'confirmed' });
    const heard = h.heard(report.rows[0]?.reference_id as string);
    expect(heard.at(-1)).toMatch(/is confirmed\. Goodbye\.$/);
  });

  it('satisfaction survey: the rating is recorded', async () => {
    const results = createMemorySurveyResults();
    const h = await startHarness({ mode, flow: createSatisfactionSurveyFlow({ results }) });
    harnesses.push(h);
    h.sim.setCallee('15555550105', { outcome: 'answered', caller: { rules: [{ prompt: 1, press: '4' }] } });
    const { campaign } = campaignOn(h, ['15555550105']);
    const running = campaign.run();
    await h.run(running);
    const report = await running;
    expect(report.rows[0]).toMatchObject({ outcome: 'completed', digits: '4' });
    expect(results.responses.map((r) => r.rating)).toEqual([4]);
  });
});
