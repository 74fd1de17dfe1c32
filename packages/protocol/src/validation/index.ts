export {
  describeValue,
  type IssueCode,
  type ParseResult,
  ProtocolValidationError,
  type ValidationIssue,
} from './issue.js';
export { type JsonLimits, parseJsonBody } from './json.js';
export { assertAction, parseAction, parseActionJson } from './parse-action.js';
export { assertEvent, parseEvent, parseEventJson } from './parse-event.js';
