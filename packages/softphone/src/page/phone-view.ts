/**
 * The phone: a number to call, a display with the prompt being played, a keypad (and the keyboard: 0-9 * #,
 * Enter to call, Escape to hang up), call / hang-up, "have the outbound flow call me", sound on/off, and the
 * transcript downloads of the last call.
 *
 * @module
 */
import type { CallView } from '../shared/live-protocol.js';
import * as api from './api.js';
import { dtmf, play, sound, speak, stopPrompt } from './audio.js';
import { h } from './dom.js';
import type { LiveStore } from './live-store.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const LETTERS: Record<string, string> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
};

/** The phone panel. */
export class PhoneView {
  /** The call this phone is on (placed here, or an outbound call to this phone), if any. */
  ownCall: string | undefined;
  private awaitingCallback = false;
  private spokenUpTo = new Map<string, number>();
  private typed = '';
  private readonly number: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly prompt: HTMLElement;
  private readonly digits: HTMLElement;
  private readonly callButton: HTMLButtonElement;
  private readonly hangupButton: HTMLButtonElement;
  private readonly callMe: HTMLButtonElement;
  private readonly downloads: HTMLElement;
  private readonly error: HTMLElement;
  private timer: ReturnType<typeof setInterval> | undefined;
  private connectedAt: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: LiveStore,
    private readonly onOwnCall: (referenceId: string) => void,
  ) {
    this.number = h('input', {
      id: 'dial-number',
      class: 'number',
      inputmode: 'tel',
      'aria-label': 'number to call',
    });
    this.status = h('div', { id: 'call-status', class: 'status' }, 'Connecting…');
    this.prompt = h('div', { id: 'prompt', class: 'prompt', 'aria-live': 'polite' });
    this.digits = h('div', { id: 'typed', class: 'typed' });
    this.callButton = h('button', { id: 'call', class: 'call', onclick: () => void this.call() }, 'Call');
    this.hangupButton = h(
      'button',
      { id: 'hangup', class: 'hangup', onclick: () => void this.hangup(), disabled: true },
      'Hang up',
    );
    this.callMe = h(
      'button',
      { id: 'call-me', class: 'secondary', onclick: () => void this.requestCallback() },
      'Have the reminder call me',
    );
    this.downloads = h('div', { id: 'downloads', class: 'downloads' });
    this.error = h('div', { class: 'error', role: 'alert' });
    const keypad = h(
      'div',
      { class: 'keypad' },
      ...KEYS.map((key) =>
        h(
          'button',
          { class: 'key', 'data-key': key, 'aria-label': `key ${key}`, onclick: () => void this.press(key) },
          h('span', { class: 'digit' }, key),
          h('span', { class: 'letters' }, LETTERS[key] ?? ''),
        ),
      ),
    );
    const soundToggle = h('input', {
      type: 'checkbox',
      checked: true,
      onchange: (event) => {
        sound.enabled = (event.target as HTMLInputElement).checked;
        if (!sound.enabled) stopPrompt();
      },
    });
    root.append(
      h('h2', {}, 'Phone'),
      h('label', { class: 'field' }, h('span', {}, 'Number'), this.number),
      h('div', { class: 'display' }, this.status, this.prompt, this.digits),
      keypad,
      h('div', { class: 'actions' }, this.callButton, this.hangupButton),
      this.callMe,
      h('label', { class: 'toggle' }, soundToggle, ' Voice the prompts (speech synthesis)'),
      this.error,
      this.downloads,
      h('p', { class: 'footnote' }, 'Keyboard: 0-9 * # press keys · Enter calls · Esc hangs up'),
    );
    document.addEventListener('keydown', (event) => this.onKey(event));
    store.subscribe((change) => {
      if (change.type === 'hello') this.onHello();
      if (change.type === 'call' && change.created) this.maybeAdopt(change.referenceId);
      if ((change.type === 'call' || change.type === 'entries') && change.referenceId === this.ownCall)
        this.refresh();
    });
  }

  private onHello(): void {
    const inbound = this.store.flows.find((flow) => flow.direction === 'inbound');
    if (!this.number.value) this.number.value = inbound?.number ?? '';
    this.callMe.hidden = !this.store.flows.some((flow) => flow.direction === 'outbound');
    this.refresh();
  }

  private maybeAdopt(referenceId: string): void {
    const view = this.store.calls.get(referenceId);
    if (!this.awaitingCallback || !view) return;
    if (view.call.direction === 'outbound' && view.call.to === this.store.softphoneNumber) {
      this.awaitingCallback = false;
      this.adopt(referenceId);
    }
  }

  private adopt(referenceId: string): void {
    this.ownCall = referenceId;
    this.connectedAt = undefined;
    this.typed = '';
    this.spokenUpTo.set(referenceId, 0);
    this.onOwnCall(referenceId);
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), 500);
  }

  private get view(): CallView | undefined {
    return this.ownCall === undefined ? undefined : this.store.calls.get(this.ownCall);
  }

  private get live(): boolean {
    const state = this.view?.call.state;
    return state !== undefined && state !== 'completed';
  }

  async call(): Promise<void> {
    if (this.live) return;
    this.error.textContent = '';
    try {
      const info = await api.placeCall(this.number.value.trim(), this.store.softphoneNumber);
      this.adopt(info.reference_id);
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  async hangup(): Promise<void> {
    const id = this.ownCall;
    stopPrompt();
    if (!id || !this.live) return;
    try {
      await api.hangup(id);
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  async press(key: string): Promise<void> {
    dtmf(key);
    const id = this.ownCall;
    if (!id || this.view?.call.state !== 'in_progress') return;
    this.typed += key;
    this.digits.textContent = this.typed;
    stopPrompt();
    try {
      await api.press(id, key);
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  private async requestCallback(): Promise<void> {
    const outbound = this.store.flows.find((flow) => flow.direction === 'outbound');
    if (!outbound || this.live) return;
    this.error.textContent = '';
    this.awaitingCallback = true;
    this.status.textContent = `Waiting for ${outbound.name} to call ${this.store.softphoneNumber}…`;
    try {
      await api.dialMe(outbound.name, this.store.softphoneNumber);
    } catch (error) {
      this.awaitingCallback = false;
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target instanceof HTMLInputElement && event.key !== 'Enter' && event.key !== 'Escape') return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (KEYS.includes(event.key)) {
      event.preventDefault();
      this.flash(event.key);
      void this.press(event.key);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void this.call();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      void this.hangup();
    }
  }

  private flash(key: string): void {
    const button = this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    button?.classList.add('pressed');
    setTimeout(() => button?.classList.remove('pressed'), 150);
  }

  /** Redraws the display from the call, and voices prompts not yet heard. */
  private refresh(): void {
    const view = this.view;
    const live = this.live;
    this.callButton.disabled = live || !this.store.connected;
    this.hangupButton.disabled = !live;
    this.callMe.disabled = live || this.awaitingCallback;
    if (!view) {
      if (!this.awaitingCallback) this.status.textContent = this.store.connected ? 'Ready' : 'Connecting…';
      return;
    }
    const party = view.call.direction === 'inbound' ? 'caller' : 'callee';
    const heard = view.entries.filter((entry) => entry.kind === 'heard' && entry.party === party);
    const last = heard.at(-1);
    const spoken = this.spokenUpTo.get(view.call.reference_id) ?? 0;
    if (last && heard.length > spoken) {
      this.spokenUpTo.set(view.call.reference_id, heard.length);
      const text = typeof last.text === 'string' ? last.text : undefined;
      this.prompt.textContent = text ?? `♪ ${(last.urls as string[] | undefined)?.join(', ') ?? ''}`;
      this.prompt.classList.remove('fresh');
      void this.prompt.offsetWidth;
      this.prompt.classList.add('fresh');
      this.typed = '';
      this.digits.textContent = '';
      if (live) {
        if (text !== undefined) speak(text, String(last.language ?? 'en-US'));
        else play((last.urls as string[] | undefined) ?? []);
      }
    }
    const other = view.call.direction === 'inbound' ? view.call.to : view.call.from;
    if (view.call.state === 'ringing')
      this.status.textContent = `${view.call.direction === 'inbound' ? 'Calling' : 'Incoming call from'} ${other}…`;
    else if (view.call.state === 'in_progress') {
      this.connectedAt ??= Date.now();
      this.status.textContent = `Connected to ${other} · ${clockText(Date.now() - this.connectedAt)}`;
    } else {
      clearInterval(this.timer);
      stopPrompt();
      this.status.textContent = `Call ended${view.call.status ? `: ${view.call.status}` : ''}`;
    }
    this.status.dataset.state = view.call.state;
    const urls = api.transcriptUrls(view.call.reference_id);
    this.downloads.replaceChildren(
      h('span', {}, 'Transcript: '),
      h('a', { id: 'download-txt', href: urls.text, download: `call-${view.call.reference_id}.txt` }, 'text'),
      ' · ',
      h(
        'a',
        { id: 'download-json', href: urls.json, download: `call-${view.call.reference_id}.json` },
        'JSON',
      ),
    );
  }
}

function clockText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
