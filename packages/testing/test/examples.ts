/** The four example flows with the run options each needs. */
import type { Flow } from '@ivrkit/machines';
import {
  appointmentReminderFlow,
  bankFlow,
  satisfactionSurveyFlow,
  schoolClosureFlow,
} from '@ivrkit/machines/examples';

type Example = readonly [name: string, flow: Flow, options: { readonly externalId?: string }];

export const EXAMPLES = [
  ['bank', bankFlow, {}],
  ['school-alert', schoolClosureFlow, {}],
  ['reminder', appointmentReminderFlow, { externalId: 'appt-1' }],
  ['survey', satisfactionSurveyFlow, {}],
] as const satisfies readonly Example[];
