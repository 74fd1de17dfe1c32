/**
 * The bank phone tree written by hand as one `switch`, for the benchmark's comparison: the same prompts, digits,
 * retries, lookup (with its timeout), transfers and hang-up as `examples/bank-phone-tree.ts`, with its state kept
 * as JSON the same way. No XState. `test/bench-equivalence.test.ts` checks that both send the same actions.
 */
import type { CollectDigits, VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import type { StepInput } from '../src/index.js';

/** The persisted state of one call. */
export interface SwitchState {
  node: string;
  noInput: number;
  invalid: number;
  seq: number;
  pending: string | null;
  answering: string | null;
  theirs: string;
  data: Record<string, string>;
  timers: Record<string, number>;
  done: boolean;
}

export interface SwitchResult {
  state: SwitchState;
  actions: VoiceAction[];
  lookups: Array<{ id: string; name: string; input: unknown }>;
  nextDeadline?: number;
}

const MENU = 'For your account balance, press 1. For card services, press 2. To speak to an agent, press 0.';
const CAP_MS = 14_400_000 + 60_000;
const speak = (message: string, collect?: CollectDigits): VoiceAction => ({
  method: 'speak',
  params: { tts: { message, language: 'en-US' }, ...(collect ? { collect_digits: collect } : {}) },
});
const one = { max: 1 };

interface Menu {
  prompt: string;
  options: Record<string, string>;
  noInput: [number, string | undefined, string];
  invalid: [number, string | undefined, string];
  collect: CollectDigits;
  validate?: (d: string) => boolean;
  saveAs?: string;
}

const MENUS: Record<string, Menu> = {
  welcome: {
    prompt: `Welcome to Example Bank. ${MENU}`,
    options: { 1: 'account', 2: 'cards', 0: 'connecting' },
    noInput: [2, `Sorry, I did not hear anything. ${MENU}`, 'goodbye'],
    invalid: [2, `Sorry, that is not an option. ${MENU}`, 'connecting'],
    collect: one,
  },
  main: {
    prompt: MENU,
    options: { 1: 'account', 2: 'cards', 0: 'connecting' },
    noInput: [2, undefined, 'goodbye'],
    invalid: [2, `Sorry, that is not an option. ${MENU}`, 'connecting'],
    collect: one,
  },
  anythingElse: {
    prompt: 'For the main menu, press 1. To end this call, press 2.',
    options: { 1: 'main', 2: 'goodbye' },
    noInput: [1, undefined, 'goodbye'],
    invalid: [1, undefined, 'goodbye'],
    collect: one,
  },
  cards: {
    prompt:
      'Card services. To report a lost or stolen card, press 1. To activate a new card, press 2. ' +
      'To return to the main menu, press star.',
    options: { 1: 'lostCard', 2: 'activateCard', '*': 'main' },
    noInput: [1, undefined, 'main'],
    invalid: [1, undefined, 'main'],
    collect: one,
  },
  account: {
    prompt: 'Please enter your eight digit account number.',
    options: { valid: 'fetchBalance' },
    noInput: [1, undefined, 'main'],
    invalid: [2, 'That is not a valid account number. Please enter eight digits.', 'connecting'],
    collect: { max: 8, inter_digit_timeout: 4_000 },
    validate: (d) => /^[0-9]{8}$/.test(d),
    saveAs: 'account',
  },
  activateCard: {
    prompt: 'Please enter the last four digits of your new card.',
    options: { valid: 'cardActivated' },
    noInput: [1, undefined, 'cards'],
    invalid: [1, undefined, 'cards'],
    collect: { max: 4 },
    validate: (d) => /^[0-9*#]{4}$/.test(d),
    saveAs: 'card',
  },
};

const SAYS: Record<string, [(d: Record<string, string>) => string, string]> = {
  readBalance: [
    (d) => `The balance of account ending ${String(d.account).slice(-4)} is ${d.balance} dollars.`,
    'anythingElse',
  ],
  balanceUnavailable: [
    () => 'Sorry, we cannot reach your account right now. Please try again later.',
    'anythingElse',
  ],
  cardActivated: [(d) => `Your card ending in ${d.card} is now active.`, 'anythingElse'],
  lostCard: [() => 'Please hold while we connect you to our card team.', 'cardTeam'],
  connecting: [() => 'Please hold while we connect you to an agent.', 'agent'],
  agentsBusy: [() => 'Sorry, all our agents are busy.', 'anythingElse'],
};
const TRANSFERS: Record<string, string> = { agent: '15550100000', cardTeam: '15550100001' };

/** Enters `node`, replying on `out`. */
function enter(s: SwitchState, node: string, now: number, out: SwitchResult): void {
  s.node = node;
  const menu = MENUS[node];
  if (menu) {
    s.noInput = 0;
    s.invalid = 0;
    out.actions.push(speak(menu.prompt, menu.collect));
    return;
  }
  const say = SAYS[node];
  if (say) {
    out.actions.push(speak(say[0](s.data)));
    return;
  }
  const to = TRANSFERS[node];
  if (to) {
    s.node = `${node}:dialing`;
    out.actions.push({ method: 'dial', params: { to, caller_id_number: s.theirs } });
    return;
  }
  switch (node) {
    case 'fetchBalance':
      s.seq += 1;
      s.pending = `balance#${s.seq}`;
      s.timers.lookup = now + 3_000;
      out.lookups.push({ id: s.pending, name: 'balance', input: { account: s.data.account ?? '' } });
      return;
    case 'goodbye':
      out.actions.push(speak('Thank you for calling Example Bank. Goodbye.'));
      return;
    case 'closing':
      out.actions.push({ method: 'hangup', params: {} });
      s.timers.closing = now + 60_000;
      return;
  }
}

function onDigits(s: SwitchState, digits: string, now: number, out: SwitchResult): void {
  const menu = MENUS[s.node];
  if (menu) {
    const target = menu.validate
      ? digits !== '' && menu.validate(digits)
        ? menu.options.valid
        : undefined
      : menu.options[digits];
    if (target) {
      if (menu.saveAs) s.data[menu.saveAs] = digits;
      enter(s, target, now, out);
      return;
    }
    const [rule, count] =
      digits === '' ? ([menu.noInput, 'noInput'] as const) : ([menu.invalid, 'invalid'] as const);
    if (s[count] < rule[0]) {
      s[count] += 1;
      out.actions.push(speak(rule[1] ?? menu.prompt, menu.collect));
      return;
    }
    enter(s, rule[2], now, out);
    return;
  }
  const say = SAYS[s.node];
  if (say) enter(s, say[1], now, out);
  else if (s.node === 'goodbye') enter(s, 'closing', now, out);
}

function finish(s: SwitchState): void {
  s.done = true;
  s.timers = {};
  s.pending = null;
}

/** One step of the hand-written bank flow. */
export function bankSwitchStep(prior: SwitchState | undefined, input: StepInput, now: number): SwitchResult {
  const s: SwitchState = prior
    ? { ...prior, data: { ...prior.data }, timers: { ...prior.timers } }
    : {
        node: 'idle',
        noInput: 0,
        invalid: 0,
        seq: 0,
        pending: null,
        answering: null,
        theirs: '',
        data: {},
        timers: {},
        done: false,
      };
  const out: SwitchResult = { state: s, actions: [], lookups: [] };
  if (s.done) return out;
  const event = 'event' in input ? (input as VoiceEvent) : undefined;
  if (event) s.answering = event.event;
  switch (event ? event.event : (input as Exclude<StepInput, VoiceEvent>).type) {
    case 'incoming_call':
      if (s.node === 'idle' && event?.event === 'incoming_call') {
        s.theirs = event.data.from;
        s.timers.cap = now + CAP_MS;
        enter(s, 'welcome', now, out);
      }
      break;
    case 'speak_completed':
    case 'play_completed':
      if (event?.event === 'speak_completed' || event?.event === 'play_completed') {
        onDigits(s, event.data.collected_digits, now, out);
      }
      break;
    case 'dial_completed':
      if (event?.event === 'dial_completed' && s.node.endsWith(':dialing')) {
        if (event.data.status === 'answered') s.node = s.node.replace(':dialing', ':bridged');
        else enter(s, 'agentsBusy', now, out);
      }
      break;
    case 'call_leg_completed':
      if (s.node.endsWith(':bridged')) enter(s, 'goodbye', now, out);
      break;
    case 'call_completed':
      finish(s);
      break;
    case 'lookup.done':
    case 'lookup.failed':
      if (!('event' in input) && input.type !== 'timer' && input.id === s.pending) {
        delete s.timers.lookup;
        s.pending = null;
        if (input.type === 'lookup.done') {
          s.data.balance = String(input.output);
          enter(s, 'readBalance', now, out);
        } else {
          enter(s, 'balanceUnavailable', now, out);
        }
      }
      break;
    case 'timer':
      for (const [id, at] of Object.entries(s.timers).sort((a, b) => a[1] - b[1])) {
        if (at > now) break;
        delete s.timers[id];
        if (id === 'lookup' && s.pending) {
          s.pending = null;
          enter(s, 'balanceUnavailable', now, out);
        } else if (id === 'cap' || id === 'closing') {
          finish(s);
        }
      }
      break;
  }
  if (out.actions.length) s.answering = null;
  const deadlines = Object.values(s.timers);
  if (deadlines.length) out.nextDeadline = Math.min(...deadlines);
  return out;
}
