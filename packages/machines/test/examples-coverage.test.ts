import { describe, expect, it } from 'vitest';
import {
  appointmentReminderFlow,
  bankFlow,
  satisfactionSurveyFlow,
  schoolClosureFlow,
} from '../src/examples/index.js';
import type { Flow } from '../src/index.js';
import { type CoverageOptions, exploreFlow, replaySimplePaths } from './support/coverage.js';

const DIGITS = [
  '',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '9',
  '*',
  '#',
  '12',
  '123',
  '1234',
  '12345678',
  '1234567#',
];

const cases: Array<[string, Flow, CoverageOptions]> = [
  ['bank phone tree', bankFlow, { digits: DIGITS, outputs: { balance: '1,234.56' } }],
  ['school closure alert', schoolClosureFlow, { digits: DIGITS, outputs: {}, externalId: 'closure:1' }],
  [
    'appointment reminder',
    appointmentReminderFlow,
    { digits: DIGITS, outputs: { find: { name: 'Ada', when: 'Tuesday' } }, externalId: 'appt-1' },
  ],
  ['satisfaction survey', satisfactionSurveyFlow, { digits: DIGITS, outputs: {}, externalId: 'survey:1' }],
];

describe.each(cases)('%s: every transition, event by event', (_name, flow, options) => {
  const report = exploreFlow(flow, options);

  it('takes every event transition of the machine through the pure step', () => {
    const missed = [...report.all].filter((k) => !report.covered.has(k));
    expect(missed).toEqual([]);
    expect(report.covered.size).toBe(report.all.size);
  });

  it('agrees with the graph on every state reached, and never sends two replies to one event', () => {
    expect(report.mismatches).toEqual([]);
    expect(report.states).toBeGreaterThan(10);
  });

  it('visits every state node, the internal $hangup and $closing included', () => {
    const walk = (node: typeof flow.machine.root): string[] => [
      node.id,
      ...Object.values(node.states).flatMap((child) => walk(child)),
    ];
    const unvisited = walk(flow.machine.root).filter((id) => !report.visited.has(id));
    expect(unvisited).toEqual([]);
  });
});

describe('the coverage check itself', () => {
  it('reports the transitions a poorer event set leaves untaken', () => {
    const report = exploreFlow(bankFlow, { digits: [''], outputs: {} });
    const missed = [...report.all].filter((k) => !report.covered.has(k));
    expect(missed).toContain('ivr.call.welcome|speak_completed|0'); // "pressed 1" needs the digit 1
    expect(missed).toContain('ivr.call.fetchBalance|lookup.done|0'); // never reached without an account number
  });
});

describe('simple paths', () => {
  it('every simple path of the satisfaction survey to the end of the call replays through the pure step', () => {
    const { paths, mismatches } = replaySimplePaths(satisfactionSurveyFlow, {
      digits: ['', '4', '9'],
      outputs: {},
      externalId: 'survey:1',
    });
    expect(mismatches).toEqual([]);
    expect(paths).toBeGreaterThan(20);
  });
});
