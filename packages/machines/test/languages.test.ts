import { TTS_LANGUAGES } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { defineFlow, FlowDefinitionError, hangup, lookup, menu, say, transfer } from '../src/index.js';
import { TestCall } from './support/call.js';
import { incomingCall, speakCompleted } from './support/wire.js';

const spoken = (call: TestCall) => {
  const action = call.last?.actions[0];
  return action?.method === 'speak' ? action.params.tts : undefined;
};

describe('languages', () => {
  it('a language chosen per call from a lookup is spoken (not dropped)', async () => {
    const flow = defineFlow({
      id: 'per-customer',
      version: 1,
      direction: 'inbound',
      language: (data) => String(data.language ?? 'en-US'),
      lookups: { customer: async () => 'fr-CA' },
      start: 'find',
      nodes: {
        find: lookup({
          name: 'customer',
          timeoutMs: 1_000,
          saveAs: 'language',
          next: 'hello',
          onError: 'hello',
        }),
        hello: say({ prompt: 'Bonjour!', next: 'bye' }),
        bye: hangup({ prompt: { say: 'Goodbye.', language: 'en-GB' } }),
      },
    });
    const call = new TestCall(flow);
    call.step(incomingCall());
    await call.resolveLookup();
    expect(spoken(call)).toEqual({ message: 'Bonjour!', language: 'fr-CA' });
    call.step(speakCompleted());
    expect(spoken(call)).toEqual({ message: 'Goodbye.', language: 'en-GB' });
  });

  it('a language chosen from the incoming call (the number dialled), on the prompt itself', () => {
    const flow = defineFlow({
      id: 'by-line',
      version: 1,
      direction: 'inbound',
      start: 'hello',
      nodes: {
        hello: hangup({
          prompt: { say: 'Hello.', language: (_, call) => (call.ours === '15550001111' ? 'es-MX' : 'en-US') },
        }),
      },
    });
    const call = new TestCall(flow);
    call.step(incomingCall());
    expect(spoken(call)).toEqual({ message: 'Hello.', language: 'es-MX' });
  });

  it('an unknown code is refused when the flow is defined, with the closest documented one', () => {
    const define = (language: string) =>
      defineFlow({
        id: 'typo',
        version: 1,
        direction: 'inbound',
        language,
        start: 'bye',
        nodes: { bye: hangup({ prompt: 'Bye.' }) },
      });
    expect(() => define('xx-YY')).toThrow(FlowDefinitionError);
    expect(() => define('xx-YY')).toThrow(/"xx-YY" is not a TTS language TeleSign documents/);
    expect(() => define('en-us')).toThrow(/did you mean "en-US"\?/);
    expect(() =>
      defineFlow({
        id: 'typo',
        version: 1,
        direction: 'inbound',
        start: 'main',
        nodes: {
          main: menu({
            prompt: 'Hi.',
            options: { 1: 'bye' },
            invalid: { prompt: { say: 'Non.', language: 'fr' } },
          }),
          bye: hangup(),
        },
      }),
    ).toThrow(
      /node "main".invalid.prompt.language: "fr" is not .* \(did you mean "fr-CA"\?\)|did you mean "fr-FR"/,
    );
    for (const code of Object.keys(TTS_LANGUAGES)) expect(() => define(code)).not.toThrow();
  });

  it("a code the account has beyond TeleSign's list is accepted when the flow lists it in extraLanguages", () => {
    const flow = defineFlow({
      id: 'extra',
      version: 1,
      direction: 'inbound',
      language: 'cy-GB',
      extraLanguages: ['cy-GB'],
      start: 'bye',
      nodes: { bye: hangup({ prompt: 'Hwyl.' }) },
    });
    const call = new TestCall(flow);
    call.step(incomingCall());
    expect(spoken(call)?.language).toBe('cy-GB');
  });

  it('a function choosing an unknown code fails the step with a clear error (never a speak without language)', () => {
    const flow = defineFlow({
      id: 'bad-choice',
      version: 1,
      direction: 'inbound',
      language: () => 'xx-YY',
      start: 'bye',
      nodes: { bye: hangup({ prompt: 'Bye.' }) },
    });
    expect(() => new TestCall(flow).step(incomingCall())).toThrow(
      /flow "bad-choice".language \(chosen for this call\): "xx-YY" is not a TTS language/,
    );
  });
});

describe('dialling an extension', () => {
  it('transfer({ sendDtmf }) sends the tones with the dial', () => {
    const flow = defineFlow({
      id: 'extension',
      version: 1,
      direction: 'inbound',
      start: 'desk',
      nodes: {
        desk: transfer({ to: '15550100000', sendDtmf: 'ww204#', onFailed: 'bye' }),
        bye: hangup({ prompt: 'Sorry.' }),
      },
    });
    const call = new TestCall(flow);
    call.step(incomingCall());
    expect(call.last?.actions[0]).toMatchObject({
      method: 'dial',
      params: { to: '15550100000', send_dtmf: 'ww204#' },
    });
    expect(() =>
      defineFlow({
        id: 'bad-dtmf',
        version: 1,
        direction: 'inbound',
        start: 'desk',
        nodes: { desk: transfer({ to: '15550100000', sendDtmf: '204 ext', onFailed: 'desk' }) },
      }),
    ).toThrow(/desk"\.sendDtmf: expected 1\.\.\d+ of 0-9 A-D \* # w/);
  });
});
