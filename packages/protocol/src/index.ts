/**
 * `@ivrkit/protocol` — TeleSign's Voice API wire format in one place: typed actions and events in the wire's
 * snake_case, validating parsers for untrusted input, the event → allowed-replies contract, response statuses,
 * phone numbers, and every `[ours]` decision (`ours.ts`). Pure and portable: it runs in Node and in browsers.
 * Authentication, which needs `node:crypto`, is at `@ivrkit/protocol/auth`.
 *
 * @module
 */
export * from './actions.js';
export * from './call-query.js';
export * from './contract.js';
export * from './events.js';
export * from './http/buffered.js';
export * from './http/host-header.js';
export * from './http/read-body.js';
export * from './ours.js';
export * from './phone.js';
export * from './responses.js';
export * from './tts-languages.js';
export * from './validation/index.js';
