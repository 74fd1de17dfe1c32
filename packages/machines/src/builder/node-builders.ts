/**
 * The node builders: plain functions that tag a spec with its `kind` and keep the names of its targets as
 * literal types (so that `defineFlow` can check them).
 *
 * @module
 */
import type { ChooseNode } from './choose-node.js';
import type {
  AskNode,
  HangupNode,
  LookupNode,
  MenuNode,
  SayNode,
  SendDtmfNode,
  TransferNode,
} from './nodes.js';

/**
 * Builds a {@link MenuNode}.
 *
 * @example
 * const main = menu({ prompt: 'Press 1 or 2.', options: { 1: 'a', 2: 'b' } });
 */
export function menu<const T extends string>(spec: Omit<MenuNode<T>, 'kind'>): MenuNode<T> {
  return { kind: 'menu', ...spec };
}

/**
 * Builds an {@link AskNode}.
 *
 * @example
 * const pin = ask({ prompt: 'Enter your PIN.', min: 4, max: 4, saveAs: 'pin', next: 'check' });
 */
export function ask<const T extends string>(spec: Omit<AskNode<T>, 'kind'>): AskNode<T> {
  return { kind: 'ask', ...spec };
}

/**
 * Builds a {@link SayNode}.
 *
 * @example
 * const hello = say({ prompt: 'Hello.', next: 'main' });
 */
export function say<const T extends string>(spec: Omit<SayNode<T>, 'kind'>): SayNode<T> {
  return { kind: 'say', ...spec };
}

/**
 * Builds a {@link LookupNode}.
 *
 * @example
 * const fetchBalance = lookup({ name: 'balance', timeoutMs: 3_000, saveAs: 'balance', next: 'read', onError: 'sorry' });
 */
export function lookup<const T extends string>(spec: Omit<LookupNode<T>, 'kind'>): LookupNode<T> {
  return { kind: 'lookup', ...spec };
}

/**
 * Builds a {@link TransferNode}.
 *
 * @example
 * const agent = transfer({ to: '15550009999', onFailed: 'busy' });
 */
export function transfer<const T extends string>(spec: Omit<TransferNode<T>, 'kind'>): TransferNode<T> {
  return { kind: 'transfer', ...spec };
}

/**
 * Builds a {@link HangupNode}.
 *
 * @example
 * const bye = hangup({ prompt: 'Goodbye.' });
 */
export function hangup(spec: Omit<HangupNode, 'kind'> = {}): HangupNode {
  return { kind: 'hangup', ...spec };
}

/**
 * A {@link ChooseNode}: branch on the call's data, parties or time.
 *
 * @example
 * choose({
 *   branches: [{ when: (data) => data.tier === 'gold', next: 'priority', label: 'gold customer' }],
 *   otherwise: 'main',
 * })
 */
export function choose<const T extends string>(spec: Omit<ChooseNode<T>, 'kind'>): ChooseNode<T> {
  return { kind: 'choose', ...spec };
}

/**
 * A {@link SendDtmfNode}: tones to the party who answered an outbound call, then `next`.
 *
 * @example
 * sendDtmf({ digits: (d) => `ww${d.extension}#`, next: 'message' })
 */
export function sendDtmf<const T extends string>(spec: Omit<SendDtmfNode<T>, 'kind'>): SendDtmfNode<T> {
  return { kind: 'sendDtmf', ...spec };
}
