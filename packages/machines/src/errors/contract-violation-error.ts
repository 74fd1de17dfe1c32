/**
 * A flow tried to send an action the contract does not allow.
 *
 * @module
 */
import type { ActionMethod, EventName } from '@ivrkit/protocol';
import { MachinesError } from './machines-error.js';

/**
 * Thrown when a flow emits an action the contract forbids after the event being answered (or when no event awaits
 * a reply, or a second reply to the same event). A programmer mistake in the flow, not a call failure.
 *
 * @example
 * if (isContractViolationError(e)) console.error(e.answering, e.method);
 */
export class ContractViolationError extends MachinesError {
  override name = 'ContractViolationError' as const;
  constructor(
    /** The event being answered, or `null` when none awaits a reply. */
    readonly answering: EventName | null,
    /** The method the flow tried to send. */
    readonly method: ActionMethod,
    /** The state the flow was in, as JSON. */
    readonly state: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a {@link ContractViolationError}.
 *
 * @example
 * expect(isContractViolationError(caught)).toBe(true);
 */
export function isContractViolationError(error: unknown): error is ContractViolationError {
  return error instanceof ContractViolationError;
}
