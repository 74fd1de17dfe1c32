/**
 * Live inspection of calls where they really run: every step the webhook runtime takes is streamed to the Stately
 * inspector protocol through `@statelyai/inspect`, one inspector session per call (`reference_id`), so a developer
 * watches a real call's statechart move. The runtime steps flows as pure functions (no live actor), so the
 * sessions are reported by hand: an actor (with the flow's machine definition) at the call's first event, then per
 * step the input as an event and the machine's state as a snapshot.
 *
 * @module
 */
import { engineFromFlow, type FlowEngine, type FlowInput } from '@ivrkit/adapter-http';
import type { CallSnapshot, Flow } from '@ivrkit/machines';
import type { createInspector, StatelyInspectionEvent } from '@statelyai/inspect';
import WebSocket from 'ws';
import { importOptional } from '../optional-dependency.js';

/**
 * The part of a `@statelyai/inspect` inspector calls are reported to (`createInspector(adapter)`,
 * `createWebSocketInspector()` and `createBrowserInspector()` all give one).
 *
 * @example
 * const inspector: CallInspector = (await openInspector('ws://127.0.0.1:8080')).inspector;
 */
export type CallInspector = Pick<ReturnType<typeof createInspector>, 'actor' | 'event' | 'snapshot'>;

/**
 * `[ours]` Where `--inspect` streams when no URL is given: the relay of `@statelyai/inspect/server`
 * (`createInspectorServer`) on its default port, on this machine.
 *
 * @example
 * createWebSocketInspector({ url: DEFAULT_INSPECT_URL });
 */
export const DEFAULT_INSPECT_URL = 'ws://127.0.0.1:8080';

/** An input as the inspector shows it: the TeleSign event with its data, a lookup outcome, or the timer. */
function inspectedEvent(input: FlowInput): { type: string; [key: string]: unknown } {
  if ('event' in input) return { type: input.event, reference_id: input.reference_id, ...input.data };
  if (input.type === 'lookup.failed')
    return {
      type: input.type,
      id: input.id,
      error: input.error instanceof Error ? input.error.message : String(input.error),
    };
  return { ...input };
}

function machineSnapshot(snapshot: unknown, done: boolean) {
  const machine = (snapshot as CallSnapshot).machine;
  return { status: done ? 'done' : machine.status, value: machine.value, context: machine.context };
}

/**
 * `flow`'s engine for `createVoiceApp`, reporting each call to `inspector`. Timers and lookup outcomes carry no
 * `reference_id`: they are told to their call by the snapshot the runtime hands back (the one the previous step
 * returned); a call resumed from the store after a restart starts a new session at its next event.
 *
 * @example
 * const app = createVoiceApp({ flow: inspectedEngine(bankFlow, openInspector().inspector), client, store });
 */
export function inspectedEngine(flow: Flow, inspector: CallInspector): FlowEngine {
  const base = engineFromFlow(flow);
  const sessionOf = new WeakMap<object, string>();
  const started = new Set<string>();
  // What the inspector reads of an actor: its session id and its machine's definition.
  const actorOf = (sessionId: string) =>
    ({ sessionId, logic: { config: flow.machine.config } }) as unknown as Parameters<
      CallInspector['actor']
    >[0];
  return {
    ...base,
    step(snapshot, input, options) {
      const output = base.step(snapshot, input, options);
      const sessionId =
        'event' in input
          ? input.reference_id
          : typeof snapshot === 'object' && snapshot !== null
            ? sessionOf.get(snapshot)
            : undefined;
      if (sessionId === undefined) return output;
      if (typeof output.snapshot === 'object' && output.snapshot !== null)
        sessionOf.set(output.snapshot, sessionId);
      try {
        if (!started.has(sessionId)) {
          started.add(sessionId);
          const before = snapshot === undefined ? { status: 'active' } : machineSnapshot(snapshot, false);
          inspector.actor(actorOf(sessionId), before as never);
        }
        const event = inspectedEvent(input);
        inspector.event(sessionId, event, { source: 'telesign' });
        inspector.snapshot(sessionId, machineSnapshot(output.snapshot, output.done) as never, { event });
        if (output.done) started.delete(sessionId);
      } catch {
        // Inspection never gets in a call's way.
      }
      return output;
    },
  };
}

/**
 * `[ours]` How long the inspection socket waits before reconnecting to a relay that is down or went away.
 *
 * @example
 * setTimeout(connect, INSPECT_RECONNECT_MS);
 */
export const INSPECT_RECONNECT_MS = 2_000;

/** Inspection events kept while the relay is not connected (the oldest dropped first). */
const MAX_DEFERRED = 1_000;

/** What `createInspector` wants of its transport (`@statelyai/inspect` does not export the type). */
type Adapter = Parameters<typeof createInspector>[0];

/**
 * The WebSocket adapter of {@link openInspector}. `@statelyai/inspect`'s own (`createWebSocketInspector`) keeps
 * reconnecting after `stop()` when a retry was pending; this one stops for good, and its retry timer does not keep
 * the process alive.
 */
function socketAdapter(url: string): Adapter & { stop(): void } {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const deferred: string[] = [];
  const connect = () => {
    retry = undefined;
    if (stopped) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.on('open', () => {
      for (const text of deferred.splice(0)) ws.send(text);
    });
    ws.on('error', () => {
      // Reported by 'close', which follows.
    });
    ws.on('close', () => {
      if (socket === ws) socket = undefined;
      if (!stopped && retry === undefined) {
        retry = setTimeout(connect, INSPECT_RECONNECT_MS);
        retry.unref();
      }
    });
  };
  return {
    start: connect,
    stop() {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      socket?.close();
      socket = undefined;
    },
    send(event: StatelyInspectionEvent) {
      let text: string;
      try {
        text = JSON.stringify(event);
      } catch {
        return;
      }
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else if (!stopped) {
        deferred.push(text);
        if (deferred.length > MAX_DEFERRED) deferred.shift();
      }
    },
  };
}

/**
 * An inspector streaming to the relay at `url` (such as `@statelyai/inspect/server`'s `createInspectorServer`),
 * started: `@statelyai/inspect`'s `createInspector` over a WebSocket. Events wait (up to 1,000) while the relay is
 * not there; call `stop()` when done. `@statelyai/inspect` is an optional peer dependency of the CLI, loaded here:
 * without it, this rejects with a one-line error saying what to install.
 *
 * @example
 * const inspection = await openInspector('ws://127.0.0.1:8080');
 * const app = createVoiceApp({ flow: inspectedEngine(flow, inspection.inspector), client, store });
 * inspection.stop();
 */
export async function openInspector(
  url: string = DEFAULT_INSPECT_URL,
): Promise<{ inspector: CallInspector; stop(): void }> {
  const { createInspector } = await importOptional(
    '@statelyai/inspect',
    '--inspect',
    () => import('@statelyai/inspect'),
  );
  const adapter = socketAdapter(url);
  const inspector = createInspector(adapter, { autoStart: true });
  inspector.start();
  return { inspector, stop: () => adapter.stop() };
}
