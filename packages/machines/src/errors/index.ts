/**
 * The error family of `@ivrkit/machines`.
 *
 * @module
 */
export { ContractViolationError, isContractViolationError } from './contract-violation-error.js';
export { FlowDefinitionError } from './flow-definition-error.js';
export { MachinesError } from './machines-error.js';
export { FlowVersionMismatchError, InvalidSnapshotError } from './snapshot-errors.js';
export { UnsupportedInFlowError } from './unsupported-in-flow-error.js';
