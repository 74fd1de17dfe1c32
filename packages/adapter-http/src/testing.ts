/**
 * `@ivrkit/adapter-http/testing` — checks for code that plugs into the adapter: the {@link storeContract} every
 * `Store` implementation must pass.
 *
 * @module
 */
export { type StoreContractCheck, storeContract } from './store/store-contract.js';
