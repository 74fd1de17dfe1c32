/**
 * Example 1 — a bank's inbound phone tree: balance lookup read back (with a timeout and a "sorry" path), card
 * services sub-menu, transfer to an agent, no-input and invalid-input handling, goodbye.
 *
 * @module
 */
import { defineFlow } from '../builder/define-flow.js';
import { ask, hangup, lookup, menu, say, transfer } from '../builder/node-builders.js';
import type { Flow } from '../core/flow.js';

/**
 * Where the bank flow reads balances. Inject a real one; {@link createFakeBank} is deterministic and offline.
 *
 * @example
 * const bank: BankDataSource = { balance: async (account, signal) => (await api.get(`/accounts/${account}`, { signal })).balance };
 */
export interface BankDataSource {
  /** The balance of `account`, formatted for speech (`"1,234.56"`). Rejects for an unknown account. */
  balance(account: string, signal: AbortSignal): Promise<string>;
}

/**
 * Options of {@link createFakeBank}.
 *
 * @example
 * const options: FakeBankOptions = { accounts: { '12345678': '1,234.56' }, unavailable: ['87654321'] };
 */
export interface FakeBankOptions {
  /** Account number → balance. */
  accounts?: Readonly<Record<string, string>>;
  /** Accounts whose lookup rejects (the data source is down for them). */
  unavailable?: readonly string[];
  /** Accounts whose lookup never settles until aborted (exercises the lookup timeout). */
  hanging?: readonly string[];
}

/**
 * The fake bank's default accounts.
 *
 * @example
 * FAKE_ACCOUNTS['12345678']; // '1,234.56'
 */
export const FAKE_ACCOUNTS: Readonly<Record<string, string>> = {
  '12345678': '1,234.56',
  '11112222': '0.00',
  '55556666': '98,765.43',
};

/**
 * A deterministic, offline {@link BankDataSource}: answers at once from a table; no timers, no network.
 *
 * @example
 * const bank = createFakeBank({ hanging: ['99999999'] });
 * await bank.balance('12345678', new AbortController().signal); // '1,234.56'
 */
export function createFakeBank(options: FakeBankOptions = {}): BankDataSource {
  const accounts = options.accounts ?? FAKE_ACCOUNTS;
  return {
    balance(account, signal) {
      if (options.hanging?.includes(account)) {
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      }
      if (options.unavailable?.includes(account))
        return Promise.reject(new Error('core banking unavailable'));
      const balance = accounts[account];
      return balance === undefined ? Promise.reject(new Error('unknown account')) : Promise.resolve(balance);
    },
  };
}

/**
 * Options of {@link createBankFlow}.
 *
 * @example
 * const options: BankFlowOptions = { bank: createFakeBank(), agentNumber: '15550100000' };
 */
export interface BankFlowOptions {
  bank?: BankDataSource;
  /** Where "speak to an agent" transfers. */
  agentNumber?: string;
  /** Where a lost card transfers. */
  cardTeamNumber?: string;
  /** Milliseconds the balance lookup may take. Default 3000. */
  balanceTimeoutMs?: number;
}

const MAIN_MENU =
  'For your account balance, press 1. For card services, press 2. To speak to an agent, press 0.';

/**
 * Builds the bank phone tree around a data source.
 *
 * @example
 * const flow = createBankFlow({ bank: createFakeBank({ unavailable: ['12345678'] }) });
 */
export function createBankFlow(options: BankFlowOptions = {}): Flow {
  const bank = options.bank ?? createFakeBank();
  return defineFlow({
    id: 'bank-phone-tree',
    version: 1,
    direction: 'inbound',
    language: 'en-US',
    callerId: 'caller',
    start: 'welcome',
    lookups: {
      balance: (input, { signal }) => bank.balance(String((input as { account: string }).account), signal),
    },
    nodes: {
      welcome: menu({
        prompt: `Welcome to Example Bank. ${MAIN_MENU}`,
        options: { 1: 'account', 2: 'cards', 0: 'connecting' },
        noInput: { retries: 2, prompt: `Sorry, I did not hear anything. ${MAIN_MENU}`, next: 'goodbye' },
        invalid: { retries: 2, prompt: `Sorry, that is not an option. ${MAIN_MENU}`, next: 'connecting' },
      }),
      main: menu({
        prompt: MAIN_MENU,
        options: { 1: 'account', 2: 'cards', 0: 'connecting' },
        noInput: { retries: 2, next: 'goodbye' },
        invalid: { retries: 2, prompt: `Sorry, that is not an option. ${MAIN_MENU}`, next: 'connecting' },
      }),
      account: ask({
        prompt: 'Please enter your eight digit account number.',
        min: 8,
        max: 8,
        interDigitTimeout: 4_000,
        validate: (digits) => /^[0-9]{8}$/.test(digits),
        saveAs: 'account',
        next: 'fetchBalance',
        noInput: { retries: 1, next: 'main' },
        // Three wrong account numbers in all (a return through the main menu does not reset the count): an agent.
        invalid: {
          retries: 2,
          prompt: 'That is not a valid account number. Please enter eight digits.',
          next: 'connecting',
        },
      }),
      fetchBalance: lookup({
        name: 'balance',
        input: (data) => ({ account: data.account ?? '' }),
        timeoutMs: options.balanceTimeoutMs ?? 3_000,
        saveAs: 'balance',
        next: 'readBalance',
        onError: 'balanceUnavailable',
      }),
      readBalance: say({
        prompt: (d) =>
          `The balance of account ending ${String(d.account).slice(-4)} is ${d.balance} dollars.`,
        next: 'anythingElse',
      }),
      balanceUnavailable: say({
        prompt: 'Sorry, we cannot reach your account right now. Please try again later.',
        next: 'anythingElse',
      }),
      anythingElse: menu({
        prompt: 'For the main menu, press 1. To end this call, press 2.',
        options: { 1: 'main', 2: 'goodbye' },
        noInput: { retries: 1, next: 'goodbye' },
        invalid: { retries: 1, next: 'goodbye' },
      }),
      cards: menu({
        prompt:
          'Card services. To report a lost or stolen card, press 1. To activate a new card, press 2. ' +
          'To return to the main menu, press star.',
        options: { 1: 'lostCard', 2: 'activateCard', '*': 'main' },
        noInput: { retries: 1, next: 'main' },
        invalid: { retries: 1, next: 'main' },
      }),
      lostCard: say({ prompt: 'Please hold while we connect you to our card team.', next: 'cardTeam' }),
      cardTeam: transfer({
        to: options.cardTeamNumber ?? '15550100001',
        onFailed: 'agentsBusy',
        afterLeg: 'goodbye',
      }),
      activateCard: ask({
        prompt: 'Please enter the last four digits of your new card.',
        min: 4,
        max: 4,
        saveAs: 'card',
        next: 'cardActivated',
        noInput: { retries: 1, next: 'cards' },
        invalid: { retries: 1, next: 'cards' },
      }),
      cardActivated: say({
        prompt: (d) => `Your card ending in ${d.card} is now active.`,
        next: 'anythingElse',
      }),
      connecting: say({ prompt: 'Please hold while we connect you to an agent.', next: 'agent' }),
      agent: transfer({
        to: options.agentNumber ?? '15550100000',
        onFailed: 'agentsBusy',
        afterLeg: 'goodbye',
      }),
      agentsBusy: say({ prompt: 'Sorry, all our agents are busy.', next: 'anythingElse' }),
      goodbye: hangup({ prompt: 'Thank you for calling Example Bank. Goodbye.' }),
    },
  });
}

/**
 * The bank flow with the fake data source.
 *
 * @example
 * const first = stepFlow(bankFlow, undefined, incomingCall, { now: 0 });
 */
export const bankFlow: Flow = createBankFlow();
