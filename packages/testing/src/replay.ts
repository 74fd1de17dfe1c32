/**
 * `replay`: re-runs a recorded {@link Cassette} against a flow (another version of it, usually) offline — the
 * real adapter app on a manual clock, its client captured — and reports where the actions differ from the
 * recording, event by event.
 *
 * @module
 */
import { createManualClock, createMemoryStore, createVoiceApp, silentLogger } from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import type { VoiceAction } from '@ivrkit/protocol';
import type { Cassette, CassetteCall } from './cassette.js';

/**
 * One place where the replayed flow did something else.
 *
 * @example
 * const d: ReplayDifference = { reference_id: 'A1', index: 2, event: 'speak_completed', expected: [hangup], actual: [speak] };
 */
export interface ReplayDifference {
  reference_id: string;
  /** 0-based index of the event in the call. */
  index: number;
  event: string;
  /** Digits the event carried, if any (for the message). */
  digits?: string;
  expected: VoiceAction[];
  actual: VoiceAction[];
}

/**
 * What {@link replay} found.
 *
 * @example
 * const { ok, differences }: ReplayReport = await replay(cassette, flow);
 */
export interface ReplayReport {
  flowId: string;
  ok: boolean;
  calls: number;
  events: number;
  differences: ReplayDifference[];
}

interface Group {
  event: NonNullable<CassetteCall['entries'][number]['event']>;
  at: number;
  actions: VoiceAction[];
}

function groups(call: CassetteCall): Group[] {
  const list: Group[] = [];
  for (const entry of call.entries) {
    if (entry.event) list.push({ event: entry.event, at: entry.at, actions: [...entry.actions] });
    else list[list.length - 1]?.actions.push(...entry.actions);
  }
  return list;
}

async function replayCall(
  flow: Flow,
  call: CassetteCall,
): Promise<{ events: number; differences: ReplayDifference[] }> {
  const recorded = groups(call);
  const clock = createManualClock(recorded[0]?.at ?? 0);
  let current: VoiceAction[] = [];
  const actual: VoiceAction[][] = [];
  const app = createVoiceApp({
    flow,
    client: {
      async sendAction(referenceId, action) {
        current.push(action);
        return { reference_id: referenceId, status: 'action_accepted' };
      },
      async dial() {
        throw new Error('replay places no calls');
      },
    },
    store: createMemoryStore(),
    verify: 'off',
    clock,
    logger: silentLogger,
    answerBudgetMs: 0,
    env: {},
  });
  for (const group of recorded) {
    await clock.advanceAsync(Math.max(0, group.at - clock.now()));
    current = [];
    actual.push(current);
    const response = await app.fetch(
      new Request('http://replay.ivrkit.test/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(group.event),
      }),
    );
    const text = await response.text();
    if (text.trim()) {
      const value = JSON.parse(text) as VoiceAction | VoiceAction[];
      current.unshift(...(Array.isArray(value) ? value : [value]));
    }
    await clock.advanceAsync(0);
  }
  await app.close();
  const differences: ReplayDifference[] = [];
  recorded.forEach((group, index) => {
    const got = actual[index] ?? [];
    if (JSON.stringify(got) === JSON.stringify(group.actions)) return;
    const difference: ReplayDifference = {
      reference_id: call.reference_id,
      index,
      event: group.event.event,
      expected: group.actions,
      actual: got,
    };
    const digits = (group.event.data as { collected_digits?: string }).collected_digits;
    if (digits !== undefined) difference.digits = digits;
    differences.push(difference);
  });
  return { events: recorded.length, differences };
}

/**
 * Replays every call of `cassette` against `flow` and reports the differences. Offline and in virtual time.
 *
 * @example
 * const report = await replay(JSON.parse(readFileSync('calls.cassette.json', 'utf8')), bankFlowV2);
 * console.log(formatReplay(report));
 */
export async function replay(cassette: Cassette, flow: Flow): Promise<ReplayReport> {
  const differences: ReplayDifference[] = [];
  let events = 0;
  for (const call of cassette.calls) {
    const result = await replayCall(flow, call);
    events += result.events;
    differences.push(...result.differences);
  }
  return { flowId: flow.id, ok: differences.length === 0, calls: cassette.calls.length, events, differences };
}

const describe = (actions: VoiceAction[]) =>
  actions.length === 0
    ? '(nothing)'
    : actions
        .map((a) =>
          a.method === 'speak'
            ? `speak "${a.params.tts.message}"`
            : a.method === 'dial'
              ? `dial ${a.params.to}`
              : a.method,
        )
        .join(', ');

/**
 * The report as text: one block per difference.
 *
 * @example
 * console.log(formatReplay(await replay(cassette, flow)));
 */
export function formatReplay(report: ReplayReport): string {
  const head = `${report.ok ? '✓' : '✗'} ${report.flowId}: ${report.calls} call(s), ${report.events} event(s) replayed, ${report.differences.length} difference(s)`;
  return [
    head,
    ...report.differences.map(
      (d) =>
        `  call ${d.reference_id}, event ${d.index + 1} (${d.event}${d.digits ? ` with "${d.digits}"` : ''}):\n` +
        `    recorded: ${describe(d.expected)}\n    now:      ${describe(d.actual)}`,
    ),
  ].join('\n');
}
