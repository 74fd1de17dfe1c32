/**
 * JSON values: what a snapshot may hold, so that it survives `JSON.stringify` / `JSON.parse` unchanged.
 *
 * @module
 */

/**
 * A value that round-trips through JSON unchanged.
 *
 * @example
 * const balance: JsonValue = { amount: 1234.5, currency: 'USD' };
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The values a flow keeps about one call (digits entered, lookup results), readable from prompts.
 *
 * @example
 * const data: FlowData = { account: '12345678', balance: '1,234.50' };
 */
export type FlowData = { [key: string]: JsonValue };
