import { bankFlow } from '@ivrkit/machines/examples';
import { describe, expect, it } from 'vitest';
import { chartOf, stateIdOf } from '../src/demo/chart-model.js';

describe('chartOf', () => {
  const chart = chartOf(bankFlow);
  const ids = chart.nodes.map((node) => node.id);

  it('draws the leaf states, starting at idle, with transfer steps named after their transfer', () => {
    expect(chart.initial).toBe('idle');
    expect(ids).toEqual(
      expect.arrayContaining(['idle', 'call.welcome', 'call.account', 'call.goodbye', 'ended']),
    );
    expect(ids).not.toContain('call');
    expect(chart.nodes.find((node) => node.id === 'call.agent.dialing')?.label).toBe('agent › dialing');
    expect(chart.nodes.find((node) => node.id === 'ended')?.type).toBe('final');
  });

  it('keeps the menu transitions as edges and the whole-call ones as global', () => {
    expect(chart.edges).toContainEqual({ from: 'call.welcome', to: 'call.account', label: 'pressed 1' });
    expect(chart.edges).toContainEqual({ from: 'idle', to: 'call.welcome', label: 'incoming call' });
    expect(chart.edges).toContainEqual({
      from: 'call.agent.dialing',
      to: 'call.agent.bridged',
      label: 'agent answered',
    });
    expect(chart.global).toContainEqual({ from: 'call', to: 'ended', label: 'caller hung up' });
    for (const edge of chart.edges) {
      expect(ids).toContain(edge.from);
      expect(ids).toContain(edge.to);
    }
  });
});

describe('stateIdOf', () => {
  it.each([
    ['idle', 'idle'],
    [{ call: 'welcome' }, 'call.welcome'],
    [{ call: { agent: 'dialing' } }, 'call.agent.dialing'],
    [null, ''],
  ])('%j → %s', (value, id) => {
    expect(stateIdOf(value)).toBe(id);
  });
});
