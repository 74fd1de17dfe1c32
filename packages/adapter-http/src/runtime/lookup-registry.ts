/**
 * The lookups a runtime has running in this process: each started once per call and id, abortable, and turned into
 * the input to step back in (`lookup.done` / `lookup.failed`) — never a rejection. The call runtime bounds them
 * through its scheduler (a lookup's timeout is one of the call's deadlines); `timeoutMs` adds a timer of its own for
 * other users.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import type { FlowEngine, FlowInput, LookupRequest } from './flow-engine.js';
import type { Logger } from './logger.js';

/**
 * The registry.
 *
 * @example
 * const input = await lookups.start('call-1', { id: 'balance#1', name: 'balance', input: { account: '1' } });
 */
export interface LookupRegistry {
  /** Starts `request` for call `referenceId` (or joins the running one) and resolves with the input to step in. */
  start(referenceId: string, request: LookupRequest): Promise<FlowInput>;
  /** Aborts one running lookup (its input becomes `lookup.failed`). */
  abort(referenceId: string, id: string, reason: Error): void;
  /** Aborts every running lookup. */
  abortAll(reason: Error): void;
  /** Whether lookup `id` of call `referenceId` runs in this process. */
  isRunning(referenceId: string, id: string): boolean;
}

/**
 * Creates a {@link LookupRegistry}.
 *
 * @example
 * const lookups = createLookupRegistry({ engine, clock: systemClock, logger, timeoutMs: 30_000 });
 */
export function createLookupRegistry(options: {
  engine: Pick<FlowEngine, 'lookup'>;
  clock: Clock;
  logger: Logger;
  /** Aborts a lookup running longer than this, ms. Default: no timer of its own. */
  timeoutMs?: number | undefined;
}): LookupRegistry {
  const { engine, clock, logger, timeoutMs } = options;
  const running = new Map<string, { controller: AbortController; done: Promise<FlowInput> }>();
  const keyOf = (referenceId: string, id: string) => `${referenceId}\u0000${id}`;
  return {
    start(referenceId, request) {
      const key = keyOf(referenceId, request.id);
      const current = running.get(key);
      if (current) return current.done;
      const controller = new AbortController();
      const timer =
        timeoutMs === undefined
          ? undefined
          : clock.setTimeout(
              () => controller.abort(new Error(`lookup ${request.name} took over ${timeoutMs} ms`)),
              timeoutMs,
            );
      const work = Promise.resolve().then(() =>
        engine.lookup(request.name, request.input, { signal: controller.signal }),
      );
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
      );
      const done = Promise.race([work, aborted]).then(
        (output): FlowInput => ({ type: 'lookup.done', id: request.id, output }),
        (error: unknown): FlowInput => {
          logger.warn({ reference_id: referenceId, lookup: request.name, error }, 'lookup failed');
          return {
            type: 'lookup.failed',
            id: request.id,
            error: error instanceof Error ? error.message : String(error),
          };
        },
      );
      void done.finally(() => {
        if (timer !== undefined) clock.clearTimeout(timer);
        running.delete(key);
      });
      running.set(key, { controller, done });
      return done;
    },
    abort(referenceId, id, reason) {
      running.get(keyOf(referenceId, id))?.controller.abort(reason);
    },
    isRunning: (referenceId, id) => running.has(keyOf(referenceId, id)),
    abortAll(reason) {
      for (const { controller } of running.values()) controller.abort(reason);
    },
  };
}
