import { describe, expect, it } from 'vitest';
import {
  type CallSnapshot,
  defineFlow,
  FlowVersionMismatchError,
  hangup,
  InvalidSnapshotError,
  menu,
  parseCallSnapshot,
  restoreSnapshot,
  stepFlow,
} from '../src/index.js';
import { frontDesk } from './support/flows.js';
import { incomingCall, speakCompleted } from './support/wire.js';

const v1 = frontDesk();
const started = () => stepFlow(v1, undefined, incomingCall(), { now: 0 }).snapshot;

const v2 = (migrate?: (s: CallSnapshot) => CallSnapshot | undefined) =>
  defineFlow({
    id: 'front-desk',
    version: 2,
    direction: 'inbound',
    start: 'main',
    ...(migrate ? { migrate } : {}),
    nodes: {
      main: menu({ prompt: 'New menu: press 3 to leave.', options: { 3: 'bye' } }),
      bye: hangup({ prompt: 'Bye now.' }),
    },
  });

describe('restoreSnapshot', () => {
  it('returns a snapshot of the same flow and version unchanged', () => {
    const snap = JSON.parse(JSON.stringify(started()));
    expect(restoreSnapshot(v1, snap)).toEqual(snap);
  });

  it('refuses a snapshot of another version without a migration, with a typed error', () => {
    const snap = started();
    let caught: unknown;
    try {
      restoreSnapshot(v2(), snap);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FlowVersionMismatchError);
    expect(caught).toMatchObject({ flowId: 'front-desk', snapshotVersion: 1, flowVersion: 2 });
    expect((caught as Error).message).toMatch(/version 1 cannot be stepped by version 2: supply a migration/);
    expect(() => stepFlow(v2(), snap, speakCompleted('3'), { now: 1 })).toThrow(FlowVersionMismatchError);
  });

  it('migrates with the flow migration, and steps the migrated snapshot', () => {
    const flow = v2((s) => (s.flowVersion === 1 ? { ...s, flowVersion: 2 } : undefined));
    const r = stepFlow(flow, started(), speakCompleted('3'), { now: 1 });
    expect(r.actions).toEqual([
      { method: 'speak', params: { tts: { message: 'Bye now.', language: 'en-US' } } },
    ]);
    expect(r.snapshot.flowVersion).toBe(2);
  });

  it('prefers a migration given to restoreSnapshot, and refuses one that returns the wrong version', () => {
    const flow = v2(() => undefined);
    expect(restoreSnapshot(flow, started(), { migrate: (s) => ({ ...s, flowVersion: 2 }) }).flowVersion).toBe(
      2,
    );
    expect(() => restoreSnapshot(flow, started())).toThrow(FlowVersionMismatchError);
    expect(() => restoreSnapshot(flow, started(), { migrate: (s) => ({ ...s, flowVersion: 3 }) })).toThrow(
      /returned version 3 of "front-desk", expected version 2/,
    );
  });

  it('refuses a snapshot of another flow', () => {
    const other = defineFlow({
      id: 'other',
      version: 1,
      direction: 'inbound',
      start: 'bye',
      nodes: { bye: hangup() },
    });
    expect(() => restoreSnapshot(other, started())).toThrow(
      new InvalidSnapshotError('snapshot is of flow "front-desk", not "other"'),
    );
  });

  it.each([
    ['not an object', 42, 'snapshot.: expected an object, got 42'],
    ['another format', { format: 2 }, 'snapshot.format: expected 1, got 2'],
    ['no flow id', { ...started(), flowId: 7 }, 'snapshot.flowId: expected a string, got 7'],
    [
      'a bad answering',
      { ...started(), answering: 'hello' },
      'snapshot.answering: expected an event name or null, got "hello"',
    ],
    [
      'bad timers',
      { ...started(), timers: { cap: 'soon' } },
      'snapshot.timers: expected an object of epoch ms, got an object',
    ],
    ['no machine', { ...started(), machine: null }, 'snapshot.machine: expected an object, got null'],
    [
      'children',
      { ...started(), machine: { ...started().machine, children: { x: {} } } },
      'snapshot.machine.children: expected no children (flows start no actors), got an object',
    ],
  ])('refuses %s', (_label, value, message) => {
    expect(() => parseCallSnapshot(value)).toThrow(new InvalidSnapshotError(message));
  });
});
