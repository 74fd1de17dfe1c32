/**
 * The live feed of the demo: what the softphone page sees (protocol: `LiveMessage` in `@ivrkit/softphone`).
 *
 * Two sources meet here:
 * - the simulator, for calls and their transcripts. The simulator has no listener API for transcript entries, so
 *   the feed reads `sim.calls()` / `sim.transcript()` in-process every `pollMs` (default 100 ms) and sends what is
 *   new — cheap, and only calls that changed are read twice;
 * - the adapter, for the flow's state: on each runtime notice of a call the feed reads the call's record
 *   (`app.runtime.get`) and sends a `state` message when the machine's state value changed.
 *
 * @module
 */
import type { VoiceApp } from '@ivrkit/adapter-http';
import type { Simulator } from '@ivrkit/simulator';
import type {
  CallJson,
  CallView,
  CampaignProgress,
  FlowInfo,
  LiveMessage,
  StateChange,
  TranscriptEntryJson,
} from '@ivrkit/softphone';
import { stateIdOf } from './chart-model.js';

/** A connected page, as the feed needs it. */
export interface LiveClient {
  send(text: string): void;
}

/** Options of {@link createLiveFeed}. */
export interface LiveFeedOptions {
  sim: Pick<Simulator, 'calls' | 'call' | 'transcript'>;
  flows: FlowInfo[];
  softphoneNumber: string;
  campaigns: boolean;
  /** Simulated time, for state changes. */
  now: () => number;
  /** How often the simulator is read. Default 100 ms. */
  pollMs?: number;
  /** Calls remembered for late pages. Default 200. */
  keepCalls?: number;
}

/** The feed. */
export interface LiveFeed {
  /** Adds a page: it gets the hello message at once, then every message. Returns the function that removes it. */
  attach(client: LiveClient): () => void;
  /** Relays the flow state of the calls `app` runs, under the flow's name. Returns the unsubscribe function. */
  watchApp(app: Pick<VoiceApp, 'subscribe' | 'runtime'>, flow: string): () => void;
  /** Resolves once every state read started so far has been relayed. */
  settled(): Promise<void>;
  /** Sends campaign progress. */
  campaign(progress: CampaignProgress): void;
  /** Everything known of a call (transcript entries read now), or `undefined`. */
  view(referenceId: string): CallView | undefined;
  /** Reads the simulator now (the timer does it every `pollMs`). */
  poll(): void;
  /** Stops the timer and drops the pages. */
  close(): void;
}

/**
 * Creates the live feed and starts reading the simulator.
 *
 * @example
 * const feed = createLiveFeed({ sim, flows, softphoneNumber: '15550009999', campaigns: true, now: clock.now });
 * feed.watchApp(app, 'bank');
 * wss.on('connection', (ws) => ws.on('close', feed.attach({ send: (t) => ws.send(t) })));
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const clients = new Set<LiveClient>();
  const views = new Map<string, CallView & { sent: number; ended: boolean; signature: string }>();
  const keep = options.keepCalls ?? 200;
  const reads = new Map<string, Promise<void>>();

  const broadcast = (message: LiveMessage): void => {
    const text = JSON.stringify(message);
    for (const client of clients) {
      try {
        client.send(text);
      } catch {
        clients.delete(client);
      }
    }
  };

  /** Calls that ended and were relayed to the end: never read again by the poll. */
  const finished = new Set<string>();
  const signatureOf = (info: { state: string; status: string; last_sequence: number }) =>
    `${info.state}|${info.status}|${info.last_sequence}`;

  /** A call's view; created (with what the simulator has so far, announced to the pages) when first needed. */
  const viewOf = (referenceId: string) => {
    const existing = views.get(referenceId);
    if (existing) return existing;
    const info = options.sim.call(referenceId);
    if (!info) return undefined;
    const transcript = options.sim.transcript(referenceId);
    const entries = transcript.entries.slice() as unknown as TranscriptEntryJson[];
    const view = {
      call: info as CallJson,
      entries,
      states: [] as StateChange[],
      created_at: transcript.created_at,
      sent: entries.length,
      ended: false,
      signature: signatureOf(info),
    };
    views.set(referenceId, view);
    while (views.size > keep) {
      const oldest = views.keys().next().value as string;
      if (views.get(oldest)?.ended) finished.add(oldest);
      views.delete(oldest);
    }
    broadcast({ type: 'call', call: view.call, created_at: view.created_at });
    if (entries.length > 0) broadcast({ type: 'entries', reference_id: referenceId, entries });
    return view;
  };

  const poll = (): void => {
    for (const info of options.sim.calls()) {
      const id = info.reference_id;
      if (finished.has(id)) continue;
      const known = views.has(id);
      const view = viewOf(id);
      if (!view) continue;
      if (known) {
        const signature = signatureOf(info);
        if (signature !== view.signature) {
          view.signature = signature;
          view.call = info as CallJson;
          broadcast({ type: 'call', call: view.call, created_at: view.created_at });
        }
        const entries = options.sim.transcript(id).entries as unknown as TranscriptEntryJson[];
        if (entries.length > view.sent) {
          const fresh = entries.slice(view.sent);
          view.entries.push(...fresh);
          view.sent = entries.length;
          broadcast({ type: 'entries', reference_id: id, entries: fresh });
        }
      }
      // One more read after the end, for entries recorded as the call closed; then never again.
      if (info.state === 'completed') {
        if (view.ended) finished.add(id);
        view.ended = true;
      }
    }
  };
  const timer = setInterval(poll, options.pollMs ?? 100);
  timer.unref();

  const recordState = (referenceId: string, change: StateChange): void => {
    poll();
    const view = viewOf(referenceId);
    if (!view) return;
    if (view.states.at(-1)?.state === change.state) return;
    view.states.push(change);
    broadcast({ type: 'state', reference_id: referenceId, ...change });
  };

  const strip = (view: CallView): CallView => ({
    call: view.call,
    entries: view.entries,
    states: view.states,
    created_at: view.created_at,
  });

  return {
    attach(client) {
      poll();
      const hello: LiveMessage = {
        type: 'hello',
        flows: options.flows,
        softphoneNumber: options.softphoneNumber,
        campaigns: options.campaigns,
        calls: [...views.values()].map((view) => strip(view)),
      };
      client.send(JSON.stringify(hello));
      clients.add(client);
      return () => {
        clients.delete(client);
      };
    },
    watchApp(app, flow) {
      // The state is read after the notice, but timed at the notice: the step's moment, not the read's.
      const refresh = async (referenceId: string, at: number): Promise<void> => {
        const record = await app.runtime.get(referenceId);
        const machine = (record?.snapshot as { machine?: { value?: unknown } } | null)?.machine;
        if (machine === undefined) return;
        recordState(referenceId, { state: stateIdOf(machine.value), at, flow });
      };
      return app.subscribe((notice) => {
        const referenceId = 'reference_id' in notice ? notice.reference_id : notice.summary.reference_id;
        // Reads of one call run in order, so the last state relayed is the last state stored.
        const at = options.now();
        const previous = reads.get(referenceId) ?? Promise.resolve();
        const next = previous.then(() => refresh(referenceId, at)).catch(() => {});
        reads.set(referenceId, next);
        void next.then(() => {
          if (reads.get(referenceId) === next) reads.delete(referenceId);
        });
      });
    },
    async settled() {
      while (reads.size > 0) await Promise.all([...reads.values()]);
    },
    campaign(progress) {
      broadcast({ type: 'campaign', progress });
    },
    view(referenceId) {
      const view = viewOf(referenceId);
      poll();
      return view && strip(view);
    },
    poll,
    close() {
      clearInterval(timer);
      clients.clear();
    },
  };
}
