/**
 * Drives one scripted inbound call on a simulator in another process, through its control API: places the call with
 * a silent caller, then watches the transcript and presses the next group of digits whenever a prompt that collects
 * digits starts — `--press 1,12345678,2` means "1" at the first menu, "12345678" at the second, "2" at the third.
 *
 * A JSON caller script cannot say "only prompts that collect digits" (its rules match a prompt's index, text or
 * URL), so the driver decides from the action that started each prompt. Like a person, it presses after the prompt
 * ends — its length estimated as the simulator plays it by default (`speechDurationMs`, `DEFAULT_PLAY_DURATION_MS`);
 * a simulator configured otherwise only makes the keys come early (barge-in) or late. Real clocks are polled every
 * `pollMs`; virtual clocks are advanced by the driver itself, `stepMs` at a time.
 *
 * @module
 */
import { DEFAULT_PLAY_DURATION_MS } from '@ivrkit/protocol';
import { type CallTranscript, speechDurationMs, type TranscriptEntry } from '@ivrkit/simulator';
import type { SimClient } from './sim-client.js';

/** Options of {@link driveCall}. */
export interface DriveOptions {
  to: string;
  from: string;
  /** Digit groups, one per collecting prompt. */
  presses: readonly string[];
  /** Real ms between transcript reads. Default 50. */
  pollMs?: number;
  /** Virtual clocks: simulated ms per step. Default 250. */
  stepMs?: number;
  /** Real ms after which the driver hangs up. Default 120,000. */
  timeoutMs?: number;
  /** Simulated ms between the end of a collecting prompt and the first key. Default 500. */
  pressAfterMs?: number;
  /** Told about each group pressed. */
  onPress?: (digits: string) => void;
}

/** What {@link driveCall} answers. */
export interface DriveResult {
  transcript: CallTranscript;
  /** Whether the call ended by itself (not by the driver's timeout). */
  ended: boolean;
  /** Groups pressed. */
  pressed: string[];
}

/**
 * Places and drives the call until it ends.
 *
 * @example
 * const { transcript } = await driveCall(createSimClient(url), { to: '15555551212', from: '15550001234', presses: ['1'] });
 */
export async function driveCall(sim: SimClient, options: DriveOptions): Promise<DriveResult> {
  const state = await sim.state();
  const virtual = state.clock === 'virtual';
  const pollMs = options.pollMs ?? 50;
  const stepMs = options.stepMs ?? 250;
  const pressAfterMs = options.pressAfterMs ?? 500;
  const until = performance.now() + (options.timeoutMs ?? 120_000);
  const call = await sim.placeCall({ to: options.to, from: options.from, caller: {} });
  const id = call.reference_id;
  const pressed: string[] = [];
  let seen = 0;
  let due: { digits: string; at: number } | undefined;
  for (;;) {
    const transcript = await sim.transcript(id);
    const fresh = transcript.entries.slice(seen);
    seen = transcript.entries.length;
    for (const [index, entry] of fresh.entries()) {
      if (entry.kind !== 'heard' || entry.party !== 'caller') continue;
      const before = transcript.entries.slice(0, seen - fresh.length + index);
      if (!collects(before)) continue;
      const digits = options.presses[pressed.length + (due ? 1 : 0)];
      if (digits !== undefined && !due) due = { digits, at: entry.at + promptMs(entry) + pressAfterMs };
    }
    const info = await sim.call(id);
    if (info.state === 'completed') return { transcript: await sim.transcript(id), ended: true, pressed };
    const now = (await sim.state()).now;
    if (due && now >= due.at) {
      const { digits } = due;
      due = undefined;
      pressed.push(digits);
      options.onPress?.(digits);
      // `w` waits half a second in a dialled string; here it only spaces the groups, so it is dropped.
      const keys = digits.replace(/w/g, '');
      if (keys) await sim.press(id, keys);
    }
    if (performance.now() > until) {
      await sim.hangup(id).catch(() => undefined);
      return { transcript: await sim.transcript(id), ended: false, pressed };
    }
    if (virtual) await sim.advance(stepMs);
    else await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** How long a heard prompt plays by the simulator's defaults. */
function promptMs(entry: Extract<TranscriptEntry, { kind: 'heard' }>): number {
  if (entry.text !== undefined) return speechDurationMs(entry.text);
  return Math.max(1, entry.urls.length) * DEFAULT_PLAY_DURATION_MS;
}

/** Whether the latest accepted prompt action before a `heard` entry collects digits. */
function collects(before: readonly TranscriptEntry[]): boolean {
  for (let i = before.length - 1; i >= 0; i--) {
    const entry = before[i];
    if (entry?.kind !== 'action' || !entry.accepted) continue;
    const method = entry.action.method;
    if (method !== 'speak' && method !== 'play' && method !== 'play_multiple') continue;
    return (entry.action.params as { collect_digits?: unknown }).collect_digits !== undefined;
  }
  return false;
}
