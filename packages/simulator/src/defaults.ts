/**
 * The simulator's own defaults — modelling choices of this fake, not protocol decisions (those live in
 * `@ivrkit/protocol`'s `ours.ts`). Marked `[sim]` where they are defined.
 *
 * @module
 */

import type { Credentials } from '@ivrkit/protocol/auth';

/**
 * `[sim]` Demo credentials, printed by `ivrkit sim` and used when none are given. The API key is base64, as
 * TeleSign's are (HMAC signing decodes it).
 *
 * @example
 * const headers = { Authorization: basicAuthorization(DEMO_CREDENTIALS) };
 */
export const DEMO_CREDENTIALS: Readonly<Credentials> = Object.freeze({
  customerId: 'DEMO-CUSTOMER-0000-0000-000000000000',
  apiKey: 'ZGVtby1hcGkta2V5LWZvci10aGUtaXZya2l0LXNpbXVsYXRvcg==',
});

/**
 * `[sim]` The number leased from the start when none are given.
 *
 * @example
 * createSimulator().numbers(); // [DEMO_NUMBER]
 */
export const DEMO_NUMBER = '15555551212';

/**
 * `[sim]` The seed of every random choice when none is given.
 *
 * @example
 * createSimulator({ seed: DEFAULT_SEED }); // the same as createSimulator()
 */
export const DEFAULT_SEED = 1;

/**
 * `[sim]` The event URL used when `createSimulator` is given an in-process `fetch` and no `eventUrl`.
 *
 * @example
 * const sim = createSimulator({ fetch: myWebhookHandler }); // events are POSTed to IN_PROCESS_EVENT_URL via it
 */
export const IN_PROCESS_EVENT_URL = 'http://customer.local/events';
