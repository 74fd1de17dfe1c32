/**
 * Carrying out lost-event recovery (the rules are `recovery-rules.ts`): when a call's awaited event is overdue,
 * look for it in the Call Query feed where the account has one; otherwise run the fallback — re-send the prompt,
 * then a closing prompt, then `hangup`, then give the call up — writing each step before sending its action, and
 * moving on at once past an action TeleSign refuses.
 *
 * @module
 */
import { STATUS, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import type { Clock } from '../clock.js';
import type { CallRecord } from './call-record.js';
import type { Logger } from './logger.js';
import {
  nextRecoveryStep,
  type RecoveryOptions,
  type RecoveryStep,
  recordAfterRecoveryStep,
} from './recovery-rules.js';
import type { EventOrigin, Read } from './runtime-core.js';
import type { Delivery, EventRecovery, RuntimeNotice } from './runtime-types.js';

/** What recovery needs of the runtime. */
export interface LostEventRecoveryDeps {
  read(referenceId: string): Promise<Read>;
  /** Writes `record` over `before` (compare-and-set) and arms its deadline; `false` on a conflict. */
  write(before: Read, record: CallRecord): Promise<boolean>;
  applyEvent(event: VoiceEvent, origin: EventOrigin): Promise<Delivery>;
  sendAll(referenceId: string, actions: VoiceAction[], record: CallRecord): Promise<void>;
  trySend(referenceId: string, action: VoiceAction): Promise<boolean>;
  notify(notice: RuntimeNotice): void;
  logger: Logger;
  clock: Clock;
  recovery: RecoveryOptions;
  recoverEvents: EventRecovery | undefined;
}

const MAX_STEPS = 16;

/**
 * Creates the recovery of one runtime.
 *
 * @example
 * const { recover } = createLostEventRecovery(deps);
 * await recover(referenceId, record);
 */
export function createLostEventRecovery(deps: LostEventRecoveryDeps): {
  /** Recovers a call whose awaited event is overdue: from the feed, or by the fallback. */
  recover(referenceId: string, record: CallRecord): Promise<void>;
  /** Takes the fallback's next step from where the call's record is (after a step TeleSign refused, say). */
  fallBack(referenceId: string): Promise<void>;
} {
  const { logger, notify } = deps;

  /** The fallback: re-send the prompt, then close, hang up, and finally give the call up — never silence. */
  async function fallBack(referenceId: string): Promise<void> {
    const refused = new Set<RecoveryStep['kind']>();
    for (let attempt = 1; attempt <= MAX_STEPS; attempt++) {
      const before = await deps.read(referenceId);
      if (before.record.ended) return;
      const next = nextRecoveryStep(before.record, deps.recovery, refused);
      notify({ type: 'recovery', reference_id: referenceId, step: next.kind });
      if (next.kind === 'end') {
        logger.warn({ reference_id: referenceId }, 'giving the call up as ended: no call_completed came');
        await deps.applyEvent(unconfirmedEnd(before.record), { known: 'new', synthetic: true });
        return;
      }
      const stepped = recordAfterRecoveryStep(before.record, next, deps.clock.now());
      if (!(await deps.write(before, stepped))) continue;
      if (await deps.trySend(referenceId, next.action)) return;
      refused.add(next.kind);
    }
  }

  return {
    fallBack,
    async recover(referenceId, record) {
      logger.warn(
        {
          reference_id: referenceId,
          awaited: record.awaited?.action.method,
          recovery: record.recovery ?? null,
        },
        'the awaited event did not come: recovering',
      );
      if (deps.recoverEvents && (record.recovery ?? null) === null) {
        let missed: VoiceEvent[] | undefined;
        try {
          missed = await deps.recoverEvents(referenceId, record);
        } catch (error) {
          logger.warn({ reference_id: referenceId, error }, 'looking for missed events failed; falling back');
        }
        if (missed && missed.length > 0) {
          for (const event of missed) {
            const delivery = await deps.applyEvent(event, { known: 'new' });
            await deps.sendAll(referenceId, delivery.actions, (await deps.read(referenceId)).record);
          }
          notify({ type: 'recovery', reference_id: referenceId, step: 'feed' });
          return;
        }
      }
      await fallBack(referenceId);
    },
  };
}

/**
 * The `call_completed` a call given up on is stepped with (its flow learns that the call is over): status `hangup`
 * — the adapter hung up itself — and no times; the runtime records `UNCONFIRMED_END_STATUS` in its summary.
 *
 * @example
 * const end = unconfirmedEnd(record); // { event: 'call_completed', data: { status: 'hangup', … } }
 */
export function unconfirmedEnd(record: CallRecord): VoiceEvent {
  const { summary } = record;
  return {
    event: 'call_completed',
    reference_id: record.reference_id,
    data: {
      duration: 0,
      created_on_utc: '',
      answered_on_utc: '',
      ended_on_utc: '',
      status: STATUS.call.hangup,
      audio_recording_file_name: '',
      to: summary.direction === 'outbound' ? (summary.number ?? '') : '',
      from: summary.direction === 'inbound' ? (summary.number ?? '') : '',
      direction: summary.direction ?? 'inbound',
    },
  };
}
