import type { LiveMessage } from '@ivrkit/softphone';
import { describe, expect, it } from 'vitest';
import { createLiveFeed } from '../src/demo/live-feed.js';

/** A stand-in for the simulator's in-process reads. */
function fakeSim() {
  const calls = new Map<string, { state: string; entries: Array<{ kind: string; at: number; t: number }> }>();
  let reads = 0;
  const info = (id: string) => {
    const call = calls.get(id);
    if (!call) return undefined;
    return {
      reference_id: id,
      state: call.state,
      status: call.state === 'completed' ? 'hangup' : '',
      direction: 'inbound' as const,
      to: '15555551212',
      from: '15550001234',
      created_on_utc: '',
      answered_on_utc: '',
      ended_on_utc: '',
      last_sequence: call.entries.length,
    };
  };
  return {
    calls,
    get reads() {
      return reads;
    },
    sim: {
      calls: () => [...calls.keys()].map((id) => info(id) as NonNullable<ReturnType<typeof info>>),
      call: info,
      transcript: (id: string) => {
        reads++;
        const call = calls.get(id);
        return {
          reference_id: id,
          direction: 'inbound',
          to: '',
          from: '',
          created_at: 1_000,
          entries: call?.entries ?? [],
        };
      },
    },
  };
}

describe('createLiveFeed', () => {
  it('announces new calls with what they have, then only what is new, and greets late pages with everything', () => {
    const fake = fakeSim();
    const feed = createLiveFeed({
      sim: fake.sim as never,
      flows: [],
      softphoneNumber: '15550009999',
      campaigns: false,
      now: () => 0,
      pollMs: 60_000,
    });
    const early: LiveMessage[] = [];
    feed.attach({ send: (text) => early.push(JSON.parse(text) as LiveMessage) });
    fake.calls.set('a', { state: 'in_progress', entries: [{ kind: 'event', at: 1_000, t: 0 }] });
    feed.poll();
    fake.calls.get('a')?.entries.push({ kind: 'action', at: 1_010, t: 10 });
    feed.poll();
    feed.poll();
    expect(early.map((m) => m.type)).toEqual(['hello', 'call', 'entries', 'call', 'entries']);
    const late: LiveMessage[] = [];
    feed.attach({ send: (text) => late.push(JSON.parse(text) as LiveMessage) });
    expect(late).toHaveLength(1);
    const hello = late[0];
    expect(hello?.type === 'hello' && hello.calls[0]?.entries).toHaveLength(2);
    feed.close();
  });

  it('stops reading ended calls, and does not churn when more calls exist than it keeps', () => {
    const fake = fakeSim();
    const feed = createLiveFeed({
      sim: fake.sim as never,
      flows: [],
      softphoneNumber: '15550009999',
      campaigns: false,
      now: () => 0,
      pollMs: 60_000,
      keepCalls: 2,
    });
    const messages: LiveMessage[] = [];
    feed.attach({ send: (text) => messages.push(JSON.parse(text) as LiveMessage) });
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      fake.calls.set(id, { state: 'completed', entries: [{ kind: 'event', at: 1_000, t: 0 }] });
    feed.poll();
    feed.poll();
    const count = messages.length;
    const reads = fake.reads;
    feed.poll();
    feed.poll();
    expect(messages).toHaveLength(count);
    expect(fake.reads).toBe(reads);
    // An old call asked for by id (a transcript download) is read again on demand.
    expect(feed.view('a')?.entries).toHaveLength(1);
    feed.close();
  });
});
