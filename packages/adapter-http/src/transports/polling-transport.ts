/**
 * Events-off mode: for accounts with event posting turned off, calls are driven by polling the Call Query API
 * (`[ours]` paths, `PATHS.callQuery`): list the live calls, read each call's events after the last sequence seen,
 * step them through the runtime, and send the resulting actions with the Customer Action API. The cursor of each
 * call is kept in the store, so a restart resumes where it stopped; the runtime's duplicate detection makes a
 * re-read event harmless.
 *
 * @module
 */
import { CALL_STATE, parseEvent } from '@ivrkit/protocol';
import type { TeleSignClient } from '../client/client.js';
import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import type { CallRuntime } from '../runtime/call-runtime.js';
import { type Logger, redacting, silentLogger } from '../runtime/logger.js';
import { type Store, updateWithRetry } from '../store/store.js';

/**
 * Options of {@link createPollingTransport}.
 *
 * @example
 * const options: PollingTransportOptions = { client, store, intervalMs: 500 };
 */
export interface PollingTransportOptions {
  client: Pick<TeleSignClient, 'calls' | 'sendAction'>;
  store: Store;
  /** Time between polls, ms. Default 1,000. */
  intervalMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The transport.
 *
 * @example
 * const poller: PollingTransport = createPollingTransport({ client, store });
 * poller.start(app.runtime);
 */
export interface PollingTransport {
  /** One poll: discovers live calls, applies their new events, sends the actions. Resolves with events applied. */
  poll(): Promise<number>;
  /** Polls every `intervalMs` until `stop()`. */
  start(runtime: CallRuntime): void;
  /** Uses `runtime` without starting the timer (drive `poll()` yourself). */
  bind(runtime: CallRuntime): void;
  stop(): void;
}

const cursorKey = (referenceId: string) => `cursor:${referenceId}`;

/**
 * Creates the polling transport.
 *
 * @example
 * const app = createVoiceApp({ flow, client, store, verify: 'off' });
 * const poller = createPollingTransport({ client, store });
 * poller.start(app.runtime);
 */
export function createPollingTransport(options: PollingTransportOptions): PollingTransport {
  const { client, store } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? redacting(options.logger) : silentLogger;
  const intervalMs = options.intervalMs ?? 1_000;
  let runtime: CallRuntime | undefined;
  let timer: TimerHandle | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function pollCall(referenceId: string, lastSequence: number): Promise<number> {
    const cursor = (await store.get<number>(cursorKey(referenceId)))?.value ?? 0;
    if (cursor >= lastSequence) return 0;
    const page = await client.calls.events(referenceId, cursor);
    let applied = 0;
    for (const item of [...page.events].sort((a, b) => a.sequence - b.sequence)) {
      if (item.sequence <= cursor) continue;
      const parsed = parseEvent(item.event);
      if (parsed.ok && runtime) {
        const delivery = await runtime.deliver(parsed.value);
        for (const action of delivery.actions) {
          try {
            await client.sendAction(referenceId, action);
          } catch (error) {
            logger.error(
              {
                reference_id: referenceId,
                method: action.method,
                error,
              },
              'action could not be sent',
            );
          }
        }
        applied++;
      } else if (!parsed.ok) {
        logger.warn(
          { reference_id: referenceId, message: parsed.issue.message },
          parsed.issue.code === 'unknown_event' ? 'unknown event type ignored' : 'invalid event ignored',
        );
      }
      await updateWithRetry<number>(store, cursorKey(referenceId), (current) =>
        (current ?? 0) >= item.sequence ? undefined : item.sequence,
      );
    }
    return applied;
  }

  async function pollOnce(): Promise<number> {
    const seen = new Map<string, number>();
    for (const state of [CALL_STATE.ringing, CALL_STATE.inProgress]) {
      for (const call of (await client.calls.list({ state })).calls)
        seen.set(call.reference_id, call.last_sequence);
    }
    // Calls the runtime knows and has not seen end — outbound calls it dialled, calls that ended between two
    // polls — still have events to read.
    for (const key of await store.keys('call:')) {
      const referenceId = key.slice('call:'.length);
      if (seen.has(referenceId)) continue;
      const record = runtime ? await runtime.get(referenceId) : undefined;
      if (record && !record.ended) {
        const info = await client.calls.get(referenceId).catch(() => undefined);
        if (info) seen.set(referenceId, info.last_sequence);
      }
    }
    let applied = 0;
    for (const [referenceId, lastSequence] of seen) {
      try {
        applied += await pollCall(referenceId, lastSequence);
      } catch (error) {
        logger.error({ reference_id: referenceId, error }, 'polling a call failed');
      }
    }
    return applied;
  }

  const poll = (): Promise<number> => {
    // One poll at a time: a slow poll is never overlapped by the next.
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const loop = () => {
    if (stopped) return;
    poll()
      .catch((error: unknown) => logger.error({ error }, 'poll failed'))
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(loop, intervalMs);
      });
  };

  return {
    poll,
    bind(target) {
      runtime = target;
    },
    start(target) {
      runtime = target;
      stopped = false;
      loop();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
