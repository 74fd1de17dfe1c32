/**
 * Compiles the `sendDtmf` node: tones to the party who answered an outbound call, a wait while they play, then on.
 *
 * @module
 */
import { LIMITS, SEND_DTMF_TIMING } from '@ivrkit/protocol';
import { EFFECT } from '../core/effects.js';
import type { FlowData } from '../core/json.js';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';
import type { StateConfig } from './compile-context.js';
import { nodeTarget, TIMER } from './menu-context.js';
import type { SendDtmfNode } from './nodes.js';
import { type Args, replyWith } from './transitions.js';

/**
 * DTMF as `send_dtmf` and `dial.send_dtmf` accept it: `0-9 A-D * #`, `w` a half-second pause.
 *
 * @example
 * DTMF_DIGITS.test('ww204#'); // true
 */
export const DTMF_DIGITS = /^[0-9A-D*#w]+$/;

/**
 * How long `digits` take to play ([ours] `SEND_DTMF_TIMING`).
 *
 * @example
 * tonesDuration('ww1#'); // 1500
 */
export function tonesDuration(digits: string): number {
  let ms = 0;
  for (const d of digits) ms += d === 'w' ? SEND_DTMF_TIMING.pauseMs : SEND_DTMF_TIMING.toneMs;
  return ms;
}

function dtmfOf(name: string, node: SendDtmfNode, data: FlowData): string {
  const digits = typeof node.digits === 'string' ? node.digits : node.digits(data);
  if (!(DTMF_DIGITS.test(digits) && digits.length <= LIMITS.maxDtmfLength))
    throw new FlowDefinitionError(
      `node "${name}".digits: ${JSON.stringify(digits)} is not 1..${LIMITS.maxDtmfLength} of 0-9 A-D * # w`,
    );
  return digits;
}

/**
 * Compiles a `sendDtmf`: `send_dtmf` on entry (the event it follows still awaits its reply), then, once the tones
 * have played, `next`.
 *
 * @example
 * const state = compileSendDtmf('extension', sendDtmf({ digits: 'ww204#', next: 'message' }));
 */
export function compileSendDtmf(name: string, node: SendDtmfNode): StateConfig {
  return {
    entry: [
      replyWith(({ context }) => ({
        method: 'send_dtmf',
        params: { digits: dtmfOf(name, node, context.data) },
      })),
      {
        type: EFFECT.arm,
        params: ({ context }: Args) => ({
          id: TIMER.tones,
          ms: tonesDuration(dtmfOf(name, node, context.data)),
        }),
      },
    ],
    exit: { type: EFFECT.disarm, params: { id: TIMER.tones } },
    on: {
      'ivr.timeout': {
        guard: ({ event }: Args) => event.type === 'ivr.timeout' && event.id === TIMER.tones,
        target: nodeTarget(node.next),
        reenter: true,
        description: 'tones sent',
      },
    },
  };
}
