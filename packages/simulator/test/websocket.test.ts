import { PATHS, type VoiceEvent } from '@ivrkit/protocol';
import { basicAuthorization, signRequest } from '@ivrkit/protocol/auth';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSimulator, DEMO_CREDENTIALS, type Simulator } from '../src/index.js';
import { type NodeServer, serveNode } from '../src/node-server.js';
import { attachWebSocket } from '../src/ws-server.js';

const US = '15555551212';
const CALLER = '15558675309';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function start(
  options: Parameters<typeof createSimulator>[0] = {},
): Promise<{ sim: Simulator; server: NodeServer }> {
  const sim = createSimulator({
    delivery: 'websocket',
    offer: { eventSocket: true },
    clock: 'real',
    speed: 100,
    ...options,
  });
  const server = await serveNode(sim.fetch, { port: 0, host: '127.0.0.1' });
  const closeSockets = attachWebSocket(sim, server.server);
  cleanups.push(
    () => sim.close(),
    () => closeSockets(),
    () => server.close(),
  );
  return { sim, server };
}

/** A connected client that queues every message. */
async function connect(server: NodeServer, headers: Record<string, string>) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${PATHS.eventSocket}`, { headers });
  cleanups.push(() => ws.terminate());
  const inbox: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (): Promise<Record<string, unknown>> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return inbox.shift() as Record<string, unknown>;
  };
  return { ws, next, closed };
}

describe('the WebSocket event channel over a real socket', () => {
  it('carries events out and actions back, with each action answered like POST /v2/voice', async () => {
    const { sim, server } = await start();
    const client = await connect(server, { Authorization: basicAuthorization(DEMO_CREDENTIALS) });
    const placed = sim.placeInboundCall({
      to: US,
      from: CALLER,
      caller: { rules: [{ prompt: 1, press: '7' }] },
    });
    const incoming = (await client.next()) as unknown as VoiceEvent;
    expect(incoming).toEqual({
      event: 'incoming_call',
      reference_id: placed.reference_id,
      data: { to: US, from: CALLER },
    });
    client.ws.send(
      JSON.stringify({
        id: 1,
        reference_id: placed.reference_id,
        method: 'speak',
        params: { tts: { message: 'Press seven', language: 'en-US' }, collect_digits: { max: 1 } },
      }),
    );
    expect(await client.next()).toEqual({
      reference_id: placed.reference_id,
      status: 'action_accepted',
      id: 1,
    });
    const completed = await client.next();
    expect(completed).toMatchObject({
      event: 'speak_completed',
      data: { status: 'speak_successful', collected_digits: '7' },
    });
    client.ws.send(
      JSON.stringify({ id: 'x', reference_id: placed.reference_id, method: 'speak', params: {} }),
    );
    expect(await client.next()).toMatchObject({ id: 'x', status: 'invalid_request' });
    client.ws.send('not json');
    expect(await client.next()).toMatchObject({ status: 'invalid_request' });
    client.ws.send(JSON.stringify({ reference_id: placed.reference_id, method: 'hangup' }));
    expect(await client.next()).toMatchObject({ status: 'action_accepted' });
    expect(await client.next()).toMatchObject({ event: 'call_completed', data: { status: 'hangup' } });
  });

  it('places an outbound call with a dial over the socket', async () => {
    const { server } = await start();
    const signed = signRequest(DEMO_CREDENTIALS, { method: 'GET', path: PATHS.eventSocket });
    const client = await connect(server, { ...signed });
    client.ws.send(
      JSON.stringify({ id: 9, method: 'dial', params: { to: '15550002222', caller_id_number: US } }),
    );
    const answer = await client.next();
    expect(answer).toMatchObject({ id: 9, status: 'dial_accepted' });
    expect(await client.next()).toMatchObject({
      event: 'dial_completed',
      reference_id: answer.reference_id,
      data: { status: 'answered' },
    });
  });

  it('refuses an unauthenticated connection with a status message and close code 1008', async () => {
    const { server } = await start();
    const client = await connect(server, {});
    expect(await client.next()).toMatchObject({ status: 'credentials_not_provided' });
    expect(await client.closed).toBe(1008);
  });

  it('refuses upgrades on other paths', async () => {
    const { server } = await start();
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
    cleanups.push(() => ws.terminate());
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toContain('404');
  });
});
