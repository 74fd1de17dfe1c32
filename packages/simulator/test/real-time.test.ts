import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import { describe, expect, it } from 'vitest';
import { createRealClock, createSimulator, DEMO_CREDENTIALS } from '../src/index.js';
import { serveNode, serveSimulator } from '../src/node.js';
import { hangup, names, speak, testCustomer } from './helpers.js';

// The few tests that need real time or real sockets; everything else runs in virtual time, in-process.
describe('real time and real sockets', () => {
  it('the real clock runs timers in due order when the event loop falls behind', async () => {
    // Node runs every expired timer of one duration before timers of another: a late loop would run X2 (due at
    // 30 ms) before X1 (due at 22 ms), because Y (due at 20 ms) has X2's duration. Scripted digits were pressed
    // out of order that way under load.
    const clock = createRealClock();
    const ran: string[] = [];
    clock.schedule(20, () => ran.push('Y'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    clock.schedule(12, () => ran.push('X1'));
    clock.schedule(20, () => ran.push('X2'));
    const cancelled = clock.schedule(15, () => ran.push('cancelled'));
    clock.clear(cancelled);
    const busyUntil = performance.now() + 60;
    while (performance.now() < busyUntil) {
      // the loop is late: every timer above is due when it next runs
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['Y', 'X1', 'X2']);
  });

  it('the real clock runs timers due together promptly, in the order they were set', async () => {
    const clock = createRealClock();
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) clock.schedule(5, () => ran.push(i));
    clock.schedule(10, () => {
      ran.push(5);
      clock.schedule(0, () => ran.push(6));
      clock.schedule(0, () => ran.push(7));
    });
    // Nothing else happens in the meantime: the clock must not wait for some unrelated event to go on.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('an event URL that never answers is timed out by the watchdog and given up', async () => {
    const sim = createSimulator({
      eventUrl: 'http://c.test/',
      fetch: () => new Promise<Response>(() => {}),
      eventDelivery: { timeoutMs: 1, attempts: 1 },
    });
    const call = sim.placeInboundCall({
      to: '15555551212',
      from: '15558675309',
      caller: { hangupAtMs: 1_000 },
    });
    await sim.runUntilIdle();
    const outcomes = sim
      .transcript(call.reference_id)
      .entries.flatMap((e) => (e.kind === 'delivery' ? [e.outcome] : []));
    expect(outcomes.slice(0, 2)).toEqual(['timeout', 'gave_up']);
  });

  it('delivers events to a customer over loopback HTTP, signed, with the answer acted on', async () => {
    const customer = testCustomer((event) =>
      event.event === 'incoming_call'
        ? speak('Hello over HTTP')
        : event.event === 'speak_completed'
          ? hangup()
          : undefined,
    );
    const customerServer = await serveNode(customer.fetch, { port: 0 });
    const sim = createSimulator({
      eventUrl: `${customerServer.url}/events`,
      clock: 'real',
      speed: 5,
      eventDelivery: { timeoutMs: 30_000 },
    });
    const served = await serveSimulator(sim, { port: 0 });
    try {
      const placed = await fetch(`${served.url}${PATHS.simulatorControl}/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ to: '15555551212', from: '15558675309' }),
      });
      expect(placed.status).toBe(201);
      const result = await sim.runUntilIdle({ maxVirtualMs: 60_000 });
      expect(result.reason).toBe('idle');
      expect(names(customer.events)).toEqual(['incoming_call', 'speak_completed', 'call_completed']);
      expect(customer.badSignatures).toBe(0);
    } finally {
      await served.close();
      await customerServer.close();
    }
  });

  it("refuses a body over the Node server's cap with 413 before the handler runs", async () => {
    let reached = false;
    const server = await serveNode(
      async () => {
        reached = true;
        return new Response('{}');
      },
      { port: 0, maxBodyBytes: 1_000 },
    );
    try {
      const response = await fetch(`${server.url}${PATHS.voice}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basicAuthorization(DEMO_CREDENTIALS) },
        body: 'x'.repeat(5_000),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ status: 'request_too_large' });
      expect(reached).toBe(false);
    } finally {
      await server.close();
    }
  });
});
