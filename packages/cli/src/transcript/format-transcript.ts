/**
 * A call's transcript as text a person reads: one line per thing that happened, with the time since the call
 * began — events TeleSign sent, actions the IVR answered with, prompts heard, keys pressed, the flow's states,
 * hang-ups — and a closing line with the outcome.
 *
 * @module
 */

import type { CallTranscript, TranscriptEntry } from '@ivrkit/simulator';
import type { StateChange } from '@ivrkit/softphone';

/** Options of {@link formatTranscript}. */
export interface FormatOptions {
  /** Flow state changes to merge in by time (from the demo's live feed). */
  states?: readonly StateChange[];
  /** Show every delivery attempt, not only the ones that did not simply succeed. Default false. */
  deliveries?: boolean;
  /** Prefix of every line. Default two spaces. */
  indent?: string;
}

type Line = { t: number; order: number; tag: string; text: string };

/**
 * Renders a transcript.
 *
 * @example
 * console.log(formatTranscript(sim.transcript(referenceId), { states }));
 * //   +0.00s  event   incoming_call from 15550001234
 * //   +0.00s  state   call.welcome
 * //   +0.00s  action  speak (collect 1 digit)
 * //   +0.00s  prompt  "Welcome to Example Bank. …"
 */
export function formatTranscript(transcript: CallTranscript, options: FormatOptions = {}): string {
  const indent = options.indent ?? '  ';
  const lines: Line[] = [];
  transcript.entries.forEach((entry, order) => {
    const rendered = renderEntry(entry, options.deliveries ?? false);
    if (rendered) lines.push({ t: entry.t, order, ...rendered });
  });
  for (const [index, change] of (options.states ?? []).entries()) {
    lines.push({
      t: change.at - transcript.created_at,
      order: transcript.entries.length + index,
      tag: 'state',
      text: change.state,
    });
  }
  lines.sort((a, b) => a.t - b.t || a.order - b.order);
  // Digits pressed in a row read as one line: "key  12345678".
  const merged: Line[] = [];
  for (const line of lines) {
    const last = merged.at(-1);
    if (last?.tag === 'key' && line.tag === 'key' && !/\(/.test(last.text + line.text))
      last.text += line.text;
    else merged.push({ ...line });
  }
  const header = `${indent}Call ${transcript.reference_id}  ${transcript.direction}  ${transcript.from} → ${transcript.to}`;
  const body = merged.map(
    (line) => `${indent}${seconds(line.t).padStart(9)}  ${line.tag.padEnd(6)}  ${line.text}`,
  );
  return [header, ...body, `${indent}${outcomeOf(transcript)}`].join('\n');
}

/**
 * The closing line: how and when the call ended, with the keys pressed.
 *
 * @example
 * outcomeOf(transcript); // 'Ended after 31.4 s: hangup. Keys pressed: 1 12345678 2.'
 */
export function outcomeOf(transcript: CallTranscript): string {
  const completed = transcript.entries.find(
    (entry) => entry.kind === 'event' && entry.event.event === 'call_completed',
  );
  const keys = transcript.entries.flatMap((entry) =>
    entry.kind === 'event' &&
    'collected_digits' in entry.event.data &&
    typeof entry.event.data.collected_digits === 'string' &&
    entry.event.data.collected_digits !== ''
      ? [entry.event.data.collected_digits]
      : [],
  );
  const pressed = keys.length > 0 ? ` Keys collected: ${keys.join(' ')}.` : '';
  if (completed?.kind !== 'event') return `Still in progress.${pressed}`;
  const status = 'status' in completed.event.data ? String(completed.event.data.status) : 'ended';
  return `Ended after ${(completed.t / 1000).toFixed(1)} s: ${status}.${pressed}`;
}

function renderEntry(entry: TranscriptEntry, deliveries: boolean): { tag: string; text: string } | undefined {
  switch (entry.kind) {
    case 'event': {
      const data = entry.event.data as Record<string, unknown>;
      const details: string[] = [];
      if (entry.event.event === 'incoming_call')
        details.push(`from ${String(data.from)} to ${String(data.to)}`);
      if (typeof data.status === 'string' && entry.event.event !== 'incoming_call') details.push(data.status);
      if (typeof data.collected_digits === 'string' && data.collected_digits !== '')
        details.push(`digits "${data.collected_digits}"`);
      return { tag: 'event', text: [entry.event.event, ...details].join('  ') };
    }
    case 'action': {
      const params = entry.action.params as Record<string, unknown>;
      const parts: string[] = [entry.action.method];
      const collect = params.collect_digits as { max?: unknown } | undefined;
      if (collect && typeof collect === 'object') {
        const max = Number(collect.max ?? 1);
        parts.push(`(collect ${max} digit${max === 1 ? '' : 's'})`);
      }
      if (entry.action.method === 'dial') parts.push(`to ${String(params.to)}`);
      if (!entry.accepted) parts.push(`REFUSED ${entry.status ?? ''} ${entry.message ?? ''}`.trim());
      return { tag: 'action', text: parts.join(' ') };
    }
    case 'heard':
      return {
        tag: entry.party === 'caller' ? 'prompt' : 'heard',
        text: entry.text !== undefined ? `"${entry.text}"` : entry.urls.join(', '),
      };
    case 'input':
      return { tag: 'key', text: `${entry.digit}${entry.party === 'callee' ? ' (callee)' : ''}` };
    case 'hangup':
      return { tag: 'hangup', text: `by ${entry.by}: ${entry.reason}` };
    case 'dtmf_sent':
      return { tag: 'dtmf', text: `${entry.digits} to ${entry.to}` };
    case 'note':
      return { tag: 'note', text: entry.message };
    case 'delivery':
      if (!deliveries && (entry.outcome === 'answered' || entry.outcome === 'sent_socket')) return undefined;
      return {
        tag: 'deliv',
        text: `${entry.outcome}${entry.attempt === undefined ? '' : ` (attempt ${entry.attempt})`}${entry.detail ? ` ${entry.detail}` : ''}`,
      };
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  return `+${(Math.max(0, ms) / 1000).toFixed(2)}s`;
}
