/**
 * A tiny pure-step runtime for tests: keeps the snapshot (round-tripped through JSON at every step, as a store
 * would), the clock, and what the flow asked for; performs lookups only when told to.
 */
import type { VoiceAction } from '@ivrkit/protocol';
import { type Flow, type LookupRequest, type StepInput, type StepResult, stepFlow } from '../../src/index.js';

export class TestCall {
  snapshot: StepResult['snapshot'] | undefined;
  now: number;
  last: StepResult | undefined;
  readonly sent: VoiceAction[] = [];
  readonly started: LookupRequest[] = [];
  readonly cancelled: string[] = [];

  constructor(
    readonly flow: Flow,
    start = 1_700_000_000_000,
  ) {
    this.now = start;
  }

  /** Steps one input `ms` after the previous one; returns the step's result. */
  step(input: StepInput, ms = 1_000): StepResult {
    this.now += ms;
    return this.apply(input);
  }

  /** Steps `{ type: 'timer' }` at the snapshot's next deadline. */
  wake(): StepResult {
    const at = this.last?.nextDeadline;
    if (at === undefined) throw new Error('no deadline pending');
    this.now = at;
    return this.apply({ type: 'timer' });
  }

  /** Runs the flow's implementation of the last lookup it started and feeds the outcome back. */
  async resolveLookup(): Promise<StepResult> {
    const request = this.started.at(-1);
    if (!request) throw new Error('no lookup started');
    const fn = this.flow.lookups[request.name];
    if (!fn) throw new Error(`no lookup ${request.name}`);
    try {
      const output = await fn(request.input, { signal: new AbortController().signal });
      return this.step({ type: 'lookup.done', id: request.id, output }, 200);
    } catch (error) {
      return this.step({ type: 'lookup.failed', id: request.id, error }, 200);
    }
  }

  get state(): unknown {
    return this.snapshot?.machine.value;
  }

  /** The text of the last `speak` sent. */
  get lastSpoken(): string | undefined {
    const speak = this.sent.findLast((a) => a.method === 'speak');
    return speak?.method === 'speak' ? speak.params.tts.message : undefined;
  }

  private apply(input: StepInput): StepResult {
    const result = stepFlow(this.flow, this.snapshot, input, { now: this.now });
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot));
    this.last = result;
    this.sent.push(...result.actions);
    this.started.push(...result.lookups);
    this.cancelled.push(...result.cancelLookups);
    return result;
  }
}
