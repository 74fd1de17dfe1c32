/**
 * The base of this package's errors.
 *
 * @module
 */

/**
 * Every error thrown by `@ivrkit/machines` extends this; `name` tells them apart.
 *
 * @example
 * try { stepFlow(flow, snap, event, { now }); } catch (e) { if (e instanceof MachinesError) log(e.name, e.message); }
 */
export class MachinesError extends Error {
  override name: string = 'MachinesError';
}
