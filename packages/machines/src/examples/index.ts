/**
 * The four example flows, each with a deterministic, injectable fake data source:
 * the bank phone tree (inbound), the school closure alert, the appointment reminder and the satisfaction survey
 * (outbound).
 *
 * @module
 */
export * from './appointment-reminder.js';
export * from './bank-phone-tree.js';
export * from './satisfaction-survey.js';
export * from './school-closure-alert.js';
