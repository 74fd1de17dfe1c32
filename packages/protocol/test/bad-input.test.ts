import { LIMITS, parseActionJson, parseEventJson } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';

const play = (collect: unknown) =>
  JSON.stringify({ method: 'play', params: { url: 'https://a.test/x.wav', collect_digits: collect } });
const dial = (params: object) => JSON.stringify({ method: 'dial', params });

describe('bad actions', () => {
  it.each([
    ['not JSON', '{"method":', 'invalid_json', '', /^body: expected JSON, got "\{\\"method\\":" \(/],
    ['JSON but not an object', '[1,2]', 'invalid_shape', '', /^body: expected an object, got an array$/],
    ['no method', '{"params":{}}', 'unknown_method', 'method', /expected one of "dial", .*got nothing$/],
    ['an unknown method', '{"method":"record","params":{}}', 'unknown_method', 'method', /got "record"$/],
    [
      'max as a string',
      play({ max: '5' }),
      'invalid_shape',
      'params.collect_digits.max',
      /^params\.collect_digits\.max: expected an integer from 1 to 64, got "5"$/,
    ],
    ['max of zero', play({ max: 0 }), 'invalid_shape', 'params.collect_digits.max', /got 0$/],
    ['max fractional', play({ max: 1.5 }), 'invalid_shape', 'params.collect_digits.max', /got 1\.5$/],
    [
      'timeout negative',
      play({ max: 1, timeout: -1 }),
      'invalid_shape',
      'params.collect_digits.timeout',
      /got -1$/,
    ],
    [
      'timeout huge',
      play({ max: 1, timeout: 1e12 }),
      'invalid_shape',
      'params.collect_digits.timeout',
      /got 1000000000000$/,
    ],
    [
      'collect_digits null',
      play(null),
      'invalid_shape',
      'params.collect_digits',
      /expected an object, got null$/,
    ],
    ['no params', '{"method":"speak"}', 'invalid_shape', 'params', /expected an object, got nothing$/],
    [
      'speak without tts',
      '{"method":"speak","params":{}}',
      'invalid_shape',
      'params.tts',
      /expected an object/,
    ],
    [
      'speak with an empty message',
      '{"method":"speak","params":{"tts":{"message":""}}}',
      'invalid_shape',
      'params.tts.message',
      /non-empty string, got ""$/,
    ],
    [
      'a huge message',
      JSON.stringify({
        method: 'speak',
        params: { tts: { message: 'a'.repeat(LIMITS.maxTtsMessageLength + 1) } },
      }),
      'invalid_shape',
      'params.tts.message',
      /at most 4000 characters, got "a{40}…" \(4001 characters\)$/,
    ],
    [
      'a bad language',
      '{"method":"speak","params":{"tts":{"message":"hi","language":"english please"}}}',
      'invalid_shape',
      'params.tts.language',
      /language tag/,
    ],
    [
      'play without url',
      '{"method":"play","params":{}}',
      'invalid_shape',
      'params.url',
      /http\(s\) URL, got nothing$/,
    ],
    [
      'play with a file path',
      '{"method":"play","params":{"url":"/etc/passwd"}}',
      'invalid_shape',
      'params.url',
      /got "\/etc\/passwd"$/,
    ],
    [
      'play_multiple with no urls',
      '{"method":"play_multiple","params":{"urls":[]}}',
      'invalid_shape',
      'params.urls',
      /array of 1 to 20 URLs, got an array$/,
    ],
    [
      'play_multiple with a bad url',
      '{"method":"play_multiple","params":{"urls":["https://a.test/1","ftp://x"]}}',
      'invalid_shape',
      'params.urls[1]',
      /got "ftp:\/\/x"$/,
    ],
    [
      'send_dtmf with letters',
      '{"method":"send_dtmf","params":{"digits":"12x"}}',
      'invalid_shape',
      'params.digits',
      /DTMF digits/,
    ],
    [
      'jsonrpc not 2.0',
      '{"jsonrpc":"1.0","method":"hangup","params":{}}',
      'invalid_shape',
      'jsonrpc',
      /expected "2.0", got "1.0"$/,
    ],
    [
      'a reference_id with spaces',
      '{"reference_id":"a b","method":"hangup","params":{}}',
      'invalid_shape',
      'reference_id',
      /printable ASCII/,
    ],
  ])('%s', (_name, body, code, path, message) => {
    const result = parseActionJson(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue.code).toBe(code);
    expect(result.issue.path).toBe(path);
    expect(result.issue.message).toMatch(message);
  });

  it.each([
    ['no to', { caller_id_number: '15554441313' }, 'params.to', 'to_number_not_provided'],
    ['an empty to', { to: '', caller_id_number: '15554441313' }, 'params.to', 'to_number_not_provided'],
    [
      'a formatted to',
      { to: '+1 (555) 555-1212', caller_id_number: '15554441313' },
      'params.to',
      'invalid_phone_number',
    ],
    [
      'a numeric to',
      { to: 15555551212, caller_id_number: '15554441313' },
      'params.to',
      'invalid_phone_number',
    ],
    ['no caller id', { to: '15555551212' }, 'params.caller_id_number', 'caller_id_number_not_provided'],
    [
      'a short caller id',
      { to: '15555551212', caller_id_number: '123' },
      'params.caller_id_number',
      'invalid_phone_number',
    ],
  ])('dial with %s carries TeleSign status', (_name, params, path, status) => {
    const result = parseActionJson(dial(params));
    expect(result).toMatchObject({ ok: false, issue: { path, status } });
  });

  it.each([
    ['a number', 14400],
    ['zero', '0'],
    ['over four hours', '14401'],
    ['a decimal', '60.5'],
  ])('dial with max_call_duration as %s is refused', (_name, value) => {
    const result = parseActionJson(
      dial({ to: '15555551212', caller_id_number: '15554441313', max_call_duration: value }),
    );
    expect(result).toMatchObject({ ok: false, issue: { path: 'params.max_call_duration' } });
  });

  it('accepts hangup without params, as TeleSign demos send it', () => {
    expect(parseActionJson('{"method":"hangup"}')).toEqual({
      ok: true,
      value: { method: 'hangup', params: {} },
    });
  });

  it('refuses oversized and deeply nested bodies before looking inside', () => {
    const big = JSON.stringify({ method: 'hangup', params: {}, pad: 'x'.repeat(LIMITS.maxBodyBytes) });
    expect(parseActionJson(big)).toMatchObject({ ok: false, issue: { code: 'too_large' } });
    const multiByte = JSON.stringify({
      method: 'hangup',
      params: {},
      pad: 'é'.repeat(LIMITS.maxBodyBytes / 2),
    });
    expect(parseActionJson(multiByte)).toMatchObject({ ok: false, issue: { code: 'too_large' } });
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(parseActionJson(deep)).toMatchObject({
      ok: false,
      issue: { code: 'too_large', expected: /nested/ },
    });
  });
});

describe('bad events', () => {
  const incoming = {
    event: 'incoming_call',
    reference_id: 'r1',
    data: { to: '15555551212', from: '15558675309' },
  };
  it.each([
    ['not JSON', 'event=incoming_call', 'invalid_json', ''],
    [
      'no reference_id',
      JSON.stringify({ ...incoming, reference_id: undefined }),
      'invalid_shape',
      'reference_id',
    ],
    [
      'a numeric reference_id',
      JSON.stringify({ ...incoming, reference_id: 42 }),
      'invalid_shape',
      'reference_id',
    ],
    ['no data', JSON.stringify({ ...incoming, data: undefined }), 'invalid_shape', 'data'],
    [
      'from as a number',
      JSON.stringify({ ...incoming, data: { to: '1', from: 5 } }),
      'invalid_shape',
      'data.from',
    ],
    [
      'play_completed without status',
      JSON.stringify({ event: 'play_completed', reference_id: 'r', data: { collected_digits: '1' } }),
      'invalid_shape',
      'data.status',
    ],
    [
      'digits that cannot be pressed',
      JSON.stringify({
        event: 'speak_completed',
        reference_id: 'r',
        data: { status: 'speak_successful', collected_digits: '12x' },
      }),
      'invalid_shape',
      'data.collected_digits',
    ],
    [
      'a negative duration',
      JSON.stringify({ event: 'call_completed', reference_id: 'r', data: { duration: -1 } }),
      'invalid_shape',
      'data.duration',
    ],
  ])('%s', (_name, body, code, path) => {
    expect(parseEventJson(body)).toMatchObject({ ok: false, issue: { code, path } });
  });

  it('reports an unknown event with its reference_id so it can be routed and logged', () => {
    const result = parseEventJson(JSON.stringify({ event: 'recording_ready', reference_id: 'r9', data: {} }));
    expect(result).toMatchObject({
      ok: false,
      issue: { code: 'unknown_event', path: 'event', referenceId: 'r9' },
    });
  });
});
