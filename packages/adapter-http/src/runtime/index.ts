export {
  BodyTooLargeError,
  type BufferedHandler,
  type BufferedRequest,
  type HeaderReader,
  headerReader,
  type JsonAnswer,
  readBodyLimited,
} from '@ivrkit/protocol';
export { pathOf } from './buffered-request.js';
export { callQueryRecovery, eventsAfterLastApplied } from './call-query-recovery.js';
export {
  ANYTIME_EVENTS,
  type AppliedEvent,
  type AwaitedAction,
  awaitedActionOf,
  awaitedAfter,
  type CallRecord,
  type CallSummary,
  callKey,
  eventFingerprint,
} from './call-record.js';
export {
  type CallRuntime,
  type CallRuntimeOptions,
  createCallRuntime,
  type Delivery,
  type EventRecovery,
  type RepeatResolver,
  type RuntimeNotice,
  type SendAction,
} from './call-runtime.js';
export { engineFromFlow, UnknownLookupError } from './engine-from-flow.js';
export {
  type FlowEngine,
  type FlowInput,
  isVoiceEventInput,
  type LookupRequest,
  type StepOutput,
} from './flow-engine.js';
export {
  classifyEvent,
  couldComplete,
  couldProduce,
  type DeliveryRules,
  type EventVerdict,
  staleReason,
} from './input-rules.js';
export {
  createJsonLogger,
  createMemoryLogger,
  fromMessageFirstLogger,
  type JsonLoggerOptions,
  type LogFields,
  type LogFn,
  type Logger,
  type LogLevel,
  type LogRecord,
  type MessageFirstLogger,
  redact,
  redacting,
  silentLogger,
} from './logger.js';
export type { LookupLeases } from './lookup-leases.js';
export { createLookupRegistry, type LookupRegistry } from './lookup-registry.js';
export {
  type FetchHandler,
  type NodeListenerOptions,
  type RunningServer,
  type Servable,
  type ServeOptions,
  serve,
  toNodeListener,
} from './node-listener.js';
export { type CachedRecord, createRecordCache, type RecordCache } from './record-cache.js';
export {
  type DueOptions,
  disallowedReplies,
  nextDueAt,
  overdueLookups,
  recordAfterStep,
} from './record-rules.js';
export {
  actionBoundMs,
  DEFAULT_RECOVERY,
  nextRecoveryStep,
  type RecoveryOptions,
  type RecoveryStep,
  recordAfterRecoveryStep,
  watchdogAt,
} from './recovery-rules.js';
export { callQueryRepeatResolver } from './repeat-resolver.js';
export { createLocalScheduler, type LocalSchedulerOptions, type Scheduler } from './scheduler.js';
export { createCallbackVerifier, type Verdict, type VerifyMode, type VerifyOption } from './verify.js';
export {
  answer,
  answerJson,
  createVoiceApp,
  toResponse,
  type VoiceApp,
  type VoiceAppOptions,
} from './voice-app.js';
