/**
 * The campaign page: start an outbound campaign of the outbound flow against simulated callees with a mix of
 * behaviours (answer and confirm / cancel / stay silent, busy, no answer, network failure), and watch it progress.
 *
 * @module
 */
import type { CampaignProgress } from '../shared/live-protocol.js';
import * as api from './api.js';
import { byId, h } from './dom.js';
import type { LiveStore } from './live-store.js';

const OUTCOMES = ['completed', 'busy', 'no_answer', 'failed', 'refused', 'error', 'cancelled'] as const;

/** The campaign panel. */
export class CampaignView {
  private readonly bar: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly error: HTMLElement;
  private readonly start: HTMLButtonElement;
  private readonly inputs: Record<string, HTMLInputElement> = {};

  private readonly rows: HTMLTableSectionElement;
  private scheduled = false;

  constructor(
    root: HTMLElement,
    private readonly store: LiveStore,
    private readonly onSelect: (referenceId: string) => void,
  ) {
    this.rows = byId<HTMLTableSectionElement>('campaign-calls');
    const field = (name: string, label: string, value: number, attrs: Record<string, number> = {}) => {
      const input = h('input', { type: 'number', name, value, ...attrs });
      this.inputs[name] = input;
      return h('label', { class: 'field' }, h('span', {}, label), input);
    };
    this.start = h(
      'button',
      { id: 'start-campaign', class: 'call', onclick: () => void this.run() },
      'Start campaign',
    );
    this.bar = h('div', { id: 'campaign-bar', class: 'progress', role: 'progressbar' });
    this.summary = h('div', { id: 'campaign-summary', class: 'status' }, 'No campaign yet.');
    this.legend = h('div', { class: 'legend' });
    this.error = h('div', { class: 'error', role: 'alert' });
    root.append(
      h('h2', {}, 'Outbound campaign'),
      h(
        'p',
        { class: 'footnote' },
        'Calls simulated numbers with the appointment reminder. Answering callees confirm, cancel or stay silent in turn; the others are busy, do not answer or fail, in the proportions below. Busy and no-answer numbers are retried once.',
      ),
      h(
        'div',
        { class: 'form-grid' },
        field('count', 'Numbers', 20, { min: 1, max: 200 }),
        field('cps', 'Calls per second', 4, { min: 0.1, max: 20, step: 0.1 }),
        field('concurrency', 'Concurrent calls', 8, { min: 1, max: 50 }),
        field('busy', 'Busy %', 15, { min: 0, max: 100 }),
        field('no_answer', 'No answer %', 15, { min: 0, max: 100 }),
        field('failed', 'Failed %', 10, { min: 0, max: 100 }),
      ),
      this.start,
      this.error,
      this.summary,
      this.bar,
      this.legend,
    );
    store.subscribe((change) => {
      if (
        change.type === 'call' ||
        change.type === 'state' ||
        change.type === 'campaign' ||
        change.type === 'hello'
      )
        this.scheduleCalls();
      if (change.type === 'campaign') this.render(change.progress);
      if (change.type === 'hello') {
        this.start.disabled = !store.campaigns;
        if (store.campaign) this.render(store.campaign);
      }
    });
  }

  private scheduleCalls(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.renderCalls();
    });
  }

  /** The calls of the latest campaign (their external_id starts with its id), newest first. */
  private renderCalls(): void {
    const id = this.store.campaign?.id;
    const views = id
      ? this.store.recentCalls().filter((view) => view.call.external_id?.startsWith(`${id}:`))
      : [];
    this.rows.replaceChildren(
      ...(views.length === 0
        ? [h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No campaign calls yet.'))]
        : views.slice(0, 200).map((view) =>
            h(
              'tr',
              {
                class: `call-row ${view.call.state}`,
                onclick: () => this.onSelect(view.call.reference_id),
              },
              h('td', { class: 'mono' }, view.call.to),
              h('td', {}, view.call.state.replace('_', ' ')),
              h('td', { class: 'state' }, view.states.at(-1)?.state ?? '—'),
              h('td', {}, view.call.status || ''),
            ),
          )),
    );
  }

  private value(name: string): number {
    return Number(this.inputs[name]?.value ?? 0);
  }

  private async run(): Promise<void> {
    const outbound = this.store.flows.find((flow) => flow.direction === 'outbound');
    if (!outbound) return;
    this.error.textContent = '';
    try {
      const busy = this.value('busy');
      const noAnswer = this.value('no_answer');
      const failed = this.value('failed');
      await api.startCampaign({
        flow: outbound.name,
        count: this.value('count'),
        cps: this.value('cps'),
        concurrency: this.value('concurrency'),
        mix: { busy, no_answer: noAnswer, failed, answered: Math.max(0, 100 - busy - noAnswer - failed) },
      });
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  private render(progress: CampaignProgress): void {
    const finished = Object.values(progress.outcomes).reduce((sum, n) => sum + n, 0);
    this.start.disabled = !progress.done;
    this.summary.textContent =
      `${progress.id}: ${progress.done ? 'done' : 'running'} · ${finished}/${progress.total} finished · ` +
      `${progress.placed} calls placed · ${progress.active} in flight${progress.error ? ` · error: ${progress.error}` : ''}`;
    this.bar.setAttribute(
      'aria-valuenow',
      String(Math.round((finished / Math.max(1, progress.total)) * 100)),
    );
    this.bar.replaceChildren(
      ...OUTCOMES.filter((outcome) => (progress.outcomes[outcome] ?? 0) > 0).map((outcome) =>
        h('div', {
          class: `segment ${outcome}`,
          style: `width: ${((progress.outcomes[outcome] ?? 0) / Math.max(1, progress.total)) * 100}%`,
          title: `${outcome}: ${progress.outcomes[outcome]}`,
        }),
      ),
      h('div', {
        class: 'segment active',
        style: `width: ${(progress.active / Math.max(1, progress.total)) * 100}%`,
        title: `in flight: ${progress.active}`,
      }),
    );
    this.legend.replaceChildren(
      ...OUTCOMES.filter((outcome) => (progress.outcomes[outcome] ?? 0) > 0).map((outcome) =>
        h('span', { class: `chip ${outcome}` }, `${outcome.replace('_', ' ')} ${progress.outcomes[outcome]}`),
      ),
      ...(progress.active > 0 ? [h('span', { class: 'chip active' }, `in flight ${progress.active}`)] : []),
    );
  }
}
