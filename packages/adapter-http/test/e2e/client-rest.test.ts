import { createSimulator } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import { createTeleSignClient, isHttpError } from '../../src/index.js';

describe.each(['digest', 'basic'] as const)('the client against the simulator (%s auth)', (auth) => {
  it('searches, leases and cancels numbers; lists recordings and calls; refuses what TeleSign refuses', async () => {
    const sim = createSimulator({ recording: true, offer: { callQuery: true } });
    const client = createTeleSignClient({
      ...sim.credentials,
      auth,
      baseUrl: 'http://sim.test',
      fetch: sim.fetch,
      env: {},
    });

    const found = await client.phoneNumbers.search({ country_iso2: 'US', voice_capable: true });
    const candidate = found.data[0];
    expect(candidate?.phone_number).toMatch(/^1\d{10}$/);
    const leased = await client.phoneNumbers.lease({
      country_iso2: 'US',
      phone_number: candidate?.phone_number as string,
    });
    const leaseId = leased.data[0]?.lease?.lease_id as string;
    expect(leaseId).toBeTruthy();
    expect(sim.numbers()).toContain(candidate?.phone_number);
    await client.phoneNumbers.cancel(leaseId);
    expect(sim.numbers()).not.toContain(candidate?.phone_number);

    const placed = await client.dial({
      to: '15555550123',
      caller_id_number: sim.numbers()[0] as string,
      external_id: 'x-1',
    });
    expect(placed.status).toBe('dial_accepted');
    const { calls } = await client.calls.list();
    expect(calls.map((c) => [c.reference_id, c.external_id])).toEqual([[placed.reference_id, 'x-1']]);
    expect((await client.calls.get(placed.reference_id)).state).toBe('ringing');
    expect((await client.recordings.list()).data).toEqual([]);

    // A 200 is a refusal for /v2/voice, and carries TeleSign's status.
    const refused = await client
      .dial({ to: '19005550100', caller_id_number: sim.numbers()[0] as string })
      .catch((error: unknown) => error);
    expect(isHttpError(refused) && [refused.httpStatus, refused.status]).toEqual([
      200,
      'premium_to_number_rejected',
    ]);
    const notOwned = await client
      .dial({ to: '15555550123', caller_id_number: '15550000000' })
      .catch((e: unknown) => e);
    expect(isHttpError(notOwned) && notOwned.status).toBe('caller_id_number_not_owned');
    await sim.close();
  });

  it('is refused with wrong credentials (401 not_authorized)', async () => {
    const sim = createSimulator({ offer: { callQuery: true } });
    const client = createTeleSignClient({
      customerId: sim.credentials.customerId,
      apiKey: 'd3JvbmdLZXk=',
      auth,
      baseUrl: 'http://sim.test',
      fetch: sim.fetch,
      env: {},
    });
    const error = await client.calls.list().catch((e: unknown) => e);
    expect(isHttpError(error) && [error.httpStatus, error.status]).toEqual([401, 'not_authorized']);
    await sim.close();
  });
});
