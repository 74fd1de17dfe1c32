import type { VoiceAction } from '@ivrkit/protocol';
import { describe, expect, it } from 'vitest';
import { bankScript } from '../bench/bank-script.js';
import { bankSwitchStep, type SwitchState } from '../bench/bank-switch.js';
import { bankFlow } from '../src/examples/index.js';
import { type CallSnapshot, type StepInput, stepFlow } from '../src/index.js';
import {
  callCompleted,
  callLegCompleted,
  dialCompleted,
  incomingCall,
  speakCompleted,
} from './support/wire.js';

/** Runs a script through both handlers; `timer` inputs fire at the flow's next deadline. */
function both(script: StepInput[]): {
  flow: VoiceAction[][];
  handWritten: VoiceAction[][];
  done: [boolean, boolean];
} {
  let snap: CallSnapshot | undefined;
  let state: SwitchState | undefined;
  let now = 1_700_000_000_000;
  let deadline: number | undefined;
  const flow: VoiceAction[][] = [];
  const handWritten: VoiceAction[][] = [];
  let done: [boolean, boolean] = [false, false];
  for (const input of script) {
    now = 'type' in input && input.type === 'timer' && deadline !== undefined ? deadline : now + 1_000;
    const a = stepFlow(bankFlow, snap, input, { now });
    const b = bankSwitchStep(state, input, now);
    snap = a.snapshot;
    state = b.state;
    deadline = a.nextDeadline;
    expect(b.nextDeadline).toBe(a.nextDeadline);
    flow.push(a.actions);
    handWritten.push(b.actions);
    done = [a.done, b.state.done];
  }
  return { flow, handWritten, done };
}

describe('the benchmark compares the same flow', () => {
  it.each([
    ['the bench script', bankScript()],
    [
      'a lookup timeout, then an agent who answers and hangs up',
      [
        incomingCall(),
        speakCompleted('1'),
        speakCompleted('12345678'),
        { type: 'timer' },
        speakCompleted(''),
        speakCompleted('1'),
        speakCompleted('0'),
        speakCompleted(''),
        dialCompleted('answered'),
        callLegCompleted(),
        speakCompleted(''),
        callCompleted(),
      ],
    ],
    [
      'invalid account numbers, an unreachable card team, and the closing grace',
      [
        incomingCall(),
        speakCompleted('5'),
        speakCompleted('5'),
        speakCompleted('1'),
        speakCompleted('123'),
        speakCompleted('1234567#'),
        speakCompleted('2'),
        speakCompleted('1'),
        speakCompleted(''),
        dialCompleted('no_answer'),
        speakCompleted(''),
        speakCompleted('9'),
        speakCompleted(''),
        { type: 'timer' },
      ],
    ],
  ] as Array<[string, StepInput[]]>)('%s', (_label, script) => {
    const { flow, handWritten, done } = both(script);
    expect(handWritten).toEqual(flow);
    expect(flow.flat().length).toBeGreaterThan(5);
    expect(done[1]).toBe(done[0]);
  });
});
