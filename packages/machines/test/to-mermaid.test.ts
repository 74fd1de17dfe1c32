import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { bankFlow, schoolClosureFlow } from '../src/examples/index.js';
import { defineFlow, type FlowEvent, flowEffects, reply, toMermaid } from '../src/index.js';
import { frontDesk } from './support/flows.js';

/**
 * Structural check of a `stateDiagram-v2`: every line is a declaration, a block, an arrow or a comment; every id
 * an arrow uses is declared; blocks balance; labels hold nothing that ends or breaks a Mermaid line.
 */
function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== 'stateDiagram-v2') problems.push(`first line: ${lines[0]}`);
  const declared = new Set<string>();
  const used: Array<[string, number]> = [];
  let depth = 0;
  for (const [i, raw] of lines.slice(1).entries()) {
    const line = raw.trim();
    const declaration = /^state "([^"]*)" as ([A-Za-z0-9_]+)$/.exec(line);
    const block = /^state ([A-Za-z0-9_]+) \{$/.exec(line);
    const arrow = /^(\[\*\]|[A-Za-z0-9_]+) --> (\[\*\]|[A-Za-z0-9_]+)(?: : ([^:;#{}<>"]+))?$/.exec(line);
    if (line === '' || line.startsWith('%%')) continue;
    if (declaration) declared.add(declaration[2] as string);
    else if (block) {
      depth++;
      used.push([block[1] as string, i + 2]);
    } else if (line === '}') depth--;
    else if (arrow) {
      for (const id of [arrow[1], arrow[2]]) if (id !== '[*]') used.push([id as string, i + 2]);
    } else problems.push(`line ${i + 2} is not Mermaid state syntax: ${line}`);
    if (depth < 0) problems.push(`line ${i + 2}: unbalanced }`);
  }
  if (depth !== 0) problems.push('unbalanced blocks');
  for (const [id, line] of used)
    if (!declared.has(id)) problems.push(`line ${line}: "${id}" is not declared`);
  return problems;
}

/** A hand-written machine with a transition on its root, as a user writes one. */
const rootLevel = defineFlow({
  id: 'root-level',
  version: 1,
  direction: 'inbound',
  machine: setup({ types: { events: {} as FlowEvent }, actions: { ...flowEffects } }).createMachine({
    initial: 'idle',
    states: {
      idle: {
        on: {
          incoming_call: {
            target: 'greeting',
            actions: reply('incoming_call', { method: 'speak', params: { tts: { message: 'Hi #1' } } }),
          },
        },
      },
      greeting: {
        on: {
          speak_completed: {
            target: 'done',
            actions: reply('speak_completed', { method: 'hangup', params: {} }),
          },
        },
      },
      done: { type: 'final', output: { reason: 'hung_up', data: {} } },
    },
    on: { call_completed: { target: '.done', description: 'caller hung up: {"early": true}' } },
  }),
});

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

  it('draws a root-level transition of a hand-written machine from each state it leaves (no undeclared root)', () => {
    const text = toMermaid(rootLevel);
    expect(text).not.toMatch(/^\s*root /m);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '  idle --> done : caller hung up early true',
        '  greeting --> done : caller hung up early true',
      ]),
    );
    expect(mermaidProblems(text)).toEqual([]);
  });

  it.each([
    ['the front desk', frontDesk()],
    ['the bank', bankFlow],
    ['the school alert', schoolClosureFlow],
    ['a hand-written machine', rootLevel],
  ])('emits well-formed Mermaid for %s', (_, flow) => {
    expect(mermaidProblems(toMermaid(flow))).toEqual([]);
  });
});
