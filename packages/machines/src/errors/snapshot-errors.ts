/**
 * Errors about persisted snapshots: unreadable, from another flow, from another version.
 *
 * @module
 */
import { MachinesError } from './machines-error.js';

/**
 * The value given as a snapshot is not one (wrong shape, not JSON), or names another flow.
 *
 * @example
 * restoreSnapshot(flow, { hello: 1 }); // throws InvalidSnapshotError: snapshot.format: expected 1, got undefined
 */
export class InvalidSnapshotError extends MachinesError {
  override name = 'InvalidSnapshotError' as const;
}

/**
 * A snapshot written by another version of the flow, and no migration was supplied (or it declined).
 *
 * @example
 * try { restoreSnapshot(flowV2, snapshotV1); } catch (e) { if (e instanceof FlowVersionMismatchError) e.snapshotVersion; }
 */
export class FlowVersionMismatchError extends MachinesError {
  override name = 'FlowVersionMismatchError' as const;
  constructor(
    readonly flowId: string,
    readonly snapshotVersion: number,
    readonly flowVersion: number,
  ) {
    super(
      `snapshot of flow "${flowId}" version ${snapshotVersion} cannot be stepped by version ${flowVersion}: ` +
        'supply a migration (defineFlow({ migrate }) or restoreSnapshot(..., { migrate }))',
    );
  }
}
