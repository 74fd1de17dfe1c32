/**
 * The flow every figure runs: a bank-style inbound call of exactly six events — `incoming_call`, four
 * `speak_completed` and `call_completed` — with a menu, an account-number prompt, an inline lookup, a read-back
 * menu and a goodbye. No two events of a call have the same content (TeleSign's events carry no sequence number,
 * so a runtime must otherwise ask the Call Query API whether a repeat is a duplicate delivery). It is built with `@ivrkit/machines`' menu builder like a user's flow, so a figure measures
 * what a user's call costs, and the event count is fixed so "calls per second" means one thing.
 *
 * @module
 */
import { ask, defineFlow, type Flow, hangup, lookup, menu, say } from '@ivrkit/machines';
import type { CallerScript } from '@ivrkit/simulator';

/** Balances the lookup answers, by account. */
const BALANCES: Readonly<Record<string, string>> = { '12345678': '1,234.56', '87654321': '42.00' };

/**
 * The balance of `account` as the bench's lookup answers it: a known account's, or an error.
 *
 * @example
 * await benchBalance('12345678'); // '1,234.56'
 */
export async function benchBalance(account: string): Promise<string> {
  const balance = BALANCES[account];
  if (balance === undefined) throw new Error('unknown account');
  return balance;
}

/**
 * What a variant of the bench flow changes (the reliability suite's multi-process test makes one lookup hang).
 *
 * @example
 * const options: BenchFlowOptions = { id: 'variant', lookupTimeoutMs: 5_000 };
 */
export interface BenchFlowOptions {
  /** The flow's id. Default `bench-balance`. */
  id?: string;
  /** The balance lookup's timeout. Default 3,000 ms. */
  lookupTimeoutMs?: number;
  /** Answers the balance lookup. Default {@link benchBalance}. */
  balance?: (account: string, signal: AbortSignal) => Promise<string>;
}

/**
 * Builds the six-event bench flow.
 *
 * @example
 * const app = createVoiceApp({ flow: createBenchFlow(), client, store });
 */
export function createBenchFlow(options: BenchFlowOptions = {}): Flow {
  const balance = options.balance ?? benchBalance;
  return defineFlow({
    id: options.id ?? 'bench-balance',
    version: 1,
    direction: 'inbound',
    language: 'en-US',
    callerId: 'caller',
    start: 'welcome',
    lookups: {
      balance: (input, { signal }) => balance(String((input as { account?: unknown }).account), signal),
    },
    nodes: {
      welcome: menu({
        prompt: 'Welcome to Example Bank. For your balance, press 1.',
        options: { 1: 'account' },
        noInput: { retries: 1, next: 'goodbye' },
        invalid: { retries: 1, next: 'goodbye' },
      }),
      account: ask({
        prompt: 'Please enter your eight digit account number.',
        min: 8,
        max: 8,
        saveAs: 'account',
        next: 'fetchBalance',
        noInput: { retries: 1, next: 'goodbye' },
        invalid: { retries: 1, next: 'goodbye' },
      }),
      fetchBalance: lookup({
        name: 'balance',
        input: (data) => ({ account: data.account ?? '' }),
        timeoutMs: options.lookupTimeoutMs ?? 3_000,
        saveAs: 'balance',
        next: 'readBalance',
        onError: 'sorry',
      }),
      readBalance: menu({
        prompt: (d) => `Your balance is ${d.balance} dollars. To hear it again, press 1. To end, press 2.`,
        options: { 1: 'readBalance', 2: 'goodbye' },
        noInput: { retries: 1, next: 'goodbye' },
        invalid: { retries: 1, next: 'goodbye' },
      }),
      sorry: say({ prompt: 'Sorry, we cannot find that account.', next: 'goodbye' }),
      goodbye: hangup({ prompt: 'Thank you for calling. Goodbye.' }),
    },
  });
}

/**
 * The caller of every bench call: presses 1 at the menu, then an account number, then 2 to end.
 *
 * @example
 * sim.placeInboundCall({ to, from, caller: benchCaller('12345678') });
 */
export function benchCaller(account = '12345678'): CallerScript {
  return {
    rules: [
      { prompt: 1, press: '1', afterMs: 300 },
      { prompt: 2, press: account, afterMs: 500, digitGapMs: 200 },
      { prompt: 3, press: '2', afterMs: 200 },
    ],
  };
}

/** Events in one bench call. */
export const EVENTS_PER_CALL = 6;

/**
 * The outbound flow of the campaign figure: a one-prompt reminder, then hang up (`dial_completed`,
 * `speak_completed`, `call_completed`).
 *
 * @example
 * const app = createVoiceApp({ flow: createReminderFlow(), client, store });
 */
export function createReminderFlow(): Flow {
  return defineFlow({
    id: 'bench-reminder',
    version: 1,
    direction: 'outbound',
    language: 'en-US',
    start: 'notice',
    nodes: {
      notice: hangup({ prompt: 'This is a reminder of your appointment tomorrow at nine. Goodbye.' }),
    },
  });
}
