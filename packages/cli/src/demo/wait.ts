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

/**
 * Resolves once the simulator has no event delivery in flight, the apps are idle and the live feed has relayed
 * every state — or after `timeoutMs` real milliseconds.
 *
 * @example
 * await settle(stack.sim, [stack.inbound], stack.feed);
 */
export async function settle(
  sim: Pick<Simulator, 'inflight'>,
  apps: ReadonlyArray<{ idle(): Promise<void> }>,
  feed: { settled(): Promise<void> },
  timeoutMs = 5_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (sim.inflight > 0 && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 10));
  await Promise.all(apps.map((app) => app.idle()));
  await feed.settled();
}
