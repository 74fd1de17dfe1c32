/**
 * Waiting for a simulated call to end, in real time.
 *
 * @module
 */
import type { Simulator } from '@ivrkit/simulator';

/**
 * Resolves `true` once the call's state is `completed`, `false` after `timeoutMs` real milliseconds.
 *
 * @example
 * if (!(await waitForCallEnd(sim, referenceId, 30_000))) sim.hangup(referenceId);
 */
export async function waitForCallEnd(
  sim: Pick<Simulator, 'call'>,
  referenceId: string,
  timeoutMs: number,
  pollMs = 20,
): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (sim.call(referenceId)?.state === 'completed') return true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return sim.call(referenceId)?.state === 'completed';
}
