import { bankFlow } from '@ivrkit/machines/examples';
import { PATHS } from '@ivrkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketTransport } from '../../src/index.js';
import { type Harness, type Mode, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

const balanceCaller = {
  rules: [
    { says: 'Welcome to Example Bank', press: '1' },
    { says: 'eight digit account number', press: '12345678' },
    { says: 'For the main menu, press 1. To end this call, press 2.', press: '2' },
  ],
};

describe.each<Mode>(['http', 'http-loopback', 'websocket', 'polling'])('bank phone tree over %s', (mode) => {
  it('reads a balance back and says goodbye', async () => {
    const h = await startHarness({ mode, flow: bankFlow });
    harnesses.push(h);
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: balanceCaller,
    });
    await h.run();
    const heard = h.heard(call.reference_id);
    expect(heard.some((text) => text.includes('is 1,234.56 dollars'))).toBe(true);
    expect(heard.at(-1)).toBe('Thank you for calling Example Bank. Goodbye.');
    expect(h.sim.violations()).toEqual([]);
    const record = await h.app.runtime.get(call.reference_id);
    expect(record).toMatchObject({
      ended: true,
      summary: { digits: ['1', '12345678', '2'], direction: 'inbound' },
    });
    // Structured logs carry the call's reference_id and never a credential.
    expect(h.logger.records.some((r) => r.reference_id === call.reference_id)).toBe(true);
    const logs = JSON.stringify(h.logger.records);
    expect(logs).not.toContain(h.sim.credentials.apiKey);
    expect(logs).not.toMatch(/TSA [^"]*:/);
  });
});

describe('WebSocket authentication', () => {
  it('a socket with the wrong key is refused (1008) and not retried', async () => {
    const h = await startHarness({ mode: 'websocket', flow: bankFlow });
    harnesses.push(h);
    const intruder = createSocketTransport({
      url: `${h.client.baseUrl.replace(/^http/, 'ws')}${PATHS.eventSocket}`,
      customerId: h.sim.credentials.customerId,
      apiKey: 'd3JvbmdLZXk=',
      env: {},
    });
    const fatal = new Promise<Error>((resolve) => {
      intruder.start(h.app.runtime).catch(resolve);
      const wait = setInterval(() => {
        if (intruder.failure) {
          clearInterval(wait);
          resolve(intruder.failure);
        }
      }, 5);
    });
    expect((await fatal).message).toMatch(/1008/);
    // Refused credentials are not retried.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(intruder.connections).toBeLessThanOrEqual(1);
    expect(intruder.connected).toBe(false);
    await intruder.close();
  });
});
