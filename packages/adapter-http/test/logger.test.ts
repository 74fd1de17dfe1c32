import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createJsonLogger,
  createMemoryLogger,
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  fromMessageFirstLogger,
  type LogFields,
  type Logger,
  type LogRecord,
} from '../src/index.js';
import { balanceFlow } from './fixtures.js';
import { simulatorWithClock } from './sim-helpers.js';

/** A real pino writing JSON lines into memory through a stream. */
function pinoIntoMemory() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return { logger, lines };
}

/** Sends each line to both loggers, so the test can compare what each kept. */
function tee(a: Logger, b: Logger): Logger {
  const level = (name: keyof Logger) => (fields: LogFields | string, msg?: string) => {
    a[name](fields as LogFields, msg);
    b[name](fields as LogFields, msg);
  };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

describe('a pino instance as the logger', () => {
  it('is a Logger as it is, and keeps reference_id and every field of every line of a whole call', async () => {
    const real = pinoIntoMemory();
    const asPort: Logger = real.logger; // pino's own type is accepted without a cast
    const memory = createMemoryLogger('debug');
    let app: ReturnType<typeof createVoiceApp> | undefined;
    const { sim, adapter } = simulatorWithClock({
      eventUrl: 'http://adapter.test/events',
      fetch: (request) => (app as ReturnType<typeof createVoiceApp>).fetch(request),
    });
    app = createVoiceApp({
      flow: balanceFlow(async () => '12.50'),
      client: createTeleSignClient({
        ...sim.credentials,
        baseUrl: 'http://sim.test',
        fetch: sim.fetch,
        env: {},
      }),
      store: createMemoryStore(),
      verify: { mode: 'required', ...sim.credentials },
      clock: adapter,
      logger: tee(asPort, memory),
    });
    const call = sim.placeInboundCall({
      to: sim.numbers()[0] as string,
      from: '15558675309',
      caller: { rules: [{ prompt: 1, press: '2' }] },
    });
    await sim.runUntilIdle({ maxVirtualMs: 60_000 });
    await app.close();

    const kept = memory.records;
    expect(kept.length).toBeGreaterThan(2);
    expect(real.lines).toHaveLength(kept.length);
    kept.forEach((record: LogRecord, index) => {
      const { time: _time, level: _level, ...fields } = record;
      expect(real.lines[index]).toMatchObject(fields);
    });
    const applied = real.lines.filter((line) => line.msg === 'event applied');
    expect(applied.length).toBeGreaterThan(0);
    for (const line of applied) expect(line.reference_id).toBe(call.reference_id);
  });

  it('gets errors as { name, message } and credentials redacted, as our own loggers do', async () => {
    const real = pinoIntoMemory();
    const app = createVoiceApp({
      flow: balanceFlow(async () => '1'),
      client: {
        sendAction: async (reference_id) => ({ reference_id, status: 'action_accepted' }),
        dial: async () => ({ reference_id: 'x', status: 'dial_accepted' }),
      },
      store: {
        ...createMemoryStore(),
        get: async () => {
          throw Object.assign(new Error('store down'), { code: 'ECONNREFUSED' });
        },
      },
      verify: 'off',
      logger: real.logger,
    });
    app.logger.warn({ apiKey: 'secret', reference_id: 'r1' }, 'about a key');
    const answer = await app.handle({
      method: 'POST',
      path: '/events',
      headers: new Headers(),
      body: JSON.stringify({
        event: 'incoming_call',
        reference_id: 'r2',
        data: { to: '15555550100', from: '1555' },
      }),
    });
    expect(answer.status).toBe(500);
    expect(real.lines.find((line) => line.msg === 'about a key')).toMatchObject({
      apiKey: '[redacted]',
      reference_id: 'r1',
    });
    const failure = real.lines.find((line) => line.msg === 'event handling failed');
    expect(failure?.error).toEqual({ name: 'Error', message: 'store down', code: 'ECONNREFUSED' });
  });
});

describe('migration from the message-first shape', () => {
  it('fromMessageFirstLogger adapts a logger written as info(msg, fields)', () => {
    const seen: Array<[string, LogFields | undefined]> = [];
    const legacy = {
      debug: (msg: string, fields?: LogFields) => seen.push([msg, fields]),
      info: (msg: string, fields?: LogFields) => seen.push([msg, fields]),
      warn: (msg: string, fields?: LogFields) => seen.push([msg, fields]),
      error: (msg: string, fields?: LogFields) => seen.push([msg, fields]),
    };
    const logger = fromMessageFirstLogger(legacy);
    logger.info({ reference_id: 'abc' }, 'event applied');
    logger.warn('plain message');
    expect(seen).toEqual([
      ['event applied', { reference_id: 'abc' }],
      ['plain message', {}],
    ]);
  });

  it('our JSON logger still reads the earlier call order from untyped callers', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line), now: () => 0 });
    (logger.info as (msg: string, fields: LogFields) => void)('old order', { reference_id: 'abc' });
    logger.info({ reference_id: 'abc' }, 'new order');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'old order', reference_id: 'abc' },
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'new order', reference_id: 'abc' },
    ]);
  });
});
