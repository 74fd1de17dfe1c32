import { describe, expect, it } from 'vitest';
import { bankFlow } from '../src/examples/index.js';
import { toMermaid } from '../src/index.js';
import { frontDesk } from './support/flows.js';

describe('toMermaid', () => {
  it('draws the front desk: states, initial arrows, labelled transitions, self-loop re-prompts', () => {
    const text = toMermaid(frontDesk());
    expect(text.startsWith('stateDiagram-v2\n  %% front-desk v1\n  [*] --> idle\n')).toBe(true);
    for (const line of [
      '  state "call" as call',
      '  state call {',
      '    [*] --> call__main',
      '  ended --> [*]',
      '  idle --> call : incoming call',
      '  call__main --> call__hours : pressed 1',
      '  call__main --> call__main : no input, re-prompt',
      '  call__hours --> call__readHours : hours done',
      '  call__hours --> call__sorry : hours timed out',
      '  call__person__dialing --> call__person__bridged : agent answered',
      '  call__person__bridged --> call___hangup : other leg ended',
      '  call --> ended : caller hung up',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('draws each distinct transition once (speak_completed and play_completed share their branches)', () => {
    const lines = toMermaid(bankFlow)
      .split('\n')
      .filter((l) => l.includes('-->'));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('call__welcome --> call__account'))).toHaveLength(1);
  });
});
