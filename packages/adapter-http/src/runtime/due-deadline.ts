/**
 * A call's deadline came due: re-derive from its stored record what that means — lookups past their timeout are
 * aborted (or, when they do not run in this process, stepped in as failed), a passed flow timer is stepped, an
 * awaited event that is overdue is recovered — so the process handling a deadline need not be the one that armed
 * it.
 *
 * @module
 */
import type { CallRecord } from './call-record.js';
import type { FlowInput } from './flow-engine.js';
import { overdueLookups } from './record-rules.js';
import { watchdogAt } from './recovery-rules.js';
import type { RuntimeCore } from './runtime-core.js';

/**
 * What handling a deadline needs besides the core.
 *
 * @example
 * const deps: DueDeadlineDeps = { applyLater, recover: lostEvents.recover };
 */
export interface DueDeadlineDeps {
  applyLater(referenceId: string, input: FlowInput): Promise<void>;
  recover(referenceId: string, record: CallRecord): Promise<void>;
}

/**
 * Creates the handler of due deadlines (call it inside the call's queue).
 *
 * @example
 * const handleDue = createDueDeadlineHandler(core, deps);
 * core.scheduler.start((id) => core.queue.run(id, () => handleDue(id)));
 */
export function createDueDeadlineHandler(
  core: RuntimeCore,
  deps: DueDeadlineDeps,
): (referenceId: string) => Promise<void> {
  const { lookups, lookupTimeoutMs } = core;
  return async function handleDue(referenceId) {
    if (core.closed) return;
    const { record, version } = await core.read(referenceId, 2);
    if (version === 0) return;
    if (record.ended) {
      // Its end was written, but the process that wrote it may have died before clearing the deadline: clear it.
      core.arm(record, version);
      return;
    }
    const now = core.clock.now();
    for (const id of overdueLookups(record, now, lookupTimeoutMs)) {
      const name = record.pending_lookups.find((l) => l.id === id)?.name ?? id;
      const reason = new Error(`lookup ${name} took over ${lookupTimeoutMs} ms`);
      if (lookups.isRunning(referenceId, id)) lookups.abort(referenceId, id, reason);
      else await deps.applyLater(referenceId, { type: 'lookup.failed', id, error: reason.message });
    }
    if (record.deadline !== null && record.deadline <= now) {
      await deps.applyLater(referenceId, { type: 'timer' });
      return;
    }
    const lostAt = watchdogAt(record, core.recovery, core.rules.windowMs);
    if (lostAt !== undefined && lostAt <= now) {
      await deps.recover(referenceId, record);
      return;
    }
    // Nothing more due now (a lookup aborted above steps itself in): arm what the record says next.
    const latest = await core.read(referenceId, 2);
    core.arm(latest.record, latest.version);
  };
}
