import { describe, expect, it } from 'vitest';
import {
  choose,
  defineFlow,
  FlowDefinitionError,
  hangup,
  lookup,
  menu,
  stepFlow,
  toMermaid,
} from '../src/index.js';
import { TestCall } from './support/call.js';
import { incomingCall } from './support/wire.js';

/** Open 09:00–17:00 UTC, Monday to Friday. */
const isOpen = (now: number) => {
  const at = new Date(now);
  const hour = at.getUTCHours();
  return at.getUTCDay() % 6 !== 0 && hour >= 9 && hour < 17;
};

const frontDesk = defineFlow({
  id: 'hours-aware',
  version: 1,
  direction: 'inbound',
  start: 'route',
  lookups: { tier: async (input) => ((input as { from: string }).from === '15552223333' ? 'gold' : 'basic') },
  nodes: {
    route: choose({
      branches: [{ when: (_d, _c, now) => isOpen(now), next: 'customer', label: 'open' }],
      otherwise: 'closed',
    }),
    customer: lookup({
      name: 'tier',
      input: (_d, call) => ({ from: call.theirs }),
      timeoutMs: 2_000,
      saveAs: 'tier',
      next: 'byTier',
      onError: 'main',
    }),
    byTier: choose({
      branches: [{ when: (d) => d.tier === 'gold', next: 'gold', label: 'gold customer' }],
      otherwise: 'main',
    }),
    gold: hangup({ prompt: 'Welcome back, gold member.' }),
    main: menu({
      prompt: 'For sales, press 1.',
      options: { 1: 'closed' },
      noInput: { next: 'closed' },
      invalid: { next: 'closed' },
    }),
    closed: hangup({ prompt: 'We are closed. Goodbye.' }),
  },
});

const MONDAY_10 = Date.UTC(2026, 10, 30, 10, 0);
const SUNDAY_10 = Date.UTC(2026, 10, 29, 10, 0);

const said = (actions: ReadonlyArray<{ method: string; params?: unknown }>) =>
  actions.map((a) =>
    a.method === 'speak' ? (a.params as { tts: { message: string } }).tts.message : a.method,
  );

describe('choose', () => {
  it('branches on the time of the event: business hours in virtual time', () => {
    const closed = stepFlow(frontDesk, undefined, incomingCall(), { now: SUNDAY_10 });
    expect(said(closed.actions)).toEqual(['We are closed. Goodbye.']);
    const open = stepFlow(frontDesk, undefined, incomingCall(), { now: MONDAY_10 });
    expect(open.actions).toEqual([]);
    expect(open.lookups.map((l) => l.name)).toEqual(['tier']);
  });

  it("branches on a lookup's result stored in the data", async () => {
    const call = new TestCall(frontDesk, MONDAY_10);
    call.step(incomingCall());
    await call.resolveLookup();
    expect(said(call.last?.actions ?? [])).toEqual(['Welcome back, gold member.']);
  });

  it('is drawn with its labels, and a loop of choose nodes alone is refused', () => {
    expect(toMermaid(frontDesk)).toContain('call__byTier --> call__gold : gold customer');
    expect(toMermaid(frontDesk)).toContain('call__route --> call__closed : otherwise');
    expect(() =>
      defineFlow({
        id: 'spin',
        version: 1,
        direction: 'inbound',
        start: 'a',
        nodes: {
          a: choose({ branches: [{ when: () => true, next: 'b' }], otherwise: 'bye' }),
          b: choose({ branches: [], otherwise: 'a' }),
          bye: hangup(),
        },
      }),
    ).toThrow(/choose nodes lead to each other with no step between: a → b → a/);
    expect(() =>
      defineFlow({
        id: 'bad',
        version: 1,
        direction: 'inbound',
        start: 'a',
        nodes: {
          a: choose({ branches: [{ when: 'open' as never, next: 'bye' }], otherwise: 'bye' }),
          bye: hangup(),
        },
      }),
    ).toThrow(FlowDefinitionError);
  });
});
