/**
 * Telling a duplicate delivery from a new event with the same content, exactly, from the Call Query API's event
 * feed (`[ours]`): if the feed holds more events with this content than the runtime applied, this one is new.
 *
 * @module
 */
import type { TeleSignClient } from '../client/client.js';
import { eventFingerprint } from './call-record.js';
import type { RepeatResolver } from './call-runtime.js';

/**
 * A {@link RepeatResolver} that counts identical events in the call's feed. Costs one `GET` per event whose content
 * was seen before (most calls: a few).
 *
 * @example
 * const runtime = createCallRuntime({ engine, store, send, resolveRepeat: callQueryRepeatResolver(client) });
 */
export function callQueryRepeatResolver(client: Pick<TeleSignClient, 'calls'>): RepeatResolver {
  return async (referenceId, _event, fingerprint, applied) => {
    const page = await client.calls.events(referenceId, 0);
    let count = 0;
    for (const item of page.events) {
      if (
        typeof item.event === 'object' &&
        item.event !== null &&
        eventFingerprint(item.event as never) === fingerprint
      ) {
        count++;
      }
    }
    return count > applied ? 'new' : 'duplicate';
  };
}
