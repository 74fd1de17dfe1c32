/**
 * The scheduler port: each call has at most one deadline — the moment its record says it next needs attention (a
 * flow timer, a lookup's timeout, a lost event, the call's cap, whichever comes first). The runtime arms it after
 * every write of the call's record, and when it comes due re-derives what to do from the record, so the process
 * that handles a deadline need not be the one that armed it.
 *
 * Each arm carries the version of the record it was derived from: an arm older than the deadline in place is
 * ignored, so a slow process arming an older record's deadline never replaces the deadline of a newer record
 * (the call would then wait past its real deadline). An older arm after a deadline fired or was cleared may still
 * be placed: that only wakes the call once more, and the runtime re-derives from the record that nothing is due.
 *
 * {@link createLocalScheduler} keeps the deadlines in this process, on the adapter's {@link Clock}; a shared
 * implementation (a Redis sorted set, say) lets any process of a cluster handle them.
 *
 * @module
 */
import type { Clock, TimerHandle } from '../clock.js';

/**
 * One deadline per call, delivered once when due.
 *
 * @example
 * const scheduler: Scheduler = createLocalScheduler(systemClock);
 * scheduler.start(async (referenceId) => console.log('due', referenceId));
 * await scheduler.arm('call-1', Date.now() + 5_000, 3);
 */
export interface Scheduler {
  /**
   * Sets call `referenceId`'s single deadline to `dueAt` (ms on the runtime's clock), replacing the one in place
   * unless that one was armed from a newer record (a greater `version`); `undefined` clears it (same rule).
   * Without a `version`, the arm always replaces.
   */
  arm(referenceId: string, dueAt: number | undefined, version?: number): Promise<void>;
  /** Starts delivering due deadlines: `onDue(referenceId)` runs once per deadline that comes due (on one process only, for shared implementations). A rejected `onDue` is retried later, not dropped. */
  start(onDue: (referenceId: string) => Promise<void>): void;
  /** Stops delivering and releases resources. */
  close(): Promise<void>;
}

/**
 * Options of {@link createLocalScheduler}.
 *
 * @example
 * const scheduler = createLocalScheduler(clock, { retryMs: 500 });
 */
export interface LocalSchedulerOptions {
  /** Wait before running a deadline again whose `onDue` rejected. Default 1,000 ms. */
  retryMs?: number;
}

/**
 * The in-process {@link Scheduler}: one timer of `clock` per call with a deadline. Deadlines armed before `start`
 * wait for it; a deadline already past runs at once.
 *
 * @example
 * const scheduler = createLocalScheduler(createManualClock(0));
 * scheduler.start(async (id) => { await runtimeHandlesDue(id); });
 */
export function createLocalScheduler(clock: Clock, options: LocalSchedulerOptions = {}): Scheduler {
  const retryMs = options.retryMs ?? 1_000;
  const deadlines = new Map<
    string,
    { dueAt: number; version: number | undefined; timer: TimerHandle | undefined }
  >();
  let onDue: ((referenceId: string) => Promise<void>) | undefined;
  let closed = false;

  const fire = (referenceId: string, dueAt: number) => {
    const entry = deadlines.get(referenceId);
    if (!entry || entry.dueAt !== dueAt || !onDue) return;
    deadlines.delete(referenceId);
    onDue(referenceId).catch(() => {
      // Not dropped: due again a little later, unless a newer deadline replaced it meanwhile.
      if (closed || deadlines.has(referenceId)) return;
      schedule(referenceId, clock.now() + retryMs, entry.version);
    });
  };
  const schedule = (referenceId: string, dueAt: number, version: number | undefined) => {
    const timer = onDue
      ? clock.setTimeout(() => fire(referenceId, dueAt), Math.max(0, dueAt - clock.now()))
      : undefined;
    deadlines.set(referenceId, { dueAt, version, timer });
  };

  return {
    async arm(referenceId, dueAt, version) {
      if (closed) return;
      const current = deadlines.get(referenceId);
      if (isOlder(version, current?.version)) return;
      if (current && current.dueAt === dueAt && (current.timer !== undefined || !onDue)) {
        current.version = version ?? current.version;
        return;
      }
      if (current?.timer !== undefined) clock.clearTimeout(current.timer);
      deadlines.delete(referenceId);
      if (dueAt !== undefined) schedule(referenceId, dueAt, version);
    },
    start(handler) {
      if (closed) throw new Error('the scheduler is closed');
      onDue = handler;
      for (const [referenceId, { dueAt, version, timer }] of [...deadlines]) {
        if (timer === undefined) schedule(referenceId, dueAt, version);
      }
    },
    async close() {
      closed = true;
      for (const { timer } of deadlines.values()) if (timer !== undefined) clock.clearTimeout(timer);
      deadlines.clear();
      onDue = undefined;
    },
  };
}

/** An arm from record `version` is older than the deadline in place (armed from `current`): it must not replace it. */
function isOlder(version: number | undefined, current: number | undefined): boolean {
  return version !== undefined && current !== undefined && version < current;
}
