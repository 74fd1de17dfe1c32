/**
 * Finding the events a call missed in the Call Query API's event feed (`[ours]`): the feed holds every event of
 * the call in order, so the missed ones are those after the last event the runtime applied.
 *
 * @module
 */
import { parseEvent, type VoiceEvent } from '@ivrkit/protocol';
import type { TeleSignClient } from '../client/client.js';
import { isHttpError } from '../errors/index.js';
import { type CallRecord, eventFingerprint } from './call-record.js';
import type { EventRecovery } from './runtime-types.js';

/**
 * An {@link EventRecovery} over the Call Query API. A host that has no Call Query API (404/405) is asked once;
 * after that it answers `undefined` and the runtime's fallback runs.
 *
 * @example
 * const runtime = createCallRuntime({ engine, store, send, recoverEvents: callQueryRecovery(client) });
 */
export function callQueryRecovery(client: Pick<TeleSignClient, 'calls'>): EventRecovery {
  let unavailable = false;
  return async (referenceId, record) => {
    if (unavailable) return undefined;
    let page: Awaited<ReturnType<TeleSignClient['calls']['events']>>;
    try {
      page = await client.calls.events(referenceId, 0);
    } catch (error) {
      if (isUnavailable(error)) {
        unavailable = true;
        return undefined;
      }
      throw error;
    }
    const events: VoiceEvent[] = [];
    for (const item of [...page.events].sort((a, b) => a.sequence - b.sequence)) {
      const parsed = parseEvent(item.event);
      if (parsed.ok) events.push(parsed.value);
    }
    return eventsAfterLastApplied(events, record);
  };
}

/**
 * The events of `feed` after the last one `record` applied (the n-th event with its content, n being how many
 * times it was applied); `undefined` when the feed does not hold it.
 *
 * @example
 * eventsAfterLastApplied([incoming, spoken1, spoken2], record); // [spoken2] when spoken1 was applied last
 */
export function eventsAfterLastApplied(
  feed: readonly VoiceEvent[],
  record: CallRecord,
): VoiceEvent[] | undefined {
  const last = record.last_fingerprint;
  if (last === null) return [...feed];
  const applied = record.replies.find((entry) => entry.fingerprint === last)?.count ?? 0;
  let seen = 0;
  for (let i = 0; i < feed.length; i++) {
    if (eventFingerprint(feed[i] as VoiceEvent) !== last) continue;
    seen++;
    if (seen === applied) return feed.slice(i + 1);
  }
  return undefined;
}

function isUnavailable(error: unknown): boolean {
  return (
    isHttpError(error) &&
    (error.httpStatus === 404 || error.httpStatus === 405) &&
    error.status !== 'call_not_found'
  );
}
