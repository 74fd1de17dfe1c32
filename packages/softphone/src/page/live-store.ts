/**
 * The page's model of the world, fed by the live feed (`LIVE_PATH`): flows, calls with their transcript entries
 * and flow states, campaign progress. Views subscribe and redraw.
 *
 * @module
 */
import {
  type CallView,
  type CampaignProgress,
  type FlowInfo,
  LIVE_PATH,
  type LiveMessage,
} from '../shared/live-protocol.js';

/** What changed, for subscribers that redraw only what they show. */
export type Change =
  | { type: 'hello' }
  | { type: 'call'; referenceId: string; created: boolean }
  | { type: 'entries'; referenceId: string; entries: CallView['entries'] }
  | { type: 'state'; referenceId: string }
  | { type: 'campaign'; progress: CampaignProgress }
  | { type: 'connection'; connected: boolean };

/** The store. */
export class LiveStore {
  flows: FlowInfo[] = [];
  softphoneNumber = '';
  campaigns = false;
  connected = false;
  readonly calls = new Map<string, CallView>();
  campaign: CampaignProgress | undefined;
  private readonly listeners = new Set<(change: Change) => void>();

  /** Listens to changes; returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The flow a call runs: the one named by its first state change, else the first of its direction. */
  flowOf(view: CallView | undefined): FlowInfo | undefined {
    const named = view?.states[0]?.flow;
    return (
      this.flows.find((flow) => flow.name === named) ??
      this.flows.find((flow) => flow.direction === (view?.call.direction ?? 'inbound')) ??
      this.flows[0]
    );
  }

  /** Calls, newest first. */
  recentCalls(): CallView[] {
    return [...this.calls.values()].sort((a, b) => b.created_at - a.created_at);
  }

  /** Applies one message of the feed. */
  apply(message: LiveMessage): void {
    switch (message.type) {
      case 'hello':
        this.flows = message.flows;
        this.softphoneNumber = message.softphoneNumber;
        this.campaigns = message.campaigns;
        this.calls.clear();
        for (const view of message.calls) this.calls.set(view.call.reference_id, view);
        this.emit({ type: 'hello' });
        return;
      case 'call': {
        const existing = this.calls.get(message.call.reference_id);
        if (existing) {
          existing.call = message.call;
          existing.created_at = message.created_at;
        } else
          this.calls.set(message.call.reference_id, {
            call: message.call,
            entries: [],
            states: [],
            created_at: message.created_at,
          });
        this.emit({ type: 'call', referenceId: message.call.reference_id, created: !existing });
        return;
      }
      case 'entries': {
        const view = this.calls.get(message.reference_id);
        if (!view) return;
        view.entries.push(...message.entries);
        this.emit({ type: 'entries', referenceId: message.reference_id, entries: message.entries });
        return;
      }
      case 'state': {
        const view = this.calls.get(message.reference_id);
        if (!view) return;
        view.states.push({ state: message.state, at: message.at, flow: message.flow });
        this.emit({ type: 'state', referenceId: message.reference_id });
        return;
      }
      case 'campaign':
        this.campaign = message.progress;
        this.emit({ type: 'campaign', progress: message.progress });
        return;
    }
  }

  /** Connects to the feed, reconnecting after a drop (the server re-sends everything on hello). */
  connect(url = new URL(LIVE_PATH, location.href.replace(/^http/, 'ws')).href): void {
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      this.connected = true;
      this.emit({ type: 'connection', connected: true });
    });
    socket.addEventListener('message', (event) => {
      try {
        this.apply(JSON.parse(String(event.data)) as LiveMessage);
      } catch (error) {
        console.error('live feed: bad message', error);
      }
    });
    socket.addEventListener('close', () => {
      if (this.connected) this.emit({ type: 'connection', connected: false });
      this.connected = false;
      setTimeout(() => this.connect(url), 1_000);
    });
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
