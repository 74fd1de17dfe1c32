import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEnd } from '@ivrkit/machines';
import { schoolClosureFlow } from '@ivrkit/machines/examples';
import { parseEventJson, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { signCallback } from '@ivrkit/protocol/auth';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallRecord,
  createFileStore,
  createManualClock,
  createMemoryLogger,
  createMemoryStore,
  createVoiceApp,
  type Store,
  type VerifyOption,
} from '../src/index.js';
import { deferred, type FakeSnapshot, fakeBankEngine } from './fake-engine.js';
import { completed, incoming, spoken } from './fixtures.js';
import { credentials } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function setup(
  options: {
    balance?: (input: unknown, o: { signal: AbortSignal }) => Promise<unknown>;
    store?: Store;
    verify?: VerifyOption;
    answerBudgetMs?: number;
    /** Ms after 2026-11-24T05:00:00Z the clock starts at (a restarted process starts later). */
    startAfterMs?: number;
    redelivery?: { earliestCompletionMs?: number; fastestSpeechCharsPerSecond?: number };
  } = {},
) {
  const clock = createManualClock(Date.parse('2026-11-24T05:00:00Z') + (options.startAfterMs ?? 0));
  const logger = createMemoryLogger();
  const sent: Array<{ referenceId: string; action: VoiceAction }> = [];
  const ends: unknown[] = [];
  const engine = fakeBankEngine(options.balance ?? (async () => '12.50'), { ends });
  const store = options.store ?? createMemoryStore();
  const app = createVoiceApp({
    flow: engine,
    store,
    client: {
      async sendAction(referenceId, action) {
        sent.push({ referenceId, action });
        return { reference_id: referenceId, status: 'action_accepted' };
      },
      async dial() {
        return { reference_id: 'out-1', status: 'dial_accepted' };
      },
    },
    verify: options.verify ?? { mode: 'required', ...credentials },
    clock,
    logger,
    ...(options.answerBudgetMs === undefined ? {} : { answerBudgetMs: options.answerBudgetMs }),
    ...(options.redelivery ? { redelivery: options.redelivery } : {}),
  });
  const post = (
    event: VoiceEvent | string,
    headers: Record<string, string> | 'sign' = 'sign',
    gapMs = 6_000,
  ) => {
    // Events come some time apart, as on a call (no prompt completes at once: the delivery model relies on it).
    clock.advance(gapMs);
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    const signed = headers === 'sign' ? signCallback(credentials, body) : headers;
    return app.fetch(
      new Request('http://adapter.test/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
      }),
    );
  };
  const snapshot = async (ref = 'call-0001') =>
    ((await app.runtime.get(ref)) as CallRecord | undefined)?.snapshot as unknown as FakeSnapshot | undefined;
  return { app, clock, logger, sent, ends, engine, store, post, snapshot };
}

const speakOf = (action: unknown) => (action as { params: { tts: { message: string } } }).params.tts.message;

describe('answering events', () => {
  it('answers inline with the action as the response body', async () => {
    const { post } = setup();
    const response = await post(incoming());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      method: 'speak',
      params: {
        tts: { message: 'Press 1 for your balance.', language: 'en-US' },
        collect_digits: { max: 1 },
      },
    });
  });

  it('runs a lookup inside the answer budget and answers inline', async () => {
    const { post, sent } = setup({ balance: async () => '99.00' });
    await post(incoming());
    const response = await post(spoken('1'));
    expect(speakOf(await response.json())).toBe('Your balance is 99.00.');
    expect(sent).toEqual([]);
  });

  it('answers at once when a lookup exceeds the budget, then sends the action through the client', async () => {
    const slow = deferred<unknown>();
    const { post, sent, clock, app } = setup({ balance: () => slow.promise, answerBudgetMs: 800 });
    await post(incoming());
    const pending = post(spoken('1'));
    await clock.advanceAsync(800);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    slow.resolve('7.00');
    await app.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.referenceId).toBe('call-0001');
    expect(speakOf(sent[0]?.action)).toBe('Your balance is 7.00.');
  });

  it('arms the flow timer from nextDeadline and sends what the timer produces', async () => {
    const never = deferred<unknown>();
    const { post, sent, clock, app, snapshot } = setup({ balance: () => never.promise, answerBudgetMs: 100 });
    await post(incoming());
    const pending = post(spoken('1'));
    await clock.advanceAsync(100);
    await pending;
    await clock.advanceAsync(4_800);
    expect(sent).toEqual([]);
    await clock.advanceAsync(200);
    await app.idle();
    expect(sent.map((s) => speakOf(s.action))).toEqual(['Sorry, try later.']);
    // The lookup finishing after the timer is dropped: the flow no longer waits for it.
    never.resolve('late');
    await app.idle();
    expect(sent).toHaveLength(1);
    expect((await snapshot())?.applied).toEqual(['incoming_call:', 'speak_completed:1', 'timer']);
  });

  it('accepts an event with no answer as an empty 200', async () => {
    const { post } = setup();
    await post(incoming());
    await post(spoken('2'));
    await post(spoken(''));
    const response = await post(completed());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('exactly once, in order', () => {
  it('answers a duplicate as before without applying it again', async () => {
    const { post, snapshot, engine, logger } = setup();
    const first = await (await post(incoming())).json();
    const again = await (await post(incoming())).json();
    expect(again).toEqual(first);
    expect(engine.steps).toBe(1);
    await post(spoken('2'));
    await post(spoken('2'));
    expect((await snapshot())?.applied).toEqual(['incoming_call:', 'speak_completed:2']);
    expect(
      logger.records.some(
        (r) => r.msg === 'redelivered event answered as before' && r.reference_id === 'call-0001',
      ),
    ).toBe(true);
  });

  it('ignores a stale event that is not what the call waits for', async () => {
    const { post, snapshot, app } = setup();
    await post(incoming());
    // A play_completed while a speak is pending: not this call's turn.
    const stale = await post({
      event: 'play_completed',
      reference_id: 'call-0001',
      data: { status: 'playback_successful', collected_digits: '9' },
    });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe('');
    expect((await snapshot())?.applied).toEqual(['incoming_call:']);
    expect((await app.runtime.get('call-0001'))?.awaiting).toEqual(['speak_completed']);
  });

  it('ignores a stray speak_completed while the call waits for a lookup', async () => {
    const slow = deferred<unknown>();
    const { post, snapshot, clock, app, sent } = setup({ balance: () => slow.promise, answerBudgetMs: 100 });
    await post(incoming());
    const pending = post(spoken('1'));
    await clock.advanceAsync(100);
    await pending;
    expect((await app.runtime.get('call-0001'))?.awaiting).toEqual([]);
    const stray = await post(spoken('3'), 'sign', 0);
    expect(await stray.text()).toBe('');
    slow.resolve('1.00');
    await app.idle();
    expect((await snapshot())?.applied).toEqual(['incoming_call:', 'speak_completed:1', 'lookup.done']);
    expect(sent).toHaveLength(1);
  });

  it('a late event after call_completed does not resurrect the call', async () => {
    const { post, snapshot, ends } = setup();
    await post(incoming());
    await post(completed());
    const late = await post(spoken('1'));
    expect(await late.text()).toBe('');
    expect((await snapshot())?.applied).toEqual(['incoming_call:', 'call_completed:']);
    expect(ends).toEqual([{ reason: 'hung_up', data: {} }]);
  });

  it('applies concurrent events of one call one at a time, in arrival order', async () => {
    const inner = createMemoryStore();
    let inFlight = 0;
    let maxInFlight = 0;
    const slowStore: Store = {
      ...inner,
      async get(key) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return inner.get(key);
      },
    };
    // Posted at one instant: a test of the queue, not of the delivery model (which takes no completion at once).
    const { post, snapshot } = setup({
      store: slowStore,
      redelivery: { earliestCompletionMs: 0, fastestSpeechCharsPerSecond: Number.POSITIVE_INFINITY },
    });
    const answers = await Promise.all([post(incoming()), post(spoken('2')), post(spoken(''))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await snapshot())?.applied).toEqual(['incoming_call:', 'speak_completed:2', 'speak_completed:']);
    expect(maxInFlight).toBe(1);
  });

  it('keeps different calls independent', async () => {
    const { post, app } = setup();
    await Promise.all([post(incoming('a')), post(incoming('b'))]);
    await post(spoken('2', 'a'));
    expect((await app.runtime.get('a'))?.awaiting).toEqual(['speak_completed']);
    expect(((await app.runtime.get('b'))?.snapshot as unknown as FakeSnapshot | undefined)?.applied).toEqual([
      'incoming_call:',
    ]);
  });
});

describe('the HTTP edge', () => {
  it('refuses unsigned and badly signed events when verification is required', async () => {
    const { post } = setup();
    expect((await post(incoming(), {})).status).toBe(401);
    const forged = signCallback({ ...credentials, apiKey: 'b3RoZXJLZXk=' }, JSON.stringify(incoming()));
    const response = await post(incoming(), { ...forged });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      status: 'not_authorized',
      message: 'the event signature does not match',
    });
  });

  it('optional verification lets unsigned events through but not forged ones; off lets all through', async () => {
    const optional = setup({ verify: { mode: 'optional', ...credentials } });
    expect((await optional.post(incoming(), {})).status).toBe(200);
    // Each unsigned event accepted is logged as a warning; a signed one is not.
    await optional.post(spoken('1'));
    expect(
      optional.logger.records.filter((r) => r.level === 'warn' && /unsigned event accepted/.test(r.msg)),
    ).toHaveLength(1);
    const forged = signCallback({ ...credentials, apiKey: 'b3RoZXJLZXk=' }, JSON.stringify(incoming('x')));
    expect((await optional.post(incoming('x'), { ...forged })).status).toBe(401);
    const off = setup({ verify: 'off' });
    expect((await off.post(incoming(), { authorization: 'TSA nobody:junk' })).status).toBe(200);
    expect(off.logger.records.some((r) => r.level === 'warn' && /verify: 'off'/.test(r.msg))).toBe(true);
  });

  it('refuses a body over the limit with 413, by Content-Length or by streaming', async () => {
    const { app } = setup({ verify: 'off' });
    const huge = JSON.stringify({ ...incoming(), pad: 'x'.repeat(70_000) });
    const declared = await app.fetch(new Request('http://a/', { method: 'POST', body: huge }));
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(10_000).fill(32));
        controller.close();
      },
    });
    const streamed = await app.fetch(
      new Request('http://a/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ status: 'request_too_large' });
  });

  it('refuses malformed events with 400 and the parser message', async () => {
    const { post } = setup();
    const notJson = await post('{oops');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/^body: expected JSON/);
    const text = JSON.stringify({ event: 'incoming_call', reference_id: 'r', data: { to: 5 } });
    const parsed = parseEventJson(text);
    const badShape = await post(text);
    expect(badShape.status).toBe(400);
    expect(parsed.ok).toBe(false);
    expect(await badShape.json()).toEqual({
      status: 'invalid_request',
      message: parsed.ok ? 'unreachable' : parsed.issue.message,
    });
    expect(parsed.ok ? '' : parsed.issue.message).toMatch(/^data\.to: /);
  });

  it('accepts and logs an unknown event type without touching the call', async () => {
    const { post, logger, snapshot } = setup();
    await post(incoming());
    const response = await post(
      JSON.stringify({ event: 'recording_ready', reference_id: 'call-0001', data: {} }),
    );
    expect(response.status).toBe(200);
    expect((await snapshot())?.applied).toEqual(['incoming_call:']);
    const line = logger.records.find((r) => r.msg === 'unknown event type accepted and ignored');
    expect(line).toMatchObject({ level: 'warn', reference_id: 'call-0001' });
  });

  it('answers 500 when the store fails, so TeleSign delivers the event again', async () => {
    const broken: Store = {
      ...createMemoryStore(),
      get: async () => Promise.reject(new Error('disk on fire')),
    };
    const { post, logger } = setup({ store: broken });
    expect((await post(incoming())).status).toBe(500);
    expect(logger.records.at(-1)).toMatchObject({ level: 'error', msg: 'event handling failed' });
  });

  it('answers health checks and refuses other methods', async () => {
    const { app } = setup();
    expect((await app.fetch(new Request('http://a/healthz'))).status).toBe(200);
    expect((await app.fetch(new Request('http://a/events'))).status).toBe(405);
  });

  it('never logs credentials', async () => {
    const { post, logger } = setup();
    await post(incoming());
    await post(incoming(), { authorization: `TSA ${credentials.customerId}:bad` });
    await post('{oops');
    const text = JSON.stringify(logger.records);
    expect(logger.records.length).toBeGreaterThan(2);
    expect(text).not.toContain(credentials.apiKey);
    expect(text).not.toContain('TSA ');
  });
});

describe('restarts', () => {
  it('a process restart mid-call loses nothing: the pending lookup is re-run and its action sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ivrkit-restart-'));
    dirs.push(dir);
    const hung = deferred<unknown>();
    const before = setup({
      store: await createFileStore({ dir }),
      balance: () => hung.promise,
      answerBudgetMs: 50,
    });
    await before.post(incoming());
    const pending = before.post(spoken('1'));
    await before.clock.advanceAsync(50);
    expect(await (await pending).text()).toBe('');
    // Crash: no close of the store, the lookup never finishes.
    await before.app.close();

    const after = setup({
      store: await createFileStore({ dir }),
      balance: async () => '3.14',
      startAfterMs: 10_000,
    });
    expect(await after.app.resume()).toEqual({ calls: 1, lookups: 1, timers: 1 });
    await after.app.idle();
    expect(after.sent.map((s) => speakOf(s.action))).toEqual(['Your balance is 3.14.']);
    // The call continues where it was, in the new process.
    const next = await after.post(spoken(''));
    expect(await next.json()).toEqual({ method: 'hangup', params: {} });
    expect((await after.snapshot())?.applied).toEqual([
      'incoming_call:',
      'speak_completed:1',
      'lookup.done',
      'speak_completed:',
    ]);
  });

  it('re-arms a timer after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ivrkit-restart-'));
    dirs.push(dir);
    const before = setup({
      store: await createFileStore({ dir }),
      balance: () => new Promise(() => {}),
      answerBudgetMs: 10,
    });
    await before.post(incoming());
    const pending = before.post(spoken('1'));
    await before.clock.advanceAsync(10);
    await pending;
    await before.app.close();
    const after = setup({
      store: await createFileStore({ dir }),
      balance: () => new Promise(() => {}),
      startAfterMs: 12_000,
    });
    await after.app.resume();
    await after.clock.advanceAsync(6_000);
    await after.app.idle();
    expect(after.sent.map((s) => speakOf(s.action))).toEqual(['Sorry, try later.']);
  });
});

describe('outbound', () => {
  it('dial registers the call before its first event, with tags', async () => {
    const { app } = setup();
    const answer = await app.dial(
      { to: '15555551212', caller_id_number: '15554441313' },
      { tags: { row: '3' } },
    );
    const record = await app.runtime.get(answer.reference_id);
    expect(record?.awaiting).toEqual(['dial_completed']);
    expect(record?.summary).toMatchObject({ direction: 'outbound', tags: { row: '3' } });
  });

  it('a call_completed that arrives before any other event still ends the flow and runs its end hook', async () => {
    const ends: CallEnd[] = [];
    const app = createVoiceApp({
      flow: { ...schoolClosureFlow, onEnd: (end: CallEnd) => void ends.push(end) },
      store: createMemoryStore(),
      client: {
        sendAction: async (reference_id) => ({ reference_id, status: 'action_accepted' }),
        dial: async () => ({ reference_id: 'out-7', status: 'dial_accepted' }),
      },
      verify: 'off',
      logger: createMemoryLogger(),
    });
    await app.dial({ to: '15555551212', caller_id_number: '15554441313' });
    // The unanswered call's dial_completed is delayed behind its call_completed.
    const end = { ...completed('out-7', 0), data: { ...completed('out-7', 0).data, status: 'no_answer' } };
    const post = (event: VoiceEvent) =>
      app.fetch(new Request('http://adapter.test/events', { method: 'POST', body: JSON.stringify(event) }));
    expect((await post(end as VoiceEvent)).status).toBe(200);
    const late: VoiceEvent = {
      event: 'dial_completed',
      reference_id: 'out-7',
      data: { to: '15555551212', from: '15554441313', status: 'no_answer' },
    };
    expect((await post(late)).status).toBe(200);
    await app.idle();
    expect(ends).toHaveLength(1);
    expect((await app.runtime.get('out-7'))?.ended).toBe(true);
  });
});
