import { bankFlow, satisfactionSurveyFlow } from '@ivrkit/machines/examples';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FLOWS, exampleRunOptions, FlowNotFoundError, isFlow, loadFlow } from '../src/load-flow.js';

describe('loadFlow', () => {
  it('loads the examples by short name and by flow id', async () => {
    expect(await loadFlow('bank')).toBe(bankFlow);
    expect(await loadFlow('survey')).toBe(satisfactionSurveyFlow);
    expect(await loadFlow('bank-phone-tree')).toBe(bankFlow);
    expect(Object.keys(EXAMPLE_FLOWS)).toEqual(['bank', 'school-alert', 'reminder', 'survey']);
  });

  it('loads a module path exporting `flow` (or a default export)', async () => {
    const flow = await loadFlow('packages/cli/test/fixtures/looping-flow.ts');
    expect(flow.id).toBe('cli-looping-menu');
    expect(isFlow(flow)).toBe(true);
  });

  it('says what was tried when nothing matches', async () => {
    await expect(loadFlow('bakery')).rejects.toThrow(
      /no example flow named "bakery" \(examples: bank, school-alert/,
    );
    await expect(loadFlow('./missing-flow.ts')).rejects.toBeInstanceOf(FlowNotFoundError);
    await expect(loadFlow('packages/cli/test/fixtures/not-a-flow.ts')).rejects.toThrow(/exports no flow/);
  });

  it('gives the reminder the appointment id its lookups need', () => {
    expect(exampleRunOptions(EXAMPLE_FLOWS.reminder as never)).toEqual({ externalId: 'appt-1' });
    expect(exampleRunOptions(bankFlow)).toEqual({});
  });
});
