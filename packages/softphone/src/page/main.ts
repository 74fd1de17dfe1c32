/**
 * The softphone page: wires the live store to the phone, the statechart, the log, the call picker and the
 * campaign panel.
 *
 * @module
 */
import './styles.css';
import { CampaignView } from './campaign-view.js';
import { ChartView } from './chart-view.js';
import { byId, h } from './dom.js';
import { LiveStore } from './live-store.js';
import { renderLog } from './log-view.js';
import { PhoneView } from './phone-view.js';

const store = new LiveStore();
const chart = new ChartView(byId('chart'), byId('chart-global'));
const picker = byId<HTMLSelectElement>('call-picker');
const log = byId<HTMLOListElement>('log');
const logCount = byId('log-count');
const chartFlow = byId('chart-flow');
/** The call shown: picked by hand, else the phone's own call, else the newest. */
let pinned: string | undefined;

const phone = new PhoneView(byId('phone'), store, (referenceId) => {
  pinned = undefined;
  selectCall(referenceId);
});
new CampaignView(byId('campaign'), store, (referenceId) => {
  pinned = referenceId;
  location.hash = '#phone';
  selectCall(referenceId);
});

function selectedId(): string | undefined {
  return pinned ?? phone.ownCall ?? store.recentCalls()[0]?.call.reference_id;
}

function selectCall(referenceId: string | undefined): void {
  const view = referenceId === undefined ? undefined : store.calls.get(referenceId);
  const flow = store.flowOf(view);
  chart.show(flow?.chart);
  chartFlow.textContent = flow ? `${flow.chart.flowId} v${flow.chart.version}` : '';
  chart.highlight(view?.states ?? []);
  renderLog(log, logCount, view);
  renderPicker();
  document.body.dataset.currentState = view?.states.at(-1)?.state ?? '';
  document.body.dataset.call = view?.call.reference_id ?? '';
}

function renderPicker(): void {
  const selected = selectedId();
  const options = store
    .recentCalls()
    .slice(0, 50)
    .map((view) => {
      const { call } = view;
      const label = `${call.direction === 'inbound' ? '↘' : '↗'} ${call.direction === 'inbound' ? call.from : call.to} · ${call.state.replace('_', ' ')} · ${call.reference_id.slice(0, 8)}`;
      return h('option', { value: call.reference_id, selected: call.reference_id === selected }, label);
    });
  picker.replaceChildren(...(options.length > 0 ? options : [h('option', { value: '' }, 'no calls yet')]));
}

picker.addEventListener('change', () => {
  pinned = picker.value || undefined;
  selectCall(selectedId());
});

const connection = byId('connection');
store.subscribe((change) => {
  if (change.type === 'connection' || change.type === 'hello') {
    connection.dataset.state = store.connected ? 'open' : 'closed';
    const label = connection.querySelector('.label');
    if (label) label.textContent = store.connected ? 'live' : 'reconnecting…';
  }
  if (change.type === 'campaign') return;
  if (change.type === 'hello' || change.type === 'connection') return selectCall(selectedId());
  const id = selectedId();
  if (change.type === 'call' && change.created) return selectCall(id);
  if ('referenceId' in change && change.referenceId === id) selectCall(id);
  else if (change.type === 'call') renderPicker();
});

function showTab(): void {
  const tab = location.hash === '#campaign' ? 'campaign' : 'phone';
  byId('phone-tab').hidden = tab !== 'phone';
  byId('campaign-tab').hidden = tab !== 'campaign';
  for (const link of document.querySelectorAll<HTMLElement>('[data-tab]'))
    link.classList.toggle('active', link.dataset.tab === tab);
}
window.addEventListener('hashchange', showTab);
showTab();
store.connect();
