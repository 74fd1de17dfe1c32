/**
 * `@ivrkit/protocol/testing` — fast-check arbitraries for actions, events, phone numbers and digits, and raw
 * HTTP/WebSocket exchanges with hostile inputs (bad Host headers, malformed frames) for testing listeners.
 *
 * @module
 */
export {
  collectDigitsArb,
  digitsArb,
  phoneNumberArb,
  referenceIdArb,
  voiceActionArb,
  voiceEventArb,
} from './arbitraries.js';
export {
  HOSTILE_FRAMES,
  HOSTILE_HOSTS,
  type RawExchange,
  rawExchange,
  upgradeRequest,
  wsFrame,
} from './raw-socket.js';
