/**
 * The flow of the multi-process test: the bench's bank flow, except that the balance of account `99990000` never
 * comes back — its lookup hangs until the flow's own 5 s lookup timer fires and the caller hears "Sorry…". Those
 * timers are armed by whichever process stepped the account number, so killing a process strands timers that
 * another process must fire. `ivrkit serve` loads this module (its `flow` export).
 *
 * @module
 */
import { ask, defineFlow, type Flow, hangup, lookup, menu, say } from '@ivrkit/machines';

/** The account whose lookup never answers. */
export const HANGING_ACCOUNT = '99990000';

const BALANCES: Readonly<Record<string, string>> = { '12345678': '1,234.56', '87654321': '42.00' };

/** Waits until `signal` aborts (the runtime aborts a lookup its flow stopped waiting for). */
function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
}

export const flow: Flow = defineFlow({
  id: 'multi-process-bank',
  version: 1,
  direction: 'inbound',
  language: 'en-US',
  callerId: 'caller',
  start: 'welcome',
  lookups: {
    balance: async (input, { signal }) => {
      const account = String((input as { account?: unknown }).account);
      if (account === HANGING_ACCOUNT) return never(signal);
      const balance = BALANCES[account];
      if (balance === undefined) throw new Error('unknown account');
      return balance;
    },
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
      timeoutMs: 5_000,
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
