/**
 * Adapts an `@ivrkit/machines` {@link Flow} to the runtime's {@link FlowEngine} port: `stepFlow` for the step,
 * `flow.lookups` for the lookups, `flow.onEnd` for the end.
 *
 * @module
 */
import { type CallEnd, type CallSnapshot, type Flow, stepFlow } from '@ivrkit/machines';
import type { FlowEngine } from './flow-engine.js';

/**
 * Thrown when a flow asks for a lookup it does not implement.
 *
 * @example
 * try { await engine.lookup('nope', {}, { signal }); } catch (e) { if (e instanceof UnknownLookupError) console.error(e.message); }
 */
export class UnknownLookupError extends Error {
  override readonly name = 'UnknownLookupError';
}

/**
 * The engine of a machines flow.
 *
 * @example
 * const app = createVoiceApp({ engine: engineFromFlow(bankFlow), client, store });
 */
export function engineFromFlow(flow: Flow): FlowEngine {
  return {
    id: `${flow.id}@${flow.version}`,
    step: (snapshot, input, options) => stepFlow(flow, snapshot as CallSnapshot | undefined, input, options),
    async lookup(name, input, options) {
      const implementation = flow.lookups[name];
      if (!implementation) {
        throw new UnknownLookupError(`flow ${flow.id} has no lookup named ${JSON.stringify(name)}`);
      }
      return implementation(input, options);
    },
    onEnd: flow.onEnd && ((end) => flow.onEnd?.(end as CallEnd)),
  };
}
