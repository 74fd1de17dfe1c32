/**
 * The flow of the multi-process test: the bench's bank flow, except that the balance of account `99990000` never
 * comes back — its lookup hangs until the flow's own 5 s lookup timer fires and the caller hears "Sorry…". Those
 * timers are armed by whichever process stepped the account number, so killing a process strands timers that
 * another process must fire. `ivrkit serve` loads this module (its `flow` export).
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import { benchBalance, createBenchFlow } from '../../src/bench-flow.js';

/** The account whose lookup never answers. */
export const HANGING_ACCOUNT = '99990000';

/** Waits until `signal` aborts (the runtime aborts a lookup its flow stopped waiting for). */
function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
}

export const flow: Flow = createBenchFlow({
  id: 'multi-process-bank',
  lookupTimeoutMs: 5_000,
  balance: (account, signal) => (account === HANGING_ACCOUNT ? never(signal) : benchBalance(account)),
});
