/**
 * A call as the person on the line lives it — what they hear, what they press, where they are transferred, who
 * hangs up — read from the simulator's transcript of a {@link runScenario} run. The lines a generated path test
 * asserts and a call script for sign-off prints.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { VoiceAction } from '@ivrkit/protocol';
import type { TranscriptEntry } from '@ivrkit/simulator';
import { type CaseRun, type RunScenarioOptions, runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * One moment of a call, as the caller lives it. `state` is the flow's node that played a prompt (its last path
 * segment, `welcome`), when known.
 *
 * @example
 * const step: CallStep = { kind: 'hears', text: 'Welcome to Example Bank.', state: 'welcome' };
 */
export type CallStep =
  | { kind: 'hears'; text?: string; urls: string[]; state?: string }
  | { kind: 'presses'; digits: string }
  | { kind: 'silent' }
  | { kind: 'transfer'; to: string; outcome?: string }
  | { kind: 'hangs-up'; by: 'caller' | 'ivr' | 'other' }
  | { kind: 'ends'; status: string };

/**
 * A step as one line: `hears: "…"`, `presses: 1`, `stays silent`, `transferred to 15550100000: answered`,
 * `the IVR hangs up`, `call ends: hangup`.
 *
 * @example
 * formatCallStep({ kind: 'presses', digits: '1' }); // 'presses: 1'
 */
export function formatCallStep(step: CallStep): string {
  switch (step.kind) {
    case 'hears':
      return step.text !== undefined
        ? `hears: ${JSON.stringify(step.text)}`
        : `hears: ${step.urls.join(' + ')}`;
    case 'presses':
      return `presses: ${step.digits}`;
    case 'silent':
      return 'stays silent';
    case 'transfer':
      return `transferred to ${step.to}${step.outcome ? `: ${step.outcome}` : ''}`;
    case 'hangs-up':
      return step.by === 'caller'
        ? 'the caller hangs up'
        : step.by === 'ivr'
          ? 'the IVR hangs up'
          : 'the other party hangs up';
    case 'ends':
      return `call ends: ${step.status}`;
  }
}

const PROMPTS = new Set(['speak', 'play', 'play_multiple']);

function collects(action: VoiceAction): boolean {
  return 'params' in action && (action.params as { collect_digits?: unknown }).collect_digits !== undefined;
}

/**
 * The node that played each prompt, in order: the state the flow was in after the step that sent it.
 *
 * @example
 * promptStates(run); // ['welcome', 'account', 'readBalance', …]
 */
export function promptStates(run: CaseRun): string[] {
  const states: string[] = [];
  for (const step of run.steps) {
    const node = step.after.split(',')[0]?.split('.').pop() ?? step.after;
    for (const action of step.actions) if (PROMPTS.has(action.method)) states.push(node);
  }
  return states;
}

/**
 * The caller's side of a run, step by step (delivery details, callee prompts and internal events left out).
 *
 * @example
 * const steps = callSteps(await runScenario(bankFlow, scenario));
 */
export function callSteps(run: CaseRun): CallStep[] {
  const states = promptStates(run);
  const steps: CallStep[] = [];
  let lastPrompt: VoiceAction | undefined;
  let pending: { kind: 'presses'; digits: string } | undefined;
  let transfer: Extract<CallStep, { kind: 'transfer' }> | undefined;
  let heard = 0;
  const flush = () => {
    if (pending) steps.push(pending);
    pending = undefined;
  };
  for (const entry of run.transcript.entries as TranscriptEntry[]) {
    switch (entry.kind) {
      case 'heard': {
        if (entry.party !== 'caller') break;
        flush();
        const state = states[heard++];
        steps.push({
          kind: 'hears',
          ...(entry.text !== undefined ? { text: entry.text } : {}),
          urls: entry.urls,
          ...(state !== undefined ? { state } : {}),
        });
        break;
      }
      case 'input':
        if (entry.party !== 'caller') break;
        pending ??= { kind: 'presses', digits: '' };
        pending.digits += entry.digit;
        break;
      case 'action':
        if (!entry.accepted) break;
        if (PROMPTS.has(entry.action.method)) lastPrompt = entry.action;
        if (entry.action.method === 'dial') {
          flush();
          transfer = { kind: 'transfer', to: (entry.action.params as { to: string }).to };
          steps.push(transfer);
        }
        break;
      case 'event': {
        const { event, data } = entry.event as { event: string; data: Record<string, unknown> };
        if (event === 'speak_completed' || event === 'play_completed') {
          flush();
          if (lastPrompt && collects(lastPrompt) && data.collected_digits === '')
            steps.push({ kind: 'silent' });
          lastPrompt = undefined;
        } else if (event === 'dial_completed' && transfer && transfer.outcome === undefined) {
          transfer.outcome = String(data.status);
        } else if (event === 'call_completed') {
          flush();
          steps.push({ kind: 'ends', status: String(data.status) });
        }
        break;
      }
      case 'hangup':
        flush();
        steps.push({
          kind: 'hangs-up',
          by: entry.by === 'caller' ? 'caller' : entry.by === 'customer' ? 'ivr' : 'other',
        });
        break;
      default:
        break;
    }
  }
  flush();
  return steps;
}

/**
 * Runs `scenario` of `flow` through the simulator and the real adapter app, in virtual time ({@link runScenario}),
 * and answers the call as its lines ({@link formatCallStep}). What a generated path test asserts.
 *
 * @example
 * expect(await callScript(bankFlow, { caller: { rules: [{ prompt: 1, press: '0' }] } })).toEqual([
 *   'hears: "Welcome to Example Bank. …"', 'presses: 0', …
 * ]);
 */
export async function callScript(
  flow: Flow,
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<string[]> {
  const run = await runScenario(flow, scenario, options);
  return callSteps(run).map(formatCallStep);
}
