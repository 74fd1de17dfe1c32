/**
 * One transcript entry (or flow state change) as a short log line for the page: a kind the page colours and a
 * text. The CLI's `formatTranscript` renders the same entries for terminals.
 *
 * @module
 */
import type { StateChange, TranscriptEntryJson } from './live-protocol.js';

/** A log line. */
export interface LogLine {
  /** Ms since the call was created. */
  t: number;
  /** `event` (TeleSign → IVR), `action` (IVR → TeleSign), `prompt`, `key`, `state`, `hangup`, `delivery`, `note`. */
  kind: string;
  text: string;
}

/**
 * Describes an entry; `undefined` for entries not worth a line (a delivery that simply succeeded).
 *
 * @example
 * describeEntry({ kind: 'input', at: 0, t: 1200, party: 'caller', digit: '1' }); // { t: 1200, kind: 'key', text: '1' }
 */
export function describeEntry(entry: TranscriptEntryJson): LogLine | undefined {
  const line = (kind: string, text: string): LogLine => ({ t: entry.t, kind, text });
  switch (entry.kind) {
    case 'event': {
      const event = entry.event as { event: string; data?: Record<string, unknown> };
      const data = event.data ?? {};
      const parts = [event.event];
      if (typeof data.status === 'string' && event.event !== 'incoming_call') parts.push(data.status);
      if (typeof data.collected_digits === 'string' && data.collected_digits !== '')
        parts.push(`digits ${data.collected_digits}`);
      return line('event', parts.join(' · '));
    }
    case 'action': {
      const action = entry.action as { method: string; params?: Record<string, unknown> };
      const params = action.params ?? {};
      const parts = [action.method];
      const tts = params.tts as { language?: string } | undefined;
      if (tts?.language) parts.push(`(${tts.language})`);
      if (typeof params.url === 'string') parts.push(params.url);
      if (typeof params.to === 'string') parts.push(`to ${params.to}`);
      const collect = params.collect_digits as { max?: number } | undefined;
      if (collect) parts.push(`[collect ${collect.max ?? 1}]`);
      if (entry.accepted === false) parts.push(`refused: ${String(entry.status ?? '')}`);
      return line('action', parts.join(' '));
    }
    case 'heard':
      return line(
        'prompt',
        `${entry.party === 'callee' ? 'callee hears' : 'caller hears'} ${typeof entry.text === 'string' ? `“${entry.text}”` : String((entry.urls as string[] | undefined)?.join(', ') ?? '')}`,
      );
    case 'input':
      return line('key', `${entry.party === 'callee' ? 'callee' : 'caller'} pressed ${String(entry.digit)}`);
    case 'hangup':
      return line('hangup', `hung up by ${String(entry.by)} (${String(entry.reason)})`);
    case 'dtmf_sent':
      return line('action', `DTMF ${String(entry.digits)} sent to ${String(entry.to)}`);
    case 'note':
      return line('note', String(entry.message));
    case 'delivery':
      if (entry.outcome === 'answered' || entry.outcome === 'sent_socket') return undefined;
      return line(
        'delivery',
        `delivery ${String(entry.outcome)}${entry.detail ? `: ${String(entry.detail)}` : ''}`,
      );
    default:
      return line('note', entry.kind);
  }
}

/**
 * A state change as a log line, timed from the call's creation.
 *
 * @example
 * describeState({ state: 'call.welcome', at: 1_500, flow: 'bank' }, 0); // { t: 1500, kind: 'state', text: 'call.welcome' }
 */
export function describeState(change: StateChange, createdAt: number): LogLine {
  return { t: change.at - createdAt, kind: 'state', text: `→ ${change.state}` };
}
