/**
 * The four example flows, each with a deterministic, injectable fake data source:
 * the bank phone tree (inbound), the school closure alert, the appointment reminder and the satisfaction survey
 * (outbound).
 *
 * @module
 */
export {
  type Appointment,
  type AppointmentBook,
  type AppointmentReminderOptions,
  appointmentReminderFlow,
  createAppointmentReminderFlow,
  createMemoryAppointmentBook,
} from './appointment-reminder.js';
export {
  type BankDataSource,
  type BankFlowOptions,
  bankFlow,
  createBankFlow,
  createFakeBank,
  FAKE_ACCOUNTS,
  type FakeBankOptions,
} from './bank-phone-tree.js';
export {
  createMemorySurveyResults,
  createSatisfactionSurveyFlow,
  type SurveyResponse,
  type SurveyResults,
  satisfactionSurveyFlow,
} from './satisfaction-survey.js';
export {
  type AlertLog,
  createMemoryAlertLog,
  createSchoolClosureFlow,
  type SchoolClosureOptions,
  schoolClosureFlow,
} from './school-closure-alert.js';
