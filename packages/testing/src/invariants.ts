/**
 * The built-in invariants every call of every flow must keep, and the shape of user invariants. Each judges one
 * {@link CaseRun} (and, for the fault invariant, the same scenario run without faults).
 *
 * @module
 */
import { MAX_CALL_DURATION_SECONDS, type VoiceAction } from '@ivrkit/protocol';
import type { CaseRun } from './run-scenario.js';
import type { TraceStep } from './trace.js';

/**
 * A user invariant: a plain function of the run (its transcript, steps, end). Return `false` or a message — or
 * throw — to fail; return nothing or `true` to pass.
 *
 * @example
 * const noTransferAtNight: UserInvariant = (run) =>
 *   !run.transcript.entries.some((e) => e.kind === 'action' && e.action.method === 'dial') || 'transferred';
 */
export type UserInvariant = (run: CaseRun) => boolean | string | undefined;

/**
 * The names of the built-in invariants.
 *
 * @example
 * const skip: BuiltinInvariant[] = ['fault-tolerance'];
 */
export type BuiltinInvariant =
  | 'call-ends'
  | 'no-action-after-end'
  | 'allowed-replies'
  | 'flow-errors'
  | 'bounded-retries'
  | 'input-paths'
  | 'fault-tolerance';

/**
 * Every built-in invariant, in the order they are checked.
 *
 * @example
 * const all = BUILTIN_INVARIANTS.filter((name) => name !== 'bounded-retries');
 */
export const BUILTIN_INVARIANTS: readonly BuiltinInvariant[] = [
  'call-ends',
  'no-action-after-end',
  'allowed-replies',
  'flow-errors',
  'bounded-retries',
  'input-paths',
  'fault-tolerance',
];

/**
 * A broken invariant.
 *
 * @example
 * const f: InvariantFailure = { invariant: 'call-ends', message: 'the call was still up after 30 min in call.main' };
 */
export interface InvariantFailure {
  invariant: string;
  message: string;
}

/**
 * Options the built-in invariants read.
 *
 * @example
 * const options: InvariantOptions = { maxRetries: 3, capSeconds: 600 };
 */
export interface InvariantOptions {
  /**
   * Most re-prompts of one state in a row on silence or bad input: one number for every state, or a limit per
   * state path (states not listed get 5). Default 5.
   */
  maxRetries?: number | Readonly<Record<string, number>>;
  /** The call's cap in seconds. Default 14,400 (TeleSign's four hours). */
  capSeconds?: number;
}

/** The caller of a run in a few words: what it keeps pressing. */
function callerOf(run: CaseRun): string {
  const pressed = [...new Set(run.steps.map((s) => s.digits).filter((d): d is string => !!d))];
  return pressed.length ? `pressing ${pressed.map((d) => `"${d}"`).join(', ')}` : 'silent';
}

const lastState = (run: CaseRun) => run.steps[run.steps.length - 1]?.after ?? 'its start';

function callEnds(run: CaseRun, options: InvariantOptions): string | undefined {
  const cap = (options.capSeconds ?? MAX_CALL_DURATION_SECONDS) * 1000;
  if (run.outcome === 'bound')
    return `the call was still up at the ${Math.round(run.durationMs / 60_000)}-minute limit, in ${lastState(run)}: the flow never ends it`;
  if (run.outcome === 'looping') {
    const silent = run.steps.every((s) => !s.digits);
    return silent
      ? `the flow kept prompting a silent caller (${run.steps.length} steps, in ${lastState(run)}) and never ended the call: a loop`
      : `the flow kept the caller on the line for ${run.steps.length} steps (${callerOf(run)}), in ${lastState(run)}, and never ended the call: a loop`;
  }
  if (run.outcome === 'stalled')
    return `nothing was left to happen but the call was not over, in ${lastState(run)} (dead air)`;
  if (run.callStatus === undefined) return `no call_completed arrived (flow state ${lastState(run)})`;
  if (run.callStatus === 'max_duration_reached' || run.durationMs > cap)
    return `the call ran into its ${cap / 1000} s cap, in ${lastState(run)}`;
  // The adapter never starts a flow on call_completed (see notStarted): a call over before its flow began is over.
  if (run.end === undefined && run.steps.length > 0)
    return `call_completed arrived but the flow did not end (in ${lastState(run)})`;
  return undefined;
}

/** Sequences of events the simulator delivered twice (their second answer repeats the first, by design). */
function duplicated(run: CaseRun): Set<number> {
  const seqs = new Set<number>();
  for (const e of run.transcript.entries)
    if (e.kind === 'delivery' && e.outcome === 'duplicated') seqs.add(e.sequence);
  return seqs;
}

/**
 * Actions after the end: anything the flow sends (or answers) once the app has been told the call ended — that is,
 * after `call_completed` was delivered. An action racing an end the app did not know of yet (the caller hung up
 * while an event or a lookup was in flight) is refused by TeleSign and is not the flow's fault.
 */
function noActionAfterEnd(run: CaseRun): string | undefined {
  const copies = duplicated(run);
  const entries = run.transcript.entries;
  const completed = entries.find((e) => e.kind === 'event' && e.event.event === 'call_completed');
  const sequence = completed?.kind === 'event' ? completed.sequence : undefined;
  let known = false;
  for (const entry of entries) {
    if (entry.kind === 'delivery' && entry.sequence === sequence && entry.outcome === 'answered')
      known = true;
    if (!known) continue;
    if (entry.kind === 'action')
      return `"${entry.action.method}" was sent after the flow was told the call had ended`;
    if (entry.kind === 'note' && entry.message.includes('after the call ended')) {
      const answered = Number(/event (\d+)/.exec(entry.message)?.[1]);
      if (!copies.has(answered)) return entry.message;
    }
  }
  for (const step of run.steps) {
    if (step.input === 'call_completed' && step.actions.length > 0)
      return `the flow answered call_completed with "${step.actions[0]?.method}"`;
  }
  return undefined;
}

function allowedReplies(run: CaseRun): string | undefined {
  const v = run.violations[0];
  return v ? `${v.kind} after ${v.event} (event ${v.sequence}): ${v.message}` : undefined;
}

function flowErrors(run: CaseRun): string | undefined {
  const errors = run.adapterErrors.filter(
    (e) =>
      (e.startsWith('error:') || e.includes('does not allow')) &&
      // An action refused because the call ended before the app heard of it: a race, judged by no-action-after-end.
      !(e.includes('could not be sent') && e.includes('the call has ended')),
  );
  return errors.length ? errors.join('; ') : undefined;
}

const isPromptDone = (step: TraceStep) => step.input === 'speak_completed' || step.input === 'play_completed';
const retried = (before: TraceStep | undefined, step: TraceStep) =>
  ['noInput', 'invalid'].some((k) => (step.counters[k] ?? 0) > (before?.counters[k] ?? 0));

function boundedRetries(run: CaseRun, options: InvariantOptions): string | undefined {
  const limitOf = (state: string) =>
    typeof options.maxRetries === 'number' ? options.maxRetries : (options.maxRetries?.[state] ?? 5);
  let streak = 0;
  let previous: TraceStep | undefined;
  for (const step of run.steps) {
    const repeat =
      isPromptDone(step) &&
      step.before === step.after &&
      !step.done &&
      step.actions.length > 0 &&
      (step.digits === '' || retried(previous, step));
    streak = repeat ? streak + 1 : 0;
    const limit = limitOf(step.after);
    if (streak > limit)
      return `${step.after} re-prompted ${streak} times in a row on ${step.digits === '' ? 'silence' : 'bad input'} (limit ${limit}): retries past their bound`;
    previous = step;
  }
  return undefined;
}

function collectedDigits(action: VoiceAction | undefined): boolean {
  return !!action && 'params' in action && !!(action.params as { collect_digits?: unknown }).collect_digits;
}

function inputPaths(run: CaseRun): string | undefined {
  let asked = false;
  for (const step of run.steps) {
    if (
      isPromptDone(step) &&
      asked &&
      !step.done &&
      step.actions.length === 0 &&
      step.before === step.after
    ) {
      const what = step.digits === '' ? 'no input (silence)' : `invalid input "${step.digits}"`;
      const path = step.digits === '' ? 'no-input' : 'invalid-input';
      return `${step.after} waits for digits but has no ${path} path: on ${what} the flow said nothing`;
    }
    if (step.actions.length > 0) asked = collectedDigits(step.actions[step.actions.length - 1]);
  }
  return undefined;
}

/**
 * The end of a run for comparisons. Work-around for adapter-http: when `call_completed` reaches the app before the
 * call's first event (a reordered `incoming_call` / `dial_completed`), the runtime marks the call ended without
 * ever stepping the flow, so the flow reports no end at all. Such a run counts as ending the way the flow ends a
 * call that is over before it starts (`caller_hung_up` inbound, `not_answered` outbound).
 */
function endOf(run: CaseRun): string | null {
  if (run.end !== undefined) return run.end;
  if (run.steps.length === 0 && run.callStatus !== undefined)
    return run.direction === 'inbound' ? 'caller_hung_up' : 'not_answered';
  return null;
}

/**
 * What happened on the line, in order: the events TeleSign emitted (with the digits they carried) and the actions
 * it accepted. Deliveries are not in it: a duplicate or late delivery must not change this.
 *
 * @example
 * exchangeSignature(run); // ['event incoming_call', 'action {"method":"speak",…}', …]
 */
export function exchangeSignature(run: CaseRun): string[] {
  const list: string[] = [];
  for (const e of run.transcript.entries) {
    if (e.kind === 'event') {
      const digits = (e.event.data as { collected_digits?: string }).collected_digits;
      list.push(`event ${e.event.event}${digits ? ` "${digits}"` : ''}`);
    } else if (e.kind === 'action' && e.accepted) list.push(`action ${JSON.stringify(e.action)}`);
  }
  return list;
}

/**
 * Duplicate and late deliveries must not change what the flow does. The faulty run and the clean run are compared
 * step by step: where an *action* first differs (or is missing), the flow reacted differently to the same line —
 * a failure. Where an *event* first differs or stands against an action, the world itself diverged (a late event
 * moved a prompt, so a keypress or a hang-up landed elsewhere): the runs are no longer comparable, and that is no
 * failure.
 */
function faultTolerance(run: CaseRun, baseline: CaseRun | undefined): string | undefined {
  if (!baseline) return undefined;
  const faulty = exchangeSignature(run);
  const clean = exchangeSignature(baseline);
  const n = Math.max(faulty.length, clean.length);
  for (let i = 0; i < n; i++) {
    const a = faulty[i];
    const b = clean[i];
    if (a === b) continue;
    // An event on either side: the world moved differently (a keypress or a hang-up landed before a late answer).
    if (a?.startsWith('event') || b?.startsWith('event')) return undefined;
    return `with faults ${JSON.stringify(run.scenario.faults)}, step ${i + 1} was ${a ?? '(nothing)'}; without faults it was ${b ?? '(nothing)'}`;
  }
  if (endOf(run) !== endOf(baseline))
    return `with faults the flow ended "${endOf(run)}", without "${endOf(baseline)}"`;
  return undefined;
}

/**
 * Checks a run against the built-in invariants (minus `skip`) and the user's.
 *
 * @example
 * const failures = judge(run, { baseline, user: { polite: (r) => r.end !== 'caller_hung_up' || 'hung up on' } });
 */
export function judge(
  run: CaseRun,
  options: InvariantOptions & {
    baseline?: CaseRun;
    skip?: readonly BuiltinInvariant[];
    user?: Readonly<Record<string, UserInvariant>>;
  } = {},
): InvariantFailure[] {
  const checks: Record<BuiltinInvariant, () => string | undefined> = {
    'call-ends': () => callEnds(run, options),
    'no-action-after-end': () => noActionAfterEnd(run),
    'allowed-replies': () => allowedReplies(run),
    'flow-errors': () => flowErrors(run),
    'bounded-retries': () => boundedRetries(run, options),
    'input-paths': () => inputPaths(run),
    'fault-tolerance': () => faultTolerance(run, options.baseline),
  };
  const failures: InvariantFailure[] = [];
  for (const name of BUILTIN_INVARIANTS) {
    if (options.skip?.includes(name)) continue;
    const message = checks[name]();
    if (message) failures.push({ invariant: name, message });
  }
  for (const [name, check] of Object.entries(options.user ?? {})) {
    try {
      const verdict = check(run);
      if (verdict === false) failures.push({ invariant: name, message: 'returned false' });
      else if (typeof verdict === 'string') failures.push({ invariant: name, message: verdict });
    } catch (error) {
      failures.push({ invariant: name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}
