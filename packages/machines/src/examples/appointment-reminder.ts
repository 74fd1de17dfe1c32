/**
 * Example 3 — an appointment reminder (outbound): confirm, reschedule (transfer to the desk), cancel.
 *
 * @module
 */
import { defineFlow } from '../builder/define-flow.js';
import { hangup, lookup, menu, say, transfer } from '../builder/node-builders.js';
import type { Flow } from '../core/flow.js';

/**
 * An appointment as the reminder reads it.
 *
 * @example
 * const a: Appointment = { name: 'Ada', when: 'Tuesday, November 24 at 10 AM' };
 */
export interface Appointment {
  name: string;
  when: string;
}

/**
 * The appointment book the reminder reads and updates, by the call's `external_id` (the appointment id the
 * campaign gave `placeCall`).
 *
 * @example
 * const book: AppointmentBook = { find: async (id) => db.appointments.get(id), confirm: ..., cancel: ... };
 */
export interface AppointmentBook {
  find(id: string, signal: AbortSignal): Promise<Appointment>;
  confirm(id: string, signal: AbortSignal): Promise<void>;
  cancel(id: string, signal: AbortSignal): Promise<void>;
}

/**
 * An in-memory {@link AppointmentBook}: `status` tells tests what the caller chose; `failing` ids reject updates.
 *
 * @example
 * const book = createMemoryAppointmentBook({ 'appt-1': { name: 'Ada', when: 'Tuesday at 10 AM' } });
 */
export function createMemoryAppointmentBook(
  appointments: Readonly<Record<string, Appointment>> = {
    'appt-1': { name: 'Ada Lovelace', when: 'Tuesday, November 24 at 10 AM' },
  },
  options: { failing?: readonly string[] } = {},
): AppointmentBook & { status: Record<string, 'confirmed' | 'cancelled'> } {
  const status: Record<string, 'confirmed' | 'cancelled'> = {};
  const update = (id: string, to: 'confirmed' | 'cancelled') => {
    if (!(id in appointments) || options.failing?.includes(id))
      return Promise.reject(new Error(`cannot update ${id}`));
    status[id] = to;
    return Promise.resolve();
  };
  return {
    status,
    find: (id) => {
      const found = appointments[id];
      return found ? Promise.resolve(found) : Promise.reject(new Error(`no appointment ${id}`));
    },
    confirm: (id) => update(id, 'confirmed'),
    cancel: (id) => update(id, 'cancelled'),
  };
}

/**
 * Options of {@link createAppointmentReminderFlow}.
 *
 * @example
 * const options: AppointmentReminderOptions = { book: createMemoryAppointmentBook(), deskNumber: '15550100002' };
 */
export interface AppointmentReminderOptions {
  book?: AppointmentBook;
  /** The scheduling desk, where "reschedule" transfers. */
  deskNumber?: string;
  clinic?: string;
}

/**
 * Builds the appointment reminder. Place each call with `placeCall({ ..., externalId: appointmentId })`.
 *
 * @example
 * const flow = createAppointmentReminderFlow({ book: createMemoryAppointmentBook() });
 */
export function createAppointmentReminderFlow(options: AppointmentReminderOptions = {}): Flow {
  const book = options.book ?? createMemoryAppointmentBook();
  const clinic = options.clinic ?? 'Riverside Clinic';
  const id = (input: unknown) => String(input);
  return defineFlow({
    id: 'appointment-reminder',
    version: 1,
    direction: 'outbound',
    start: 'fetch',
    lookups: {
      find: (input, { signal }) => book.find(id(input), signal),
      confirm: (input, { signal }) => book.confirm(id(input), signal),
      cancel: (input, { signal }) => book.cancel(id(input), signal),
    },
    nodes: {
      fetch: lookup({
        name: 'find',
        input: (_, call) => call.externalId,
        timeoutMs: 2_000,
        save: (output) => {
          const { name, when } = output as Appointment;
          return { name, when };
        },
        next: 'remind',
        onError: 'noDetails',
      }),
      remind: menu({
        prompt: (d) =>
          `Hello ${d.name}. This is ${clinic} reminding you of your appointment on ${d.when}. ` +
          'To confirm, press 1. To reschedule, press 2. To cancel, press 3.',
        options: { 1: 'confirm', 2: 'reschedule', 3: 'cancelCheck' },
        noInput: { retries: 1, next: 'noAnswer' },
        invalid: { retries: 2, prompt: 'Sorry, that is not an option. Press 1, 2 or 3.', next: 'noAnswer' },
      }),
      confirm: lookup({
        name: 'confirm',
        input: (_, call) => call.externalId,
        timeoutMs: 2_000,
        next: 'confirmed',
        onError: 'notUpdated',
      }),
      confirmed: hangup({ prompt: (d) => `Thank you. Your appointment on ${d.when} is confirmed. Goodbye.` }),
      reschedule: say({ prompt: 'Please hold while we connect you to our scheduling desk.', next: 'desk' }),
      desk: transfer({ to: options.deskNumber ?? '15550100002', onFailed: 'deskBusy' }),
      deskBusy: hangup({
        prompt: `Sorry, our scheduling desk is busy. Please call ${clinic} back. Goodbye.`,
      }),
      cancelCheck: menu({
        prompt: 'To cancel your appointment, press 1. To keep it, press 2.',
        options: { 1: 'cancel', 2: 'remind' },
        noInput: { retries: 1, next: 'noAnswer' },
        invalid: { retries: 1, next: 'noAnswer' },
      }),
      cancel: lookup({
        name: 'cancel',
        input: (_, call) => call.externalId,
        timeoutMs: 2_000,
        next: 'cancelled',
        onError: 'notUpdated',
      }),
      cancelled: hangup({ prompt: 'Your appointment has been cancelled. Goodbye.' }),
      notUpdated: hangup({
        prompt: `Sorry, we could not update your appointment. Please call ${clinic}. Goodbye.`,
      }),
      noDetails: hangup({ prompt: `Sorry, this reminder from ${clinic} is no longer valid. Goodbye.` }),
      noAnswer: hangup({ prompt: `We did not get your answer. Please call ${clinic} to confirm. Goodbye.` }),
    },
  });
}

/**
 * The appointment reminder with an in-memory book holding `appt-1`.
 *
 * @example
 * const dial = placeCall({ to: '15552223333', callerId: '15550001111', externalId: 'appt-1' });
 */
export const appointmentReminderFlow: Flow = createAppointmentReminderFlow();
