/**
 * `diffFlows`: what changed in a flow's behaviour between two versions, for code review — states added and removed,
 * inputs that now lead elsewhere ("presses 2" now goes to `call.billing`), what the flow sends (prompt text,
 * language, audio, digit collection and timeouts, transfers, lookup waits), retry limits, and states from which
 * the call can no longer end. Text for a terminal, Markdown for a pull-request comment, or the JSON.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { ExploreOptions } from '../explore.js';
import { type FlowModel, flowModel } from './flow-model.js';

/**
 * One difference. `before` / `after` are absent where the thing did not exist on that side.
 *
 * @example
 * const change: FlowChange = { kind: 'move', state: 'call.main', what: 'presses 2', before: 'call.cards', after: 'call.billing' };
 */
export interface FlowChange {
  kind: 'state' | 'move' | 'send' | 'retry' | 'no-end';
  state: string;
  /** The input (`presses 2`), the retry case (`silence`), or what is sent; absent for a state added or removed. */
  what?: string;
  before?: string;
  after?: string;
}

/**
 * The diff of two flows.
 *
 * @example
 * const diff = diffFlows(oldFlow, newFlow);
 * process.exitCode = diff.changed ? 1 : 0;
 */
export interface FlowDiff {
  before: { id: string; version: number };
  after: { id: string; version: number };
  /** Whether the behaviour changed (an id or version change alone is not a behaviour change). */
  changed: boolean;
  changes: FlowChange[];
}

function keys(...records: Array<Record<string, unknown> | undefined>): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r ?? {})))].sort();
}

function stateChanges(a: FlowModel, b: FlowModel): FlowChange[] {
  const before = new Set(a.states);
  const after = new Set(b.states);
  // What a state added or removed sends, so the reviewer sees it without a second change.
  const sent = (model: FlowModel, state: string) => {
    const list = model.sends[state];
    return list?.length ? { what: list.join('; ') } : {};
  };
  const wasReachable = new Set(a.reachable);
  const isReachable = new Set(b.reachable);
  const reach = a.states
    .filter((s) => after.has(s) && wasReachable.has(s) !== isReachable.has(s))
    .map(
      (state): FlowChange => ({
        kind: 'state',
        state,
        before: wasReachable.has(state) ? 'reachable' : 'unreachable',
        after: isReachable.has(state) ? 'reachable' : 'unreachable',
      }),
    );
  return [
    ...reach,
    ...a.states
      .filter((s) => !after.has(s))
      .map((state): FlowChange => ({ kind: 'state', state, before: 'present', ...sent(a, state) })),
    ...b.states
      .filter((s) => !before.has(s))
      .map((state): FlowChange => ({ kind: 'state', state, after: 'present', ...sent(b, state) })),
  ];
}

/** Changes of one per-state table (`moves`, `retries`) where both sides know the state. */
function tableChanges(
  kind: 'move' | 'retry',
  a: Record<string, Record<string, string>>,
  b: Record<string, Record<string, string>>,
  bothHave: (state: string) => boolean,
): FlowChange[] {
  const changes: FlowChange[] = [];
  for (const state of keys(a, b)) {
    if (!bothHave(state)) continue;
    for (const what of keys(a[state], b[state])) {
      const before = a[state]?.[what];
      const after = b[state]?.[what];
      if (before === after) continue;
      changes.push({
        kind,
        state,
        what,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      });
    }
  }
  return changes;
}

function sendChanges(a: FlowModel, b: FlowModel, bothHave: (state: string) => boolean): FlowChange[] {
  const changes: FlowChange[] = [];
  for (const state of keys(a.sends, b.sends)) {
    if (!bothHave(state)) continue;
    const before = a.sends[state] ?? [];
    const after = b.sends[state] ?? [];
    const removed = before.filter((x) => !after.includes(x));
    const added = after.filter((x) => !before.includes(x));
    // One removed and one added of the same kind read best as a change ("says X" → "says Y").
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++)
      changes.push({ kind: 'send', state, before: removed[i] as string, after: added[i] as string });
    for (const x of removed.slice(pairs)) changes.push({ kind: 'send', state, before: x });
    for (const x of added.slice(pairs)) changes.push({ kind: 'send', state, after: x });
  }
  return changes;
}

function endChanges(a: FlowModel, b: FlowModel): FlowChange[] {
  return keys(a.endless, b.endless)
    .filter((state) => (a.endless[state] === undefined) !== (b.endless[state] === undefined))
    .map((state): FlowChange => {
      const before = a.endless[state];
      const after = b.endless[state];
      return {
        kind: 'no-end',
        state,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      };
    });
}

/**
 * Compares the behaviour of `before` and `after` (two versions of one flow, or any two flows).
 *
 * @example
 * const diff = diffFlows(bankFlowV1, bankFlowV2);
 * console.log(formatFlowDiff(diff));
 */
export function diffFlows(before: Flow, after: Flow, options: ExploreOptions = {}): FlowDiff {
  const a = flowModel(before, options);
  const b = flowModel(after, options);
  // Only states both versions reach are compared input by input (an unreachable state is one change, not many).
  const inBoth = new Set(a.reachable.filter((s) => b.reachable.includes(s)));
  const bothHave = (state: string) => state === 'idle' || inBoth.has(state) || state.startsWith('ended');
  const changes = [
    ...stateChanges(a, b),
    ...tableChanges('move', a.moves, b.moves, bothHave),
    ...sendChanges(a, b, bothHave),
    ...tableChanges('retry', a.retries, b.retries, bothHave),
    ...endChanges(a, b),
  ];
  return {
    before: { id: a.flowId, version: a.version },
    after: { id: b.flowId, version: b.version },
    changed: changes.length > 0,
    changes,
  };
}

/** One change as a sentence. */
function sentence(c: FlowChange, code: (s: string) => string): string {
  const s = code(c.state);
  switch (c.kind) {
    case 'state':
      if (c.before !== undefined && c.after !== undefined)
        return `state ${s} is ${c.after === 'reachable' ? 'now reachable' : 'no longer reachable'}`;
      return `state ${s} ${c.after ? 'added' : 'removed'}${c.what ? ` (${c.what})` : ''}`;
    case 'move':
      if (c.before === undefined) return `${s}: ${c.what} now goes to ${code(c.after ?? '')} (new)`;
      if (c.after === undefined) return `${s}: ${c.what} no longer taken (went to ${code(c.before)})`;
      return `${s}: ${c.what} now goes to ${code(c.after)} (was ${code(c.before)})`;
    case 'send':
      if (c.before === undefined) return `${s} now ${c.after}`;
      if (c.after === undefined) return `${s} no longer ${c.before}`;
      return `${s} now ${c.after}\n    (was: ${c.before})`;
    case 'retry':
      return `${s}: on ${c.what}, ${c.after ?? '(no retries)'} (was ${c.before ?? 'no retries'})`;
    case 'no-end':
      return c.after ? `${s} no longer reaches an end: ${c.after}` : `${s} reaches an end again`;
  }
}

const HEADINGS: Record<FlowChange['kind'], string> = {
  state: 'States',
  move: 'Where inputs lead',
  send: 'What the caller hears and what is sent',
  retry: 'Retry limits',
  'no-end': 'Paths that no longer reach an end',
};

function title(diff: FlowDiff): string {
  const name = (x: { id: string; version: number }) => `${x.id} v${x.version}`;
  return `${name(diff.before)} → ${name(diff.after)}`;
}

/**
 * The diff as text for a terminal: one line per change, grouped.
 *
 * @example
 * console.log(formatFlowDiff(diffFlows(v1, v2)));
 */
export function formatFlowDiff(diff: FlowDiff): string {
  if (!diff.changed) return `= ${title(diff)}: behaviour unchanged`;
  const lines = [`≠ ${title(diff)}: ${diff.changes.length} change(s)`];
  for (const kind of Object.keys(HEADINGS) as Array<FlowChange['kind']>) {
    const group = diff.changes.filter((c) => c.kind === kind);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[kind]}:`);
    for (const c of group) lines.push(`  ${sentence(c, (x) => x)}`);
  }
  return lines.join('\n');
}

/**
 * The diff as Markdown for a pull-request comment.
 *
 * @example
 * await writeFile('flow-diff.md', formatFlowDiffMarkdown(diffFlows(v1, v2)));
 */
export function formatFlowDiffMarkdown(diff: FlowDiff): string {
  const code = (x: string) => `\`${x}\``;
  if (!diff.changed) return `### Flow ${code(title(diff))}\n\nBehaviour unchanged.\n`;
  const lines = [`### Flow ${code(title(diff))}: ${diff.changes.length} change(s)`];
  for (const kind of Object.keys(HEADINGS) as Array<FlowChange['kind']>) {
    const group = diff.changes.filter((c) => c.kind === kind);
    if (group.length === 0) continue;
    lines.push('', `**${HEADINGS[kind]}**`, '');
    for (const c of group) lines.push(`- ${sentence(c, code).replace(/\n\s+/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
