/**
 * The flows `ivrkit demo` runs: the bank phone tree (inbound, the one people call) and the appointment reminder
 * (outbound: "call me" and campaigns), with offline fake data.
 *
 * @module
 */
import { type AppointmentBook, bankFlow, createAppointmentReminderFlow } from '@ivrkit/machines/examples';
import type { NamedFlow } from './stack.js';

const PATIENTS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra'];

/**
 * An appointment book that knows every id: campaigns give each call the `external_id` `<campaign>:<row>:<attempt>`,
 * so the demo's book answers for any id (a name chosen from the row) instead of only `appt-1`.
 *
 * @example
 * await demoAppointmentBook().find('demo-1:3:1', signal); // { name: 'Katherine Johnson', when: … }
 */
export function demoAppointmentBook(): AppointmentBook {
  return {
    find: async (id) => {
      const row = Number(id.split(':')[1] ?? 0) || 0;
      return { name: PATIENTS[row % PATIENTS.length] as string, when: 'Tuesday, November 24 at 10 AM' };
    },
    confirm: async () => {},
    cancel: async () => {},
  };
}

/** The demo's inbound flow: the bank phone tree. */
export const DEMO_INBOUND: NamedFlow = { name: 'bank', flow: bankFlow };

/** The demo's outbound flow: the appointment reminder on {@link demoAppointmentBook}. */
export const DEMO_OUTBOUND: NamedFlow = {
  name: 'reminder',
  flow: createAppointmentReminderFlow({ book: demoAppointmentBook() }),
};

/** What the demo's scripted call presses: 1 (balance), an account number, then 2 (end the call). */
export const DEMO_PRESSES: readonly string[] = ['1', '12345678', '2'];

/** The number the scripted call comes from. */
export const DEMO_CALLER_NUMBER = '15550001234';
