/**
 * Telling a duplicate delivery from a new event with the same content, exactly, from the Call Query API's event
 * feed (`[ours]`): if the feed holds more events with this content than the runtime applied, this one is new.
 *
 * @module
 */
import type { TeleSignClient } from '../client/client.js';
import { isHttpError } from '../errors/index.js';
import { eventFingerprint } from './call-record.js';
import type { RepeatResolver } from './call-runtime.js';

/**
 * A {@link RepeatResolver} that counts identical events in the call's feed. Costs one `GET` per event whose content
 * was seen before (most calls: a few). A host that has no Call Query API (404/405) is asked once; after that the
 * runtime's time window decides.
 *
 * @example
 * const runtime = createCallRuntime({ engine, store, send, resolveRepeat: callQueryRepeatResolver(client) });
 */
export function callQueryRepeatResolver(client: Pick<TeleSignClient, 'calls'>): RepeatResolver {
  // A host without the (ours) Call Query API answers 404/405: stop asking, and let the time window decide.
  let unavailable = false;
  return async (referenceId, _event, fingerprint, applied) => {
    if (unavailable) return undefined;
    let page: Awaited<ReturnType<TeleSignClient['calls']['events']>>;
    try {
      page = await client.calls.events(referenceId, 0);
    } catch (error) {
      if (
        isHttpError(error) &&
        (error.httpStatus === 404 || error.httpStatus === 405) &&
        error.status !== 'call_not_found'
      ) {
        unavailable = true;
      }
      throw error;
    }
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
