/** The four example flows with the run options each needs. */
import type { Flow } from '@ivrkit/machines';
import {
  appointmentReminderFlow,
  bankFlow,
  satisfactionSurveyFlow,
  schoolClosureFlow,
} from '@ivrkit/machines/examples';

export const EXAMPLES: ReadonlyArray<[name: string, flow: Flow, options: { externalId?: string }]> = [
  ['bank', bankFlow, {}],
  ['school-alert', schoolClosureFlow, {}],
  ['reminder', appointmentReminderFlow, { externalId: 'appt-1' }],
  ['survey', satisfactionSurveyFlow, {}],
];
