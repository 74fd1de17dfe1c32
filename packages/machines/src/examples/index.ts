/**
 * The example flows (filled in below as they land).
 *
 * @module
 */
export {};
