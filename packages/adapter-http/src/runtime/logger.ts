/**
 * Structured logs: one JSON object per line with `time`, `level`, `msg` and fields such as `reference_id`, or any
 * pino-compatible logger (`logger.info(fields, msg)`). Credentials never reach a log: {@link redact} drops fields
 * whose name looks like one, whatever the caller passes, before any logger sees them.
 *
 * @module
 */

/**
 * Log levels, least to most severe.
 *
 * @example
 * createJsonLogger({ level: 'debug' satisfies LogLevel });
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Fields of a log line.
 *
 * @example
 * const fields: LogFields = { reference_id: 'abc', event: 'incoming_call' };
 */
export type LogFields = Record<string, unknown>;

/**
 * One level's log function, as pino and bunyan take it: fields first, then the message (or the message alone).
 *
 * @example
 * const info: LogFn = (fields, msg) => console.info(msg, fields);
 */
export interface LogFn {
  (fields: LogFields, msg?: string): void;
  (msg: string): void;
}

/**
 * The logger port, pino-compatible: pass a pino (or bunyan) instance as it is, and every line keeps its fields
 * (`reference_id` on each call-related line). The project's code always calls it as `logger.info(fields, msg)`.
 * A logger written for the earlier message-first shape (`info(msg, fields)`) is adapted by
 * {@link fromMessageFirstLogger}.
 *
 * @example
 * import pino from 'pino';
 * const logger: Logger = pino();
 * createVoiceApp({ flow, client, store, logger });
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/**
 * The logger shape of earlier versions: message first, fields second.
 *
 * @example
 * const legacy: MessageFirstLogger = { debug() {}, info: (msg, fields) => console.info(msg, fields), warn() {}, error() {} };
 */
export interface MessageFirstLogger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * Adapts a logger of the earlier message-first shape (`info(msg, fields)`) to {@link Logger}: the migration path
 * for a hand-written logger.
 *
 * @example
 * createVoiceApp({ flow, client, store, logger: fromMessageFirstLogger(myOldLogger) });
 */
export function fromMessageFirstLogger(legacy: MessageFirstLogger): Logger {
  const level =
    (name: LogLevel): LogFn =>
    (first: LogFields | string, msg?: string) => {
      const [fields, message] = argumentsOf(first, msg);
      legacy[name](message, fields);
    };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

const OURS = new WeakSet<Logger>();

/**
 * The logger the project's code writes to: one of ours as it is (they redact already), any other one (pino,
 * bunyan, a hand-written one) behind {@link redact}, so no credential reaches it whatever a caller passes, and an
 * `Error` field arrives as `{ name, message, code }` rather than pino's `{}`.
 *
 * @example
 * const logger = redacting(options.logger ?? createJsonLogger());
 */
export function redacting(logger: Logger): Logger {
  if (OURS.has(logger)) return logger;
  const level =
    (name: LogLevel): LogFn =>
    (first: LogFields | string, msg?: string) => {
      const [fields, message] = argumentsOf(first, msg);
      logger[name](redact(fields), message);
    };
  const wrapped = { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
  OURS.add(wrapped);
  return wrapped;
}

/** Reads either call order: `(fields, msg)`, `(msg)`, or the earlier `(msg, fields)` from untyped callers. */
function argumentsOf(first: unknown, second: unknown): [LogFields, string] {
  if (typeof first === 'string') {
    const fields = second !== null && typeof second === 'object' ? (second as LogFields) : {};
    return [fields, first];
  }
  const fields = first !== null && typeof first === 'object' ? (first as LogFields) : {};
  return [fields, typeof second === 'string' ? second : ''];
}

/**
 * A structured log line.
 *
 * @example
 * const line: LogRecord = JSON.parse(text); // { time, level, msg, reference_id?, … }
 */
export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  msg: string;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET = /authorization|api_?key|apikey|secret|password|token|signature|credential/i;

/**
 * Removes secret-looking fields (any depth) and turns errors into `{ name, message }`.
 *
 * @example
 * redact({ reference_id: 'abc', apiKey: 'k' }); // { reference_id: 'abc', apiKey: '[redacted]' }
 */
export function redact(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields))
    out[name] = SECRET.test(name) ? '[redacted]' : clean(value, depth);
  return out;
}

function clean(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  return redact(value as LogFields, depth + 1);
}

/**
 * Options of {@link createJsonLogger}.
 *
 * @example
 * const options: JsonLoggerOptions = { level: 'warn', base: { service: 'ivr' } };
 */
export interface JsonLoggerOptions {
  /** Where lines go. Default: `process.stderr`. */
  write?: (line: string) => void;
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Time source. Default `Date.now`. */
  now?: () => number;
  /** Fields added to every line (e.g. `{ service: 'ivr' }`). */
  base?: LogFields;
}

/**
 * A logger writing JSON lines.
 *
 * @example
 * const logger = createJsonLogger({ level: 'debug' });
 * logger.info({ reference_id: 'abc', event: 'incoming_call' }, 'event applied');
 * // {"time":"2026-11-24T05:00:00.000Z","level":"info","msg":"event applied","reference_id":"abc","event":"incoming_call"}
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const min = ORDER[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const log =
    (level: LogLevel): LogFn =>
    (first: LogFields | string, second?: string) => {
      if (ORDER[level] < min) return;
      const [fields, msg] = argumentsOf(first, second);
      const record: LogRecord = {
        time: new Date(now()).toISOString(),
        level,
        msg,
        ...redact({ ...options.base, ...fields }),
      };
      write(JSON.stringify(record));
    };
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  OURS.add(logger);
  return logger;
}

/**
 * A logger that keeps records in memory: for tests.
 *
 * @example
 * const logger = createMemoryLogger();
 * logger.warn({ reference_id: 'abc' }, 'stale event');
 * logger.records[0]?.msg; // 'stale event'
 */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createJsonLogger({ level, write: (line) => records.push(JSON.parse(line) as LogRecord) });
  return Object.assign(logger, { records });
}

/**
 * A logger that drops everything.
 *
 * @example
 * createVoiceApp({ flow, client, store, logger: silentLogger });
 */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
OURS.add(silentLogger);
