/**
 * The event / action log of the selected call: simulator transcript entries and flow states, merged by time.
 *
 * @module
 */
import { describeEntry, describeState, type LogLine } from '../shared/describe-entry.js';
import type { CallView } from '../shared/live-protocol.js';
import { h } from './dom.js';

/** Redraws the log for a call (cheap enough to redraw whole: a call has tens of lines). */
export function renderLog(list: HTMLOListElement, counter: HTMLElement, view: CallView | undefined): void {
  if (!view) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No call yet. Place one from the phone.'));
    counter.textContent = '';
    return;
  }
  const lines: Array<LogLine & { order: number }> = [];
  view.entries.forEach((entry, order) => {
    const line = describeEntry(entry);
    if (line) lines.push({ ...line, order });
  });
  view.states.forEach((change, i) => {
    lines.push({ ...describeState(change, view.created_at), order: view.entries.length + i });
  });
  lines.sort((a, b) => a.t - b.t || a.order - b.order);
  const stickToBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
  list.replaceChildren(
    ...lines.map((line) =>
      h(
        'li',
        { class: `line kind-${line.kind}` },
        h('span', { class: 'time' }, `${(line.t / 1000).toFixed(2)}s`),
        h('span', { class: 'kind' }, line.kind),
        h('span', { class: 'text' }, line.text),
      ),
    ),
  );
  counter.textContent = `${lines.length} lines`;
  if (stickToBottom) list.scrollTop = list.scrollHeight;
}
