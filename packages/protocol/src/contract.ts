/**
 * Which action may answer which event (docs/protocol.md, *Events*), as data that types, machines and the simulator share.
 *
 * @module
 */
import type { ActionMethod, ActionOf } from './actions.js';
import type { EventName } from './events.js';

/**
 * The actions allowed after each event. `call_completed` allows none: any answer to it is ignored.
 *
 * @example
 * ALLOWED_REPLIES.incoming_call.includes('speak'); // true
 */
export const ALLOWED_REPLIES = {
  incoming_call: ['hangup', 'speak', 'play', 'play_multiple', 'dial'],
  dial_completed: ['speak', 'play', 'play_multiple', 'hangup', 'send_dtmf'],
  speak_completed: ['speak', 'play', 'play_multiple', 'dial', 'hangup'],
  play_completed: ['speak', 'play', 'play_multiple', 'dial', 'hangup'],
  call_leg_completed: ['dial', 'speak', 'play', 'hangup'],
  call_completed: [],
} as const satisfies { readonly [E in EventName]: readonly ActionMethod[] };

/** The action methods allowed after event `E`. */
export type AllowedReplyMethod<E extends EventName> = (typeof ALLOWED_REPLIES)[E][number];

/** The actions allowed after event `E`, as a union of action types. */
export type AllowedReply<E extends EventName> = ActionOf<AllowedReplyMethod<E>>;

/**
 * Whether `method` may answer `event`.
 *
 * @example
 * isAllowedReply('call_completed', 'hangup'); // false
 */
export function isAllowedReply(event: EventName, method: ActionMethod): boolean {
  return (ALLOWED_REPLIES[event] as readonly ActionMethod[]).includes(method);
}
