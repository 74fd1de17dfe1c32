/**
 * Reading a persisted snapshot back: shape check, flow id, version and migration.
 *
 * @module
 */
import { EVENT_NAMES, type EventName } from '@ivrkit/protocol';
import { FlowVersionMismatchError, InvalidSnapshotError } from '../errors/snapshot-errors.js';
import type { Flow, SnapshotMigration } from './flow.js';
import { CALL_SNAPSHOT_FORMAT, type CallSnapshot } from './snapshot.js';

/**
 * Options of {@link restoreSnapshot}.
 *
 * @example
 * const options: RestoreOptions = { migrate: (s) => ({ ...s, flowVersion: 2 }) };
 */
export interface RestoreOptions {
  /** Overrides `flow.migrate` for this call. */
  migrate?: SnapshotMigration;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isNumberRecord = (v: unknown): v is Record<string, number> =>
  isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

const isStringRecord = (v: unknown): v is Record<string, string> =>
  isRecord(v) && Object.values(v).every((n) => typeof n === 'string');

function fail(path: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got) : isRecord(got) ? 'an object' : String(got);
  throw new InvalidSnapshotError(`snapshot.${path}: expected ${expected}, got ${shown}`);
}

/**
 * Checks that `value` has the shape of a {@link CallSnapshot} (any flow, any version).
 *
 * @example
 * const snap = parseCallSnapshot(JSON.parse(row.snapshot));
 */
export function parseCallSnapshot(value: unknown): CallSnapshot {
  if (!isRecord(value)) fail('', 'an object', value);
  if (value.format !== CALL_SNAPSHOT_FORMAT) fail('format', String(CALL_SNAPSHOT_FORMAT), value.format);
  if (typeof value.flowId !== 'string') fail('flowId', 'a string', value.flowId);
  if (!Number.isInteger(value.flowVersion)) fail('flowVersion', 'an integer', value.flowVersion);
  const answering = value.answering;
  if (answering !== null && !(EVENT_NAMES as readonly unknown[]).includes(answering)) {
    fail('answering', 'an event name or null', answering);
  }
  if (!isNumberRecord(value.timers)) fail('timers', 'an object of epoch ms', value.timers);
  if (!isStringRecord(value.lookups)) fail('lookups', 'an object of lookup names', value.lookups);
  const machine = value.machine;
  if (!isRecord(machine)) fail('machine', 'an object', machine);
  if (!['active', 'done', 'error', 'stopped'].includes(machine.status as string)) {
    fail('machine.status', 'an XState status', machine.status);
  }
  if (!isRecord(machine.children ?? {}) || Object.keys(machine.children ?? {}).length > 0) {
    fail('machine.children', 'no children (flows start no actors)', machine.children);
  }
  return value as unknown as CallSnapshot & { answering: EventName | null };
}

/**
 * Restores a persisted snapshot for `flow`: checks its shape and flow id, and migrates a snapshot of another
 * version (with `options.migrate`, else `flow.migrate`), or throws {@link FlowVersionMismatchError}.
 *
 * @example
 * const snapshot = restoreSnapshot(bankFlow, JSON.parse(saved));
 * const result = stepFlow(bankFlow, snapshot, event, { now: Date.now() });
 */
export function restoreSnapshot(flow: Flow, value: unknown, options: RestoreOptions = {}): CallSnapshot {
  const snapshot = parseCallSnapshot(value);
  if (snapshot.flowId !== flow.id) {
    throw new InvalidSnapshotError(`snapshot is of flow "${snapshot.flowId}", not "${flow.id}"`);
  }
  if (snapshot.flowVersion === flow.version) return snapshot;
  const migrate = options.migrate ?? flow.migrate;
  const migrated = migrate?.(snapshot);
  if (!migrated) throw new FlowVersionMismatchError(flow.id, snapshot.flowVersion, flow.version);
  const checked = parseCallSnapshot(migrated);
  if (checked.flowId !== flow.id || checked.flowVersion !== flow.version) {
    throw new InvalidSnapshotError(
      `migration of flow "${flow.id}" returned version ${checked.flowVersion} of "${checked.flowId}", expected version ${flow.version}`,
    );
  }
  return checked;
}
