/**
 * Structured logs: one JSON object per line with `time`, `level`, `msg` and fields such as `reference_id`.
 * Credentials never reach a log: {@link redact} drops fields whose name looks like one, whatever the caller passes.
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
 * The logger port.
 *
 * @example
 * const logger: Logger = { debug: console.debug, info: console.info, warn: console.warn, error: console.error };
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
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
 * logger.info('event applied', { reference_id: 'abc', event: 'incoming_call' });
 * // {"time":"2026-11-24T05:00:00.000Z","level":"info","msg":"event applied","reference_id":"abc","event":"incoming_call"}
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const min = ORDER[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const log =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (ORDER[level] < min) return;
      const record: LogRecord = {
        time: new Date(now()).toISOString(),
        level,
        msg,
        ...redact({ ...options.base, ...fields }),
      };
      write(JSON.stringify(record));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * A logger that keeps records in memory: for tests.
 *
 * @example
 * const logger = createMemoryLogger();
 * logger.warn('stale event', { reference_id: 'abc' });
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
