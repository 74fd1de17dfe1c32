/**
 * A flow's lookups after the answer: each is started here under its lease (several processes: the lease says it
 * runs, and where), its outcome is stepped in when it settles (as an input no event awaits), and a lookup whose
 * process stopped renewing its lease is run again here if the call still waits for it.
 *
 * @module
 */
import { type FlowInput, isVoiceEventInput, type LookupRequest } from './flow-engine.js';
import type { RuntimeCore } from './runtime-core.js';

/**
 * A lookup started, and the input its outcome will be stepped in as.
 *
 * @example
 * const running: RunningLookup = { id: request.id, outcome: continuation.start(referenceId, request) };
 */
export interface RunningLookup {
  id: string;
  outcome: Promise<FlowInput>;
}

/**
 * The lookups of one runtime.
 *
 * @example
 * const continuation = createLookupContinuation(core, (id, input) => later.apply(id, input));
 * continuation.continueLater(referenceId, record.pending_lookups);
 */
export interface LookupContinuation {
  /** Starts a lookup here (or joins the running one), holding its lease. */
  start(referenceId: string, request: LookupRequest): Promise<FlowInput>;
  /** A lookup's outcome was stepped (applied, or skipped as settled already): its lease is no longer needed. */
  release(referenceId: string, input: FlowInput): void;
  /** Starts lookups whose outcomes are stepped in when they settle, after the answer. */
  continueLater(referenceId: string, requests: readonly LookupRequest[]): void;
  /** Steps in the outcomes of lookups already running when each settles. */
  continueWith(referenceId: string, running: readonly RunningLookup[]): void;
  /** A lookup whose process stopped renewing its lease: run it here, if the call still waits for it. */
  takeOver(referenceId: string, lookupId: string): Promise<void>;
}

/**
 * Creates the lookups' continuation; `applyLater` steps an outcome in (serialised with the call's other inputs).
 *
 * @example
 * const continuation = createLookupContinuation(core, (id, input) => later.apply(id, input));
 */
export function createLookupContinuation(
  core: RuntimeCore,
  applyLater: (referenceId: string, input: FlowInput) => Promise<void>,
): LookupContinuation {
  const { leases, lookups, logger } = core;

  const start = (referenceId: string, request: LookupRequest) => {
    if (leases && !lookups.isRunning(referenceId, request.id))
      core.track(leases.acquire(referenceId, request.id));
    return lookups.start(referenceId, request);
  };

  const continueWith = (referenceId: string, running: readonly RunningLookup[]) => {
    for (const { id, outcome } of running) {
      core.track(
        outcome
          .then((input) => {
            if (core.closed) return;
            return core.queue.run(referenceId, () => applyLater(referenceId, input));
          })
          .catch((error: unknown) => {
            // Not stepped in: let the lease run out, so that a process (this one too) runs the lookup again.
            leases?.abandon(referenceId, id);
            throw error;
          }),
      );
    }
  };

  const continueLater = (referenceId: string, requests: readonly LookupRequest[]) =>
    continueWith(
      referenceId,
      requests.map((request) => ({ id: request.id, outcome: start(referenceId, request) })),
    );

  return {
    start,
    continueLater,
    continueWith,
    release(referenceId, input) {
      if (
        leases &&
        !isVoiceEventInput(input) &&
        (input.type === 'lookup.done' || input.type === 'lookup.failed')
      ) {
        core.track(leases.release(referenceId, input.id));
      }
    },
    async takeOver(referenceId, lookupId) {
      const { record, version } = await core.read(referenceId, 2);
      const pending =
        record.ended || version === 0
          ? undefined
          : record.pending_lookups.find((lookup) => lookup.id === lookupId);
      if (!pending) {
        await leases?.release(referenceId, lookupId);
        // Its outcome was written, but its process may have died before arming what the record says next.
        if (version !== 0) core.arm(record, version);
        return;
      }
      if (lookups.isRunning(referenceId, lookupId)) return;
      logger.info(
        { reference_id: referenceId, lookup: pending.name },
        'running again a lookup whose process stopped',
      );
      continueLater(referenceId, [pending]);
    },
  };
}
